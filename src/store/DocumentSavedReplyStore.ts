import { randomUUID } from 'node:crypto';
import type { StoredDocument } from './documents';
import { defineCollection, DocumentStore, storeOpener } from './DocumentStore';
import type { SavedReply, SavedReplyStore } from './ports';

interface SavedReplyDocument extends StoredDocument, Omit<SavedReply, 'id'> {}

const COLLECTION = defineCollection<SavedReplyDocument>({
  name: 'saved_replies',
  indexes: [{ field: 'areaId' }],
});

/** Saved replies of each area's PSW service (no personal data: templates written by managers). */
export class DocumentSavedReplyStore extends DocumentStore<SavedReplyDocument> implements SavedReplyStore {
  static readonly open = storeOpener(COLLECTION, (docs) => new DocumentSavedReplyStore(docs));

  async list(areaIds?: string[]): Promise<SavedReply[]> {
    const docs = await this.docs.find(areaIds ? { areaId: { $in: areaIds } } : {}, { sort: { title: 1 } });
    return docs.map(toReply);
  }

  async get(id: string): Promise<SavedReply | null> {
    const doc = await this.docs.findOne({ _id: id });
    return doc ? toReply(doc) : null;
  }

  async create(reply: Omit<SavedReply, 'id' | 'updatedAt'>): Promise<SavedReply> {
    const doc: SavedReplyDocument = { ...reply, _id: randomUUID(), updatedAt: reply.createdAt };
    await this.docs.insertOne(doc);
    return toReply(doc);
  }

  async update(
    id: string,
    set: Pick<SavedReply, 'title' | 'text' | 'updatedAt'>,
  ): Promise<SavedReply | null> {
    const doc = await this.docs.updateOne({ _id: id }, { $set: { ...set } });
    return doc ? toReply(doc) : null;
  }

  async delete(id: string): Promise<boolean> {
    return await this.docs.deleteOne({ _id: id });
  }
}

function toReply(doc: SavedReplyDocument): SavedReply {
  const { _id, ...rest } = doc;
  return { ...rest, id: _id };
}
