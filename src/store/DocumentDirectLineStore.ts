import type { Sealer } from '../security/sealer';
import type {
  AppendOptions,
  DirectLineConversation,
  DirectLineEntry,
  DirectLineStore,
  WireActivity,
} from './directLinePorts';
import {
  DuplicateKeyError,
  TTL_GRACE_SECONDS,
  type DocumentCollection,
  type DocumentDatabase,
  type StoredDocument,
} from './documents';

const CONVERSATIONS = 'directline_conversations';
const ACTIVITIES = 'directline_activities';

/**
 * A watermark given out but not yet in the log may still be being written by another turn (or
 * another instance). Readers wait this long for it before they step over it as lost.
 */
export const GAP_GRACE_MS = 5000;

interface ConversationDocument extends StoredDocument, Omit<DirectLineConversation, 'id' | 'schoolId'> {
  schoolId?: string;
  expiresAt: Date;
}

interface ActivityDocument extends StoredDocument {
  conversationId: string;
  watermark: number;
  at: Date;
  sealedActivity: string;
  expiresAt: Date;
  /** `${conversationId}|${key}`: a client's activity id or a turn's n-th reply, logged once. */
  dedupeKey?: string;
  /** Set while the bot's turn for a parent's activity has not finished. */
  pendingTurn?: true;
  /** Until when a runner holds the pending turn. */
  claimedUntil?: Date;
}

export interface DirectLineStoreOptions {
  /** How long a conversation's history is kept after its last activity or refresh. */
  retentionHours: number;
  now?: () => Date;
}

const entryId = (conversationId: string, watermark: number) => `${conversationId}|${watermark}`;

export class DocumentDirectLineStore implements DirectLineStore {
  private readonly now: () => Date;

  private constructor(
    private readonly database: DocumentDatabase,
    private readonly conversations: DocumentCollection<ConversationDocument>,
    private readonly activities: DocumentCollection<ActivityDocument>,
    private readonly sealer: Sealer,
    private readonly options: DirectLineStoreOptions,
  ) {
    this.now = options.now ?? (() => new Date());
  }

  static async open(
    database: DocumentDatabase,
    sealer: Sealer,
    options: DirectLineStoreOptions,
  ): Promise<DocumentDirectLineStore> {
    const [conversations, activities] = await Promise.all([
      database.collection<ConversationDocument>({
        name: CONVERSATIONS,
        indexes: [
          { field: 'conversationKey' },
          { field: 'expiresAt', expireAfterSeconds: TTL_GRACE_SECONDS },
        ],
      }),
      database.collection<ActivityDocument>({
        name: ACTIVITIES,
        indexes: [
          { field: 'conversationId' },
          { field: 'expiresAt', expireAfterSeconds: TTL_GRACE_SECONDS },
          { field: 'dedupeKey', unique: true, sparse: true },
          { field: 'pendingTurn', sparse: true },
        ],
        mongoCompoundIndexes: [{ conversationId: 1, watermark: 1 }],
      }),
    ]);
    return new DocumentDirectLineStore(database, conversations, activities, sealer, options);
  }

  private expiresAt(from: Date): Date {
    return new Date(from.getTime() + this.options.retentionHours * 3600_000);
  }

  async createConversation(
    conversation: Omit<DirectLineConversation, 'watermark' | 'updatedAt'>,
  ): Promise<DirectLineConversation> {
    const { id, ...rest } = conversation;
    const doc: ConversationDocument = {
      ...rest,
      _id: id,
      updatedAt: conversation.createdAt,
      watermark: 0,
      expiresAt: this.expiresAt(conversation.createdAt),
    };
    if (doc.schoolId === undefined) delete doc.schoolId;
    await this.conversations.insertOne(doc);
    return this.toConversation(doc);
  }

  /** Only what has not expired on the store's clock; the TTL index removes it later. */
  private live(): { expiresAt: { $gt: Date } } {
    return { expiresAt: { $gt: this.now() } };
  }

  async getConversation(id: string): Promise<DirectLineConversation | null> {
    const doc = await this.conversations.findOne({ _id: id, ...this.live() });
    return doc ? this.toConversation(doc) : null;
  }

  async touchConversation(id: string, at: Date): Promise<void> {
    await this.conversations.updateOne(
      { _id: id, ...this.live() },
      { $set: { updatedAt: at, expiresAt: this.expiresAt(at) } },
    );
  }

