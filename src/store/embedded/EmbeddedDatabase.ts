import { EventEmitter } from 'node:events';
import { mkdir, readdir } from 'node:fs/promises';
import path from 'node:path';
import Datastore from '@seald-io/nedb';
import { withDuplicateKeyError } from '../documents';
// The surface this backend implements (src/store/documents.ts).
import type * as documents from '../documents';
import { GroupCommitLog } from './groupCommit';

const COLLECTION_NAME = /^[a-z][a-z0-9_]{0,62}$/;
const AUTOCOMPACT_MS = 60 * 60 * 1000;
const FILE_MODE = 0o600;
// NeDB's own line format (dates as $$date, field names checked), as its appends write it.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { serialize } = require('@seald-io/nedb/lib/model') as { serialize: (doc: unknown) => string };

/** NeDB's persistence, the two methods replaced below (internal to NeDB, stable across 4.x). */
interface NedbPersistence {
  persistNewStateAsync(docs: unknown[]): Promise<void>;
  persistCachedDatabaseAsync(): Promise<void>;
}

/**
 * Routes NeDB's appends through a group commit log; a rewrite of the file (load, compaction)
 * first waits for the pending appends and closes the log's handle.
 */
function groupCommit(store: Datastore<documents.StoredDocument>, log: GroupCommitLog): GroupCommitLog {
  const persistence = store.persistence as unknown as NedbPersistence;
  const rewrite = persistence.persistCachedDatabaseAsync.bind(persistence);
  persistence.persistNewStateAsync = (docs) => {
    let lines = '';
    for (const doc of docs) lines += `${serialize(doc)}\n`; // no serialization hooks are set
    log.append(lines);
    return Promise.resolve();
  };
  persistence.persistCachedDatabaseAsync = async () => {
    await log.drain();
    await rewrite();
  };
  return log;
}

function isUniqueViolation(err: unknown): boolean {
  return (err as { errorType?: unknown } | null)?.errorType === 'uniqueViolated';
}

class EmbeddedCollection<T extends documents.StoredDocument> implements documents.DocumentCollection<T> {
  constructor(
    private readonly name: string,
    private readonly store: Datastore<T>,
    private readonly log: GroupCommitLog,
    private readonly notify: (event: documents.ChangeEvent) => void,
  ) {}

  async insertOne(doc: T): Promise<void> {
    await this.run(() => this.store.insertAsync(doc));
    this.notify({ collection: this.name, operation: 'insert', documentId: doc._id });
  }

  // Reads wait for the appends before them too: nothing read can be lost to a crash.
  async findOne(query: documents.Query): Promise<T | null> {
    const doc = (await this.store.findOneAsync(query)) ?? null;
    await this.log.settled();
    return doc;
  }

  async find(query: documents.Query, options: documents.FindOptions = {}): Promise<T[]> {
    let cursor = this.store.findAsync(query);
    if (options.sort) cursor = cursor.sort(options.sort);
    if (options.skip) cursor = cursor.skip(options.skip);
    if (options.limit) cursor = cursor.limit(options.limit);
    const docs = await cursor;
    await this.log.settled();
    return docs;
  }

  async count(query: documents.Query): Promise<number> {
    const n = await this.store.countAsync(query);
    await this.log.settled();
    return n;
  }

  async updateOne(query: documents.Query, update: documents.UpdateSpec): Promise<T | null> {
    const result = await this.run(() =>
      this.store.updateAsync(query, update, { multi: false, returnUpdatedDocs: true }),
    );
    const doc = result.affectedDocuments ?? null;
    if (doc) this.notify({ collection: this.name, operation: 'update', documentId: doc._id });
    return doc;
  }

  async upsertOne(query: documents.Query, update: documents.UpdateSpec): Promise<T> {
    const result = await this.run(() =>
      this.store.updateAsync(query, update, { multi: false, upsert: true, returnUpdatedDocs: true }),
    );
    const doc = result.affectedDocuments as T;
    this.notify({
      collection: this.name,
      operation: result.upsert ? 'insert' : 'update',
      documentId: doc._id,
    });
    return doc;
  }

  async updateMany(query: documents.Query, update: documents.UpdateSpec): Promise<number> {
    const result = await this.run(() =>
      this.store.updateAsync(query, update, { multi: true, returnUpdatedDocs: true }),
    );
    const docs = result.affectedDocuments ?? [];
    for (const doc of docs) this.notify({ collection: this.name, operation: 'update', documentId: doc._id });
    return result.numAffected;
  }

  async deleteOne(query: documents.Query): Promise<boolean> {
    const doc = await this.store.findOneAsync(query);
    if (!doc) {
      await this.log.settled();
      return false;
    }
    const removed = await this.run(() => this.store.removeAsync({ _id: doc._id }, { multi: false }));
    if (removed > 0) this.notify({ collection: this.name, operation: 'delete', documentId: doc._id });
    return removed > 0;
  }

