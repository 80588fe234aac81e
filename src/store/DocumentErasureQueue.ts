import { randomUUID } from 'node:crypto';
import type { Sealer } from '../security/sealer';
import type { StoredDocument } from './documents';
import { defineCollection, SealedDocumentStore, storeOpener } from './DocumentStore';
import type { ErasureQueue, PendingErasure } from './privacyPorts';

interface ErasureDocument extends StoredDocument {
  conversationKey: string;
  channelId: string;
  sealedIds: string;
  requestedAt: Date;
  dueAt: Date;
}

const COLLECTION = defineCollection<ErasureDocument>({
  name: 'erasure_requests',
  indexes: [{ field: 'dueAt' }],
});

export class DocumentErasureQueue extends SealedDocumentStore<ErasureDocument> implements ErasureQueue {
  static readonly open = storeOpener(
    COLLECTION,
    (docs, sealer: Sealer) => new DocumentErasureQueue(docs, sealer),
  );

  async add(erasure: Omit<PendingErasure, 'id'>): Promise<PendingErasure> {
    const { conversationId, userId, ...rest } = erasure;
    const doc: ErasureDocument = {
      ...rest,
      _id: randomUUID(),
      sealedIds: this.sealer.sealJson({ conversationId, ...(userId !== undefined ? { userId } : {}) }),
    };
    await this.docs.insertOne(doc);
    return this.toErasure(doc);
  }

  async due(now: Date, limit: number): Promise<PendingErasure[]> {
    const docs = await this.docs.find({ dueAt: { $lte: now } }, { sort: { dueAt: 1 }, limit });
    return docs.map((d) => this.toErasure(d));
  }

  async remove(id: string): Promise<boolean> {
    return await this.docs.deleteOne({ _id: id });
  }

  private toErasure(doc: ErasureDocument): PendingErasure {
    const { _id, sealedIds, ...rest } = doc;
    const ids = this.sealer.openJson<{ conversationId: string; userId?: string }>(sealedIds);
    return { ...rest, id: _id, ...ids };
  }
}