  async append(
    conversationId: string,
    build: (watermark: number) => WireActivity,
    at: Date,
    options: AppendOptions = {},
  ): Promise<DirectLineEntry | null> {
    const dedupeKey = options.dedupeKey !== undefined ? `${conversationId}|${options.dedupeKey}` : undefined;
    if (dedupeKey !== undefined) {
      const logged = await this.activities.findOne({ dedupeKey, ...this.live() });
      if (logged) return { ...this.toEntry(logged), duplicate: true };
    }
    const conversation = await this.conversations.updateOne(
      { _id: conversationId, ...this.live() },
      { $inc: { watermark: 1 }, $set: { updatedAt: at, expiresAt: this.expiresAt(at) } },
    );
    if (!conversation) return null;
    const { watermark } = conversation;
    const activity = build(watermark);
    const doc: ActivityDocument = {
      _id: entryId(conversationId, watermark),
      conversationId,
      watermark,
      at,
      sealedActivity: this.sealer.sealJson(activity),
      expiresAt: this.expiresAt(at),
      ...(dedupeKey !== undefined ? { dedupeKey } : {}),
      ...(options.pendingTurn ? { pendingTurn: true as const } : {}),
    };
    try {
      await this.activities.insertOne(doc);
    } catch (err) {
      // Logged at the same moment by another request: keep that one (this watermark stays a gap,
      // which readers step over after GAP_GRACE_MS).
      if (!(err instanceof DuplicateKeyError) || dedupeKey === undefined) throw err;
      const logged = await this.activities.findOne({ dedupeKey });
      if (!logged) throw err;
      return { ...this.toEntry(logged), duplicate: true };
    }
    return this.toEntry(doc);
  }

  async claimTurn(
    conversationId: string,
    watermark: number,
    until: Date,
    now: Date,
  ): Promise<DirectLineEntry | null> {
    const claimed = await this.activities.updateOne(
      {
        _id: entryId(conversationId, watermark),
        pendingTurn: true,
        $or: [{ claimedUntil: { $exists: false } }, { claimedUntil: { $lte: now } }],
      },
      { $set: { claimedUntil: until } },
    );
    return claimed ? this.toEntry(claimed) : null;
  }

  async finishTurn(conversationId: string, watermark: number): Promise<void> {
    await this.activities.updateOne(
      { _id: entryId(conversationId, watermark) },
      { $unset: { pendingTurn: true, claimedUntil: true } },
    );
  }

  async pendingTurns(before: Date, limit: number): Promise<DirectLineEntry[]> {
    const docs = await this.activities.find(
      { pendingTurn: true, at: { $lt: before }, ...this.live() },
      { sort: { at: 1, watermark: 1 }, limit },
    );
    return docs.map((d) => this.toEntry(d));
  }

  async dropTurnClaims(): Promise<number> {
    return await this.activities.updateMany(
      { pendingTurn: true, claimedUntil: { $exists: true } },
      { $unset: { claimedUntil: true } },
    );
  }

  private toEntry(doc: ActivityDocument): DirectLineEntry {
    return {
      conversationId: doc.conversationId,
      watermark: doc.watermark,
      at: doc.at,
      activity: this.sealer.openJson<WireActivity>(doc.sealedActivity),
      ...(doc.pendingTurn ? { pendingTurn: true } : {}),
    };
  }

  async listAfter(conversationId: string, watermark: number, limit: number): Promise<DirectLineEntry[]> {
    const docs = await this.activities.find(
      { conversationId, watermark: { $gt: watermark }, ...this.live() },
      { sort: { watermark: 1 }, limit },
    );
    const entries: DirectLineEntry[] = [];
    let expected = watermark + 1;
    const now = this.now().getTime();
    for (const doc of docs) {
      // A hole before a recent entry may be a write still in flight: stop there and let the next
      // read pick it up. A hole before an old entry is a lost write or expired history: step over.
      if (doc.watermark !== expected && now - doc.at.getTime() < GAP_GRACE_MS) break;
      entries.push({
        conversationId,
        watermark: doc.watermark,
        at: doc.at,
        activity: this.sealer.openJson<WireActivity>(doc.sealedActivity),
      });
      expected = doc.watermark + 1;
    }
    return entries;
  }

  onAppend(listener: (conversationId: string) => void): () => void {
    return this.database.onChange(ACTIVITIES, (event) => {
      if (event.operation !== 'insert') return;
      const separator = event.documentId.lastIndexOf('|');
      if (separator > 0) listener(event.documentId.slice(0, separator));
    });
  }

  async eraseByConversationKey(conversationKey: string): Promise<number> {
    const conversations = await this.conversations.find({ conversationKey });
    let erased = 0;
    for (const conversation of conversations) {
      erased += await this.activities.deleteMany({ conversationId: conversation._id });
      await this.conversations.deleteOne({ _id: conversation._id });
    }
    return erased;
  }

  async eraseExpired(now: Date): Promise<number> {
    const erased = await this.activities.deleteMany({ expiresAt: { $lte: now } });
    await this.conversations.deleteMany({ expiresAt: { $lte: now } });
    return erased;
  }

  private toConversation(doc: ConversationDocument): DirectLineConversation {
    const { _id, expiresAt: _expiresAt, ...rest } = doc;
    return { ...rest, id: _id };
  }
}