  async deleteMany(query: documents.Query): Promise<number> {
    const docs = await this.store.findAsync(query);
    const removed = await this.run(() => this.store.removeAsync(query, { multi: true }));
    for (const doc of docs) this.notify({ collection: this.name, operation: 'delete', documentId: doc._id });
    return removed;
  }

  /** A write: resolves once its lines are in the file (see GroupCommitLog). */
  private async run<R>(operation: () => Promise<R>): Promise<R> {
    try {
      return await withDuplicateKeyError(this.name, isUniqueViolation, operation);
    } finally {
      await this.log.settled();
    }
  }
}

/**
 * The default store: one append-only file per collection under the data directory. Each write is
 * appended to its file before the promise resolves, so an acknowledged write survives a crash or
 * restart of the process. One process owns the directory; run MongoDB for several instances.
 */
export class EmbeddedDatabase implements documents.DocumentDatabase {
  readonly kind = 'embedded' as const;
  private readonly stores = new Map<string, Datastore<documents.StoredDocument>>();
  private readonly logs = new Map<string, GroupCommitLog>();
  private readonly loading = new Map<string, Promise<Datastore<documents.StoredDocument>>>();
  private readonly events = new EventEmitter();
  private closed = false;

  private constructor(private readonly directory: string) {
    this.events.setMaxListeners(0);
  }

  static async open(directory: string): Promise<EmbeddedDatabase> {
    await mkdir(directory, { recursive: true, mode: 0o700 });
    return new EmbeddedDatabase(directory);
  }

  async collection<T extends documents.StoredDocument>(
    spec: documents.CollectionSpec,
  ): Promise<documents.DocumentCollection<T>> {
    if (!COLLECTION_NAME.test(spec.name)) throw new Error(`Bad collection name: ${spec.name}`);
    if (this.closed) throw new Error('The embedded store is closed');
    let pending = this.loading.get(spec.name);
    if (!pending) {
      pending = this.load(spec);
      this.loading.set(spec.name, pending);
    }
    const store = (await pending) as unknown as Datastore<T>;
    const log = this.logs.get(spec.name) as GroupCommitLog;
    return new EmbeddedCollection<T>(spec.name, store, log, (event) => this.events.emit(spec.name, event));
  }

  private async load(spec: documents.CollectionSpec): Promise<Datastore<documents.StoredDocument>> {
    const filename = path.join(this.directory, `${spec.name}.db`);
    const store = new Datastore<documents.StoredDocument>({
      filename,
      autoload: false,
      modes: { fileMode: FILE_MODE, dirMode: 0o700 },
    });
    const log = groupCommit(store, new GroupCommitLog(filename, FILE_MODE));
    this.logs.set(spec.name, log);
    // Indexes (TTL ones above all) must be declared before the file loads, or NeDB ignores them.
    for (const index of spec.indexes ?? []) {
      await store.ensureIndexAsync({
        fieldName: index.field,
        unique: index.unique ?? false,
        sparse: index.sparse ?? false,
        ...(index.expireAfterSeconds !== undefined ? { expireAfterSeconds: index.expireAfterSeconds } : {}),
      });
    }
    await log.settled();
    await store.loadDatabaseAsync();
    store.setAutocompactionInterval(AUTOCOMPACT_MS);
    this.stores.set(spec.name, store);
    return store;
  }

  async ping(): Promise<void> {
    if (this.closed) throw new Error('The embedded store is closed');
    await mkdir(this.directory, { recursive: true });
  }

  onChange(collection: string, listener: (event: documents.ChangeEvent) => void): () => void {
    this.events.on(collection, listener);
    return () => this.events.off(collection, listener);
  }

  async listCollections(): Promise<string[]> {
    const onDisk = (await readdir(this.directory))
      .filter((name) => name.endsWith('.db'))
      .map((name) => name.slice(0, -'.db'.length));
    return [...new Set([...onDisk, ...this.stores.keys()])].filter((n) => COLLECTION_NAME.test(n)).sort();
  }

  async compact(): Promise<void> {
    if (this.closed) return;
    await Promise.allSettled([...this.loading.values()]);
    // Rewrites each file from memory (temporary file, fsync, rename): deleted lines are gone.
    for (const store of this.stores.values()) await store.compactDatafileAsync();
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.allSettled([...this.loading.values()]);
    for (const store of this.stores.values()) {
      store.stopAutocompaction();
      // Compaction waits for the pending appends (and closes the log's file handle).
      // Compaction rewrites the file from memory with an fsync, leaving it small and flushed.
      await store.compactDatafileAsync();
    }
    this.events.removeAllListeners();
  }
}
