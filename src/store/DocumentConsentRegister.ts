import { randomUUID } from 'node:crypto';
import type { DocumentDatabase, Query, StoredDocument } from './documents';
import { defineCollection, DocumentStore } from './DocumentStore';
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

  static async open(database: DocumentDatabase): Promise<DocumentConsentRegister> {
    return new DocumentConsentRegister(await COLLECTION.open(database));
  }

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
    const docs = await this.docs.find(query, {
      sort: { at: -1 },
      limit: page.limit ?? 500,
      ...(page.skip !== undefined ? { skip: page.skip } : {}),
    });
    return docs.map(toRecord);
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
