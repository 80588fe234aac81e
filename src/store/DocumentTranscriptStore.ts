import { createHash, randomUUID } from 'node:crypto';
import type { Sealer } from '../security/sealer';
import { DuplicateKeyError, type Query, type StoredDocument } from './documents';
import { defineCollection, SealedDocumentStore, storeOpener } from './DocumentStore';
import type { TranscriptEntry, TranscriptEraseFilter, TranscriptSender, TranscriptStore } from './ports';

interface TranscriptDocument extends StoredDocument, Omit<TranscriptEntry, 'id' | 'text'> {
  sealedText: string;
  /** Orders entries written in the same millisecond. */
  seq: number;
}

const COLLECTION = defineCollection<TranscriptDocument>({
  name: 'transcripts',
  indexes: [{ field: 'conversationKey' }, { field: 'at' }],
  mongoCompoundIndexes: [{ conversationKey: 1, at: 1, seq: 1 }],
});

export class DocumentTranscriptStore
  extends SealedDocumentStore<TranscriptDocument>
  implements TranscriptStore
{
  private seq = 0;

  static readonly open = storeOpener(
    COLLECTION,
    (docs, sealer: Sealer) => new DocumentTranscriptStore(docs, sealer),
  );

  async append(entry: Omit<TranscriptEntry, 'id'>, options: { key?: string } = {}): Promise<TranscriptEntry> {
    const { text, ...rest } = entry;
    const doc: TranscriptDocument = {
      ...rest,
      _id: options.key !== undefined ? keyedId(entry.conversationKey, options.key) : randomUUID(),
      sealedText: this.sealer.seal(text),
      seq: this.seq++,
    };
    if (doc.senderId === undefined) delete doc.senderId;
    if (doc.beforeConsent !== true) delete doc.beforeConsent;
    try {
      await this.docs.insertOne(doc);
    } catch (err) {
      if (!(err instanceof DuplicateKeyError) || options.key === undefined) throw err;
      const existing = await this.docs.findOne({ _id: doc._id });
      if (!existing) throw err;
      return this.toEntry(existing);
    }
    // The entry as written: its text is the one just sealed (not opened again).
    const { _id, sealedText: _sealed, seq: _seq, ...written } = doc;
    return { ...written, id: _id, text };
  }

  async list(
    conversationKey: string,
    options: { since?: Date; limit?: number } = {},
  ): Promise<TranscriptEntry[]> {
    const query: Query = { conversationKey };
    if (options.since) query.at = { $gt: options.since };
    const docs = await this.docs.find(query, {
      sort: { at: 1, seq: 1 },
      ...(options.limit !== undefined ? { limit: options.limit } : {}),
    });
    return docs.map((d) => this.toEntry(d));
  }

  async latest(conversationKey: string, senders?: TranscriptSender[]): Promise<TranscriptEntry | null> {
    const query: Query = senders ? { conversationKey, sender: { $in: senders } } : { conversationKey };
    const [doc] = await this.docs.find(query, { sort: { at: -1, seq: -1 }, limit: 1 });
    return doc ? this.toEntry(doc) : null;
  }

  async eraseConversation(conversationKey: string): Promise<number> {
    return await this.docs.deleteMany({ conversationKey });
  }

  async eraseBefore(date: Date): Promise<number> {
    return await this.docs.deleteMany({ at: { $lt: date } });
  }

  async eraseWhere(filter: TranscriptEraseFilter): Promise<number> {
    const conditions: Query[] = [{ at: { $lt: filter.before } }];
    if (filter.exceptConversations && filter.exceptConversations.length > 0)
      conditions.push({ conversationKey: { $nin: filter.exceptConversations } });
    if (filter.onlyConversations) conditions.push({ conversationKey: { $in: filter.onlyConversations } });
    if (filter.beforeConsentOnly) conditions.push({ beforeConsent: true });
    return await this.docs.deleteMany({ $and: conditions });
  }

  private toEntry(doc: TranscriptDocument): TranscriptEntry {
    const { _id, sealedText, seq: _seq, ...rest } = doc;
    return { ...rest, id: _id, text: this.sealer.open(sealedText) };
  }
}

/** A keyed entry's id: the same for the same line of the same turn, whoever writes it. */
function keyedId(conversationKey: string, key: string): string {
  return `t.${createHash('sha256').update(`${conversationKey}\n${key}`).digest('base64url')}`;
}
