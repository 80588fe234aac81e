import { randomUUID } from 'node:crypto';
import type { Query, StoredDocument } from './documents';
import { defineCollection, DocumentStore, storeOpener } from './DocumentStore';
import type { SignpostingLog, SignpostingShown } from './ports';

interface SignpostingDocument extends StoredDocument, SignpostingShown {}

const COLLECTION = defineCollection<SignpostingDocument>({
  name: 'signposting_shown',
  indexes: [{ field: 'at' }, { field: 'schoolId', sparse: true }],
});

/** Which agencies the bot showed, when and for which school: counts for the reports, nothing personal. */
export class DocumentSignpostingLog extends DocumentStore<SignpostingDocument> implements SignpostingLog {
  static readonly open = storeOpener(COLLECTION, (docs) => new DocumentSignpostingLog(docs));

  async record(shown: SignpostingShown): Promise<void> {
    const doc: SignpostingDocument = { ...shown, agencyIds: [...shown.agencyIds], _id: randomUUID() };
    if (doc.schoolId === undefined) delete doc.schoolId;
    await this.docs.insertOne(doc);
  }

  async list(filter: { schoolIds?: string[]; from?: Date; to?: Date }): Promise<SignpostingShown[]> {
    const query: Query = {};
    if (filter.schoolIds) query.schoolId = { $in: filter.schoolIds };
    if (filter.from || filter.to) {
      query.at = { ...(filter.from ? { $gte: filter.from } : {}), ...(filter.to ? { $lte: filter.to } : {}) };
    }
    const docs = await this.docs.find(query, { sort: { at: 1 } });
    return docs.map(({ _id: _id, ...shown }) => shown);
  }
}
