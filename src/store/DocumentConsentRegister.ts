import { randomUUID } from 'node:crypto';
import type { Query, StoredDocument } from './documents';
import { defineCollection, DocumentStore, newestFirst, storeOpener } from './DocumentStore';
import type { ConsentRecord, ConsentRegister } from './privacyPorts';

type ConsentDocument = StoredDocument & Omit<ConsentRecord, 'id'>;

const COLLECTION = defineCollection<ConsentDocument>({
  name: 'consents',
  indexes: [{ field: 'conversationKey' }, { field: 'at' }, { field: 'schoolId', sparse: true }],
});

/** Holds no personal data: a conversation hash, a channel, a school, a version and a time. */
export class DocumentConsentRegister extends DocumentStore<ConsentDocument> implements ConsentRegister {
  static readonly open = storeOpener(COLLECTION, (docs) => new DocumentConsentRegister(docs));

  async record(consent: Omit<ConsentRecord, 'id'>): Promise<ConsentRecord> {
    const doc: ConsentDocument = { ...consent, _id: randomUUID() };
    if (doc.schoolId === undefined) delete doc.schoolId;
    await this.docs.insertOne(doc);
    return toRecord(doc);
  }

  async hasConsented(conversationKey: string): Promise<boolean> {
    return (await this.docs.findOne({ conversationKey })) !== null;
  }

  async list(
    filter: { schoolIds?: string[]; conversationKey?: string },
    page: { limit?: number; skip?: number } = {},
  ): Promise<ConsentRecord[]> {
    const query: Query = {};
    if (filter.schoolIds) query.schoolId = { $in: filter.schoolIds };
    if (filter.conversationKey) query.conversationKey = filter.conversationKey;
    return (await this.docs.find(query, newestFirst(page, 500))).map(toRecord);
  }

  async eraseConversation(conversationKey: string): Promise<number> {
    return await this.docs.deleteMany({ conversationKey });
  }

  async eraseBefore(date: Date): Promise<number> {
    return await this.docs.deleteMany({ at: { $lt: date } });
  }
}

function toRecord(doc: ConsentDocument): ConsentRecord {
  const { _id, ...rest } = doc;
  return { ...rest, id: _id };
}
