import { randomUUID } from 'node:crypto';
import type { Sealer } from '../security/sealer';
import type { Query, StoredDocument } from './documents';
import { defineCollection, SealedDocumentStore, storeOpener } from './DocumentStore';
import type { Feedback, FeedbackStore } from './ports';

interface FeedbackDocument extends StoredDocument, Omit<Feedback, 'id' | 'comment'> {
  sealedComment?: string;
}

const COLLECTION = defineCollection<FeedbackDocument>({
  name: 'feedback',
  indexes: [{ field: 'schoolId' }, { field: 'caseId', sparse: true }, { field: 'at' }],
});

export class DocumentFeedbackStore extends SealedDocumentStore<FeedbackDocument> implements FeedbackStore {
  static readonly open = storeOpener(
    COLLECTION,
    (docs, sealer: Sealer) => new DocumentFeedbackStore(docs, sealer),
  );

  async add(feedback: Omit<Feedback, 'id'>): Promise<Feedback> {
    const { comment, ...rest } = feedback;
    const doc: FeedbackDocument = { ...rest, _id: randomUUID() };
    if (doc.caseId === undefined) delete doc.caseId;
    if (comment !== undefined) doc.sealedComment = this.sealer.seal(comment);
    await this.docs.insertOne(doc);
    return this.toFeedback(doc);
  }

  async addComment(id: string, comment: string): Promise<Feedback | null> {
    const doc = await this.docs.updateOne(
      { _id: id },
      { $set: { sealedComment: this.sealer.seal(comment) } },
    );
    return doc ? this.toFeedback(doc) : null;
  }

  async list(filter: { schoolIds?: string[]; caseId?: string; since?: Date }): Promise<Feedback[]> {
    const query: Query = {};
    if (filter.schoolIds) query.schoolId = { $in: filter.schoolIds };
    if (filter.caseId) query.caseId = filter.caseId;
    if (filter.since) query.at = { $gte: filter.since };
    return (await this.docs.find(query, { sort: { at: -1 } })).map((d) => this.toFeedback(d));
  }

  async eraseCommentsBefore(date: Date): Promise<number> {
    return await this.docs.updateMany(
      { at: { $lt: date }, sealedComment: { $exists: true } },
      { $unset: { sealedComment: true } },
    );
  }

  async eraseForCase(caseId: string): Promise<number> {
    return await this.docs.deleteMany({ caseId });
  }

  private toFeedback(doc: FeedbackDocument): Feedback {
    const { _id, sealedComment, ...rest } = doc;
    return sealedComment === undefined
      ? { ...rest, id: _id }
      : { ...rest, id: _id, comment: this.sealer.open(sealedComment) };
  }
}
