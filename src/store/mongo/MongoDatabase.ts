import { EventEmitter } from 'node:events';
import {
  MongoClient,
  MongoServerError,
  type ChangeStream,
  type Collection,
  type Db,
  type Document,
  type Filter,
  type UpdateFilter,
} from 'mongodb';
import type { Logger } from '../../observability/logger';
import { withDuplicateKeyError } from '../documents';
// The surface this backend implements (src/store/documents.ts).
import type * as documents from '../documents';

const DUPLICATE_KEY = 11000;

function isDuplicateKey(err: unknown): boolean {
  return err instanceof MongoServerError && err.code === DUPLICATE_KEY;
}

class MongoCollection<T extends documents.StoredDocument> implements documents.DocumentCollection<T> {
  constructor(
    private readonly name: string,
    private readonly collection: Collection<Document>,
    private readonly notifyLocal: (event: documents.ChangeEvent) => void,
  ) {}

  async insertOne(doc: T): Promise<void> {
    await this.guard(() => this.collection.insertOne(doc as unknown as Document));
    this.notifyLocal({ collection: this.name, operation: 'insert', documentId: doc._id });
  }

  async findOne(query: documents.Query): Promise<T | null> {
    return (await this.collection.findOne(query as Filter<Document>)) as T | null;
  }

  async find(query: documents.Query, options: documents.FindOptions = {}): Promise<T[]> {
    let cursor = this.collection.find(query as Filter<Document>);
    if (options.sort) cursor = cursor.sort(options.sort);
    if (options.skip) cursor = cursor.skip(options.skip);
    if (options.limit) cursor = cursor.limit(options.limit);
    return (await cursor.toArray()) as unknown as T[];
  }

  async count(query: documents.Query): Promise<number> {
    return await this.collection.countDocuments(query);
  }

  async updateOne(query: documents.Query, update: documents.UpdateSpec): Promise<T | null> {
    const doc = await this.guard(() =>
      this.collection.findOneAndUpdate(query as Filter<Document>, update as UpdateFilter<Document>, {
        returnDocument: 'after',
      }),
    );
    if (doc) this.notifyLocal({ collection: this.name, operation: 'update', documentId: String(doc._id) });
    return doc as T | null;
  }

  async upsertOne(query: documents.Query, update: documents.UpdateSpec): Promise<T> {
    const attempt = () =>
      this.collection.findOneAndUpdate(query, update as UpdateFilter<Document>, {
        returnDocument: 'after',
        upsert: true,
      });
    let doc: Document | null;
    try {
      doc = await attempt();
    } catch (err) {
      // Two concurrent upserts of a new key: one inserts, the other must now update.
      if (!isDuplicateKey(err)) throw err;
      doc = await this.guard(attempt);
    }
    if (!doc) throw new Error(`Upsert into ${this.name} returned no document`);
    this.notifyLocal({ collection: this.name, operation: 'update', documentId: String(doc._id) });
    return doc as T;
  }

  async updateMany(query: documents.Query, update: documents.UpdateSpec): Promise<number> {
    const result = await this.guard(() =>
      this.collection.updateMany(query as Filter<Document>, update as UpdateFilter<Document>),
    );
    return result.modifiedCount;
  }

  async deleteOne(query: documents.Query): Promise<boolean> {
    const doc = await this.collection.findOneAndDelete(query);
    if (doc) this.notifyLocal({ collection: this.name, operation: 'delete', documentId: String(doc._id) });
    return doc !== null;
  }

  async deleteMany(query: documents.Query): Promise<number> {
    return (await this.collection.deleteMany(query)).deletedCount;
  }

  private async guard<R>(operation: () => Promise<R>): Promise<R> {
    return await withDuplicateKeyError(this.name, isDuplicateKey, operation);
  }
}

/**
 * MongoDB through the official driver: majority writes and reads, retryable writes, indexes
 * created at start, and change streams (on a replica set) so several instances see each
 * other's writes.
 */
export class MongoDatabase implements documents.DocumentDatabase {
  readonly kind = 'mongodb' as const;
  private readonly events = new EventEmitter();
  private readonly streams = new Map<string, ChangeStream>();
  private changeStreamsUnavailable = false;

  private constructor(
    private readonly client: MongoClient,
    private readonly db: Db,
    private readonly logger: Logger,
  ) {
    this.events.setMaxListeners(0);
  }

  static async connect(uri: string, database: string, logger: Logger): Promise<MongoDatabase> {
    const client = new MongoClient(uri, {
      writeConcern: { w: 'majority' },
      readConcern: { level: 'majority' },
      retryWrites: true,
      retryReads: true,
      serverSelectionTimeoutMS: 10_000,
      appName: 'parent-support-assistant',
    });
    await client.connect();
    const db = client.db(database);
    await db.command({ ping: 1 });
    return new MongoDatabase(client, db, logger);
  }

  async collection<T extends documents.StoredDocument>(
    spec: documents.CollectionSpec,
  ): Promise<documents.DocumentCollection<T>> {
    const collection = this.db.collection<Document>(spec.name);
    for (const index of spec.indexes ?? []) {
      if (index.field === '_id') continue;
      await collection.createIndex(
        { [index.field]: 1 },
        {
          unique: index.unique ?? false,
          sparse: index.sparse ?? false,
          ...(index.expireAfterSeconds !== undefined ? { expireAfterSeconds: index.expireAfterSeconds } : {}),
        },
      );
    }
    for (const keys of spec.mongoCompoundIndexes ?? []) await collection.createIndex(keys);
    return new MongoCollection<T>(spec.name, collection, (event) => this.emitLocal(event));
  }

  async ping(): Promise<void> {
    await this.db.command({ ping: 1 });
  }

  onChange(collection: string, listener: (event: documents.ChangeEvent) => void): () => void {
    this.events.on(collection, listener);
    this.ensureChangeStream(collection);
    return () => this.events.off(collection, listener);
  }

  /** Writes from this process are announced at once unless a change stream will announce them. */
  private emitLocal(event: documents.ChangeEvent): void {
    if (!this.streams.has(event.collection)) this.events.emit(event.collection, event);
  }

  private ensureChangeStream(name: string): void {
    if (this.changeStreamsUnavailable || this.streams.has(name)) return;
    const stream = this.db.collection(name).watch([], { fullDocument: 'default' });
    this.streams.set(name, stream);
    stream.on('change', (change) => {
      if (!('documentKey' in change)) return;
      const operation =
        change.operationType === 'insert'
          ? 'insert'
          : change.operationType === 'delete'
            ? 'delete'
            : 'update';
      this.events.emit(name, { collection: name, operation, documentId: String(change.documentKey._id) });
    });
    stream.on('error', (err) => {
      // A standalone server has no change streams: fall back to this process's own writes.
      this.logger.warn({ err, collection: name }, 'change stream unavailable; live updates are per instance');
      this.changeStreamsUnavailable = true;
      this.streams.delete(name);
      void stream.close().catch(() => undefined);
    });
  }

  async listCollections(): Promise<string[]> {
    const found = await this.db.listCollections({}, { nameOnly: true }).toArray();
    return found
      .map((c) => c.name)
      .filter((n) => !n.startsWith('system.'))
      .sort();
  }

  /** MongoDB removes deleted documents itself. */
  async compact(): Promise<void> {
    await Promise.resolve();
  }

  async close(): Promise<void> {
    await Promise.allSettled([...this.streams.values()].map((s) => s.close()));
    this.streams.clear();
    this.events.removeAllListeners();
    await this.client.close();
  }
}
