import { randomBytes } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { createLogger } from '../../src/observability/logger';
import { Sealer } from '../../src/security/sealer';
import type { DocumentDatabase } from '../../src/store/documents';
import { EmbeddedDatabase } from '../../src/store/embedded/EmbeddedDatabase';
import { MongoDatabase } from '../../src/store/mongo/MongoDatabase';
import { makeTempDir } from '../support/tempDir';

/**
 * The backends every store contract runs against: the embedded store always, and MongoDB when
 * TEST_MONGODB_URI points at a server (none can be installed on the development machine).
 */
export interface Backend {
  name: string;
  /** Opens a database; `reopen` opens the same data again (a restart). */
  open(): Promise<{
    database: DocumentDatabase;
    reopen: () => Promise<DocumentDatabase>;
    cleanup: () => Promise<void>;
    /** The embedded store's directory, to read its raw files. */
    dir?: string;
  }>;
}

const silent = createLogger({ level: 'silent' });

const embedded: Backend = {
  name: 'embedded',
  async open() {
    const temp = await makeTempDir('psa-store-');
    return {
      database: await EmbeddedDatabase.open(temp.dir),
      reopen: () => EmbeddedDatabase.open(temp.dir),
      cleanup: temp.remove,
      dir: temp.dir,
    };
  },
};

function mongo(uri: string): Backend {
  return {
    name: 'mongodb',
    async open() {
      const name = `psa_test_${randomBytes(6).toString('hex')}`;
      const database = await MongoDatabase.connect(uri, name, silent);
      return {
        database,
        reopen: () => MongoDatabase.connect(uri, name, silent),
        cleanup: async () => {
          const { MongoClient } = await import('mongodb');
          const client = await MongoClient.connect(uri);
          await client.db(name).dropDatabase();
          await client.close();
        },
      };
    },
  };
}

const mongoUri = process.env.TEST_MONGODB_URI;
let reported = false;

export function storeBackends(): Backend[] {
  if (!mongoUri && !reported) {
    reported = true;
    process.stdout.write(
      'store contract: MongoDB skipped (TEST_MONGODB_URI is not set); embedded store tested\n',
    );
  }
  return mongoUri ? [embedded, mongo(mongoUri)] : [embedded];
}

export function testSealer(): Sealer {
  return new Sealer(randomBytes(32));
}

/** A backend opened afresh before each test of a contract and closed and removed after it. */
export interface OpenedBackend {
  /** The database for the current test. */
  readonly database: DocumentDatabase;
  /** Closes the database and opens the same data again, as after a restart. */
  reopen(): Promise<DocumentDatabase>;
  /** The embedded store's directory (undefined for MongoDB). */
  readonly dir: string | undefined;
  /** Every document of a collection as JSON, to check that nothing personal is stored in clear. */
  rawText(collection: string): Promise<string>;
  /** Everything the backend holds: the embedded store's files as they are on disk, or every collection. */
  rawFiles(): Promise<string>;
}

export function useBackend(backend: Backend): OpenedBackend {
  let opened: Awaited<ReturnType<Backend['open']>> | undefined;
  let database: DocumentDatabase | undefined;
  const current = (): DocumentDatabase => {
    if (!database) throw new Error('The backend is only open inside a test');
    return database;
  };
  beforeEach(async () => {
    opened = await backend.open();
    database = opened.database;
  });
  afterEach(async () => {
    await database?.close();
    await opened?.cleanup();
    database = undefined;
  });
  return {
    get database() {
      return current();
    },
    get dir() {
      return opened?.dir;
    },
    async reopen() {
      await current().close();
      database = await opened!.reopen();
      return database;
    },
    async rawFiles() {
      if (opened?.dir) {
        const names = await readdir(opened.dir);
        const texts = await Promise.all(names.map((n) => readFile(path.join(opened!.dir!, n), 'utf8')));
        return texts.join('\n');
      }
      const db = current();
      const all = await Promise.all(
        (await db.listCollections()).map(async (name) =>
          (await db.collection<{ _id: string }>({ name })).find({}),
        ),
      );
      return JSON.stringify(all);
    },
    async rawText(collection) {
      return JSON.stringify(
        await (await current().collection<{ _id: string }>({ name: collection })).find({}),
      );
    },
  };
}
