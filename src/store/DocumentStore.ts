import type { Sealer } from '../security/sealer';
import type {
  CollectionSpec,
  DocumentCollection,
  DocumentDatabase,
  FindOptions,
  StoredDocument,
} from './documents';

/**
 * What the store ports over a `DocumentDatabase` share: one collection, defined once beside its
 * document type (`defineCollection`: name and indexes) and opened with the store; and, for a port
 * that keeps personal data, the sealer.
 */

/** A collection's definition: opening it creates the collection and its indexes if need be. */
export interface CollectionDefinition<T extends StoredDocument> {
  spec: CollectionSpec;
  open(database: DocumentDatabase): Promise<DocumentCollection<T>>;
}

export function defineCollection<T extends StoredDocument>(spec: CollectionSpec): CollectionDefinition<T> {
  return { spec, open: (database) => database.collection<T>(spec) };
}

/**
 * A store port's `open`: opens its collection (creating it and its indexes if need be), then
 * builds the port over it with whatever else it takes (the sealer). For a port over one collection:
 * `static readonly open = storeOpener(COLLECTION, (docs, sealer: Sealer) => new Port(docs, sealer));`
 */
export function storeOpener<T extends StoredDocument, S, A extends unknown[]>(
  definition: CollectionDefinition<T>,
  build: (docs: DocumentCollection<T>, ...rest: A) => S,
): (database: DocumentDatabase, ...rest: A) => Promise<S> {
  return async (database, ...rest) => build(await definition.open(database), ...rest);
}

/**
 * One page of a record's listing (audit events, consents), newest first by `at`: at most
 * `defaultLimit` unless the page asks for another number, after skipping `page.skip`.
 */
export function newestFirst(page: { limit?: number; skip?: number }, defaultLimit: number): FindOptions {
  return {
    sort: { at: -1 },
    limit: page.limit ?? defaultLimit,
    ...(page.skip !== undefined ? { skip: page.skip } : {}),
  };
}

/** A store port over one collection, holding no personal data. */
export abstract class DocumentStore<T extends StoredDocument> {
  protected constructor(protected readonly docs: DocumentCollection<T>) {}
}

/** A store port over one collection whose personal data is sealed at rest. */
export abstract class SealedDocumentStore<T extends StoredDocument> {
  protected constructor(
    protected readonly docs: DocumentCollection<T>,
    protected readonly sealer: Sealer,
  ) {}
}
