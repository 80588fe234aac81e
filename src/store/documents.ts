/**
 * The small document-database surface that every store port is written against. Both backends
 * speak it natively: the embedded store (@seald-io/nedb, on disk) and MongoDB (official driver).
 * Queries and updates use the subset of MongoDB's language that both implement:
 * equality, $in, $nin, $ne, $lt, $lte, $gt, $gte, $exists, $or, $and; $set, $unset, $inc, $push.
 *
 * Values in a query come from typed code, never straight from a request body: routes validate
 * their input with a schema first, so an `{ "$ne": null }` from a client cannot reach a query.
 */
export interface StoredDocument {
  _id: string;
}

export type Query = Record<string, unknown>;

export interface UpdateSpec {
  $set?: Record<string, unknown>;
  $unset?: Record<string, true>;
  $inc?: Record<string, number>;
  $push?: Record<string, unknown>;
}

export interface FindOptions {
  sort?: Record<string, 1 | -1>;
  limit?: number;
  skip?: number;
}

export interface IndexSpec {
  /** One field (compound indexes are MongoDB-only and listed in `mongoOnly`). */
  field: string;
  unique?: boolean;
  sparse?: boolean;
  /**
   * Documents are removed this many seconds after the Date in `field`. A TTL index is garbage
   * collection only, run by the backend on the wall clock: reads filter on the store's own clock,
   * and TTL indexes are declared with `TTL_GRACE_SECONDS` so the two never race.
   */
  expireAfterSeconds?: number;
}

/**
 * How long past its `expiresAt` a document is kept before the backend's TTL monitor removes it.
 * Reads never rely on that monitor: they filter on the injected clock (`expiresAt > now`).
 */
export const TTL_GRACE_SECONDS = 3600;

export interface CollectionSpec {
  name: string;
  indexes?: IndexSpec[];
  /** Extra compound indexes for MongoDB, where they matter at scale. */
  mongoCompoundIndexes?: Array<Record<string, 1 | -1>>;
}

export class DuplicateKeyError extends Error {
  constructor(readonly collection: string) {
    super(`Duplicate key in ${collection}`);
    this.name = 'DuplicateKeyError';
  }
}

/**
 * Runs a backend's write on `collection`; the backend's own unique-index error (which
 * `isBackendDuplicate` recognises) is thrown as a DuplicateKeyError, so ports see one error.
 */
export async function withDuplicateKeyError<R>(
  collection: string,
  isBackendDuplicate: (err: unknown) => boolean,
  write: () => Promise<R>,
): Promise<R> {
  try {
    return await write();
  } catch (err) {
    if (isBackendDuplicate(err)) throw new DuplicateKeyError(collection);
    throw err;
  }
}

export interface ChangeEvent {
  collection: string;
  operation: 'insert' | 'update' | 'delete';
  documentId: string;
}

export interface DocumentCollection<T extends StoredDocument> {
  insertOne(doc: T): Promise<void>;
  findOne(query: Query): Promise<T | null>;
  find(query: Query, options?: FindOptions): Promise<T[]>;
  count(query: Query): Promise<number>;
  /** Atomically updates the first matching document and returns it as it is after the update, or null. */
  updateOne(query: Query, update: UpdateSpec): Promise<T | null>;
  /** Updates the matching document or inserts one built from the query's equality fields and the update. */
  upsertOne(query: Query, update: UpdateSpec): Promise<T>;
  updateMany(query: Query, update: UpdateSpec): Promise<number>;
  deleteOne(query: Query): Promise<boolean>;
  deleteMany(query: Query): Promise<number>;
}

export interface DocumentDatabase {
  readonly kind: 'embedded' | 'mongodb';
  collection<T extends StoredDocument>(spec: CollectionSpec): Promise<DocumentCollection<T>>;
  /** Resolves when the database answers; rejects otherwise. */
  ping(): Promise<void>;
  /**
   * Tells the listener about writes to a collection: from any instance where the backend can
   * (MongoDB change streams on a replica set), otherwise from this process.
   */
  onChange(collection: string, listener: (event: ChangeEvent) => void): () => void;
  /** The names of the collections that hold data (for backups, key rotation and erasure checks). */
  listCollections(): Promise<string[]>;
  /**
   * Makes deletions final on disk. The embedded store appends a deletion marker and keeps the old
   * line until it compacts its files: an erasure calls this so that nothing erased stays readable
   * in the raw files. MongoDB removes documents itself (nothing to do).
   */
  compact(): Promise<void>;
  close(): Promise<void>;
}
