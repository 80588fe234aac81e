import { randomUUID } from 'node:crypto';
import type { StoreItems } from 'botbuilder';
import type { Sealer } from '../security/sealer';
import {
  DuplicateKeyError,
  type DocumentCollection,
  type DocumentDatabase,
  type StoredDocument,
} from './documents';
import type { ConversationStateStore } from './ports';

interface StateDocument extends StoredDocument {
  eTag: string;
  sealed: string;
  updatedAt: Date;
}

export class StateConflictError extends Error {
  constructor() {
    super('Conversation state was changed by another turn (eTag conflict)');
    this.name = 'StateConflictError';
  }
}

/**
 * botbuilder `Storage` with optimistic concurrency: a write that carries an eTag succeeds only if
 * the stored item still has that eTag; '*' or no eTag writes unconditionally. Keys are stored as
 * keyed hashes (a conversation id can be a phone number) and items are sealed at rest.
 */
export class DocumentStateStorage implements ConversationStateStore {
  private constructor(
    private readonly docs: DocumentCollection<StateDocument>,
    private readonly sealer: Sealer,
    private readonly now: () => Date,
  ) {}

  /** `now` dates each write, for retention (the service's clock; tests pass their own). */
  static async open(
    database: DocumentDatabase,
    sealer: Sealer,
    now: () => Date = () => new Date(),
  ): Promise<DocumentStateStorage> {
    const docs = await database.collection<StateDocument>({
      name: 'bot_state',
      indexes: [{ field: 'updatedAt' }],
    });
    return new DocumentStateStorage(docs, sealer, now);
  }

  private idFor(key: string): string {
    return this.sealer.lookupHash(key, 'bot-state');
  }

  async read(keys: string[]): Promise<StoreItems> {
    const items: StoreItems = {};
    await Promise.all(
      keys.map(async (key) => {
        const doc = await this.docs.findOne({ _id: this.idFor(key) });
        if (doc)
          items[key] = { ...this.sealer.openJson<Record<string, unknown>>(doc.sealed), eTag: doc.eTag };
      }),
    );
    return items;
  }

  async write(changes: StoreItems): Promise<void> {
    await Promise.all(
      Object.entries(changes).map(([key, item]) => this.writeOne(key, item as Record<string, unknown>)),
    );
  }

  private async writeOne(key: string, item: Record<string, unknown>): Promise<void> {
    const { eTag, ...value } = item;
    const _id = this.idFor(key);
    const $set = { eTag: randomUUID(), sealed: this.sealer.sealJson(value), updatedAt: this.now() };
    if (typeof eTag !== 'string' || eTag === '*' || eTag === '') {
      await this.docs.upsertOne({ _id }, { $set });
      return;
    }
    if (await this.docs.updateOne({ _id, eTag }, { $set })) return;
    if (await this.docs.findOne({ _id })) throw new StateConflictError();
    try {
      await this.docs.insertOne({ _id, ...$set });
    } catch (err) {
      if (err instanceof DuplicateKeyError) throw new StateConflictError();
      throw err;
    }
  }

  async delete(keys: string[]): Promise<void> {
    await Promise.all(keys.map((key) => this.docs.deleteOne({ _id: this.idFor(key) })));
  }

  async eraseIdleBefore(date: Date): Promise<number> {
    return await this.docs.deleteMany({ updatedAt: { $lt: date } });
  }
}
