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
  /** Moves after each record or erasure has been written (see ConsentRegister.changes). */
  private changeCount = 0;

  static readonly open = storeOpener(COLLECTION, (docs) => new DocumentConsentRegister(docs));

  async record(consent: Omit<ConsentRecord, 'id'>): Promise<ConsentRecord> {
    const doc: ConsentDocument = { ...consent, _id: randomUUID() };
    if (doc.schoolId === undefined) delete doc.schoolId;
    try {
      await this.docs.insertOne(doc);
    } finally {
      this.changeCount++;
    }
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
    try {
      return await this.docs.deleteMany({ conversationKey });
    } finally {
      this.changeCount++;
    }
  }

  async eraseBefore(date: Date): Promise<number> {
    try {
      return await this.docs.deleteMany({ at: { $lt: date } });
    } finally {
      this.changeCount++;
    }
  }

  changes(): number {
    return this.changeCount;
  }
}

function toRecord(doc: ConsentDocument): ConsentRecord {
  const { _id, ...rest } = doc;
  return { ...rest, id: _id };
}
