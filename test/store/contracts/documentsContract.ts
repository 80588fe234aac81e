import { cpSync } from 'node:fs';
import { DuplicateKeyError, type DocumentCollection } from '../../../src/store/documents';
import { EmbeddedDatabase } from '../../../src/store/embedded/EmbeddedDatabase';
import { makeTempDir } from '../../support/tempDir';
import { useBackend, type Backend } from '../backends';

interface Thing {
  _id: string;
  group: string;
  n: number;
  tags?: string[];
  at?: Date;
}

export function documentsContract(backend: Backend): void {
  describe('document collections', () => {
    const backendHandle = useBackend(backend);

    it('finds, sorts, limits and counts with the shared query language', async () => {
      const things = await backendHandle.database.collection<Thing>({
        name: 'things',
        indexes: [{ field: 'group' }],
      });
      for (let i = 0; i < 5; i++)
        await things.insertOne({ _id: `t${i}`, group: i % 2 ? 'odd' : 'even', n: i });
      expect((await things.find({ group: 'even' }, { sort: { n: -1 } })).map((t) => t._id)).toEqual([
        't4',
        't2',
        't0',
      ]);
      expect(await things.count({ n: { $gte: 3 } })).toBe(2);
      expect(
        (await things.find({ n: { $in: [1, 4] } }, { sort: { n: 1 }, limit: 1 })).map((t) => t._id),
      ).toEqual(['t1']);
      expect(await things.findOne({ _id: 'missing' })).toBeNull();
    });

    it('refuses a second document with the same unique key', async () => {
      const things = await backendHandle.database.collection<Thing>({
        name: 'uniq',
        indexes: [{ field: 'group', unique: true }],
      });
      await things.insertOne({ _id: 'a', group: 'g', n: 1 });
      await expect(things.insertOne({ _id: 'b', group: 'g', n: 2 })).rejects.toBeInstanceOf(
        DuplicateKeyError,
      );
      await expect(things.insertOne({ _id: 'a', group: 'other', n: 3 })).rejects.toBeInstanceOf(
        DuplicateKeyError,
      );
      expect(await things.count({})).toBe(1);
    });

    it('updates atomically and conditionally, returning the document after the change', async () => {
      const things = await backendHandle.database.collection<Thing>({ name: 'upd' });
      await things.insertOne({ _id: 'a', group: 'g', n: 1 });
      const updated = await things.updateOne({ _id: 'a', n: 1 }, { $inc: { n: 1 }, $push: { tags: 'x' } });
      expect(updated).toMatchObject({ _id: 'a', n: 2, tags: ['x'] });
      expect(await things.updateOne({ _id: 'a', n: 1 }, { $set: { group: 'lost' } })).toBeNull();
      expect((await things.findOne({ _id: 'a' }))?.group).toBe('g');
      const upserted = await things.upsertOne({ _id: 'b' }, { $set: { group: 'new', n: 7 } });
      expect(upserted).toMatchObject({ _id: 'b', group: 'new', n: 7 });
      expect(await things.updateMany({ group: { $in: ['g', 'new'] } }, { $set: { group: 'all' } })).toBe(2);
      expect(await things.deleteOne({ _id: 'a' })).toBe(true);
      expect(await things.deleteOne({ _id: 'a' })).toBe(false);
      expect(await things.deleteMany({ group: 'all' })).toBe(1);
    });

    it('gives exactly one winner when many writers race on one condition', async () => {
      const things = await backendHandle.database.collection<Thing>({ name: 'race' });
      await things.insertOne({ _id: 'prize', group: 'free', n: 0 });
      const results = await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          things.updateOne({ _id: 'prize', group: 'free' }, { $set: { group: `w${i}` } }),
        ),
      );
      expect(results.filter((r) => r !== null)).toHaveLength(1);
    });

    it('keeps acknowledged writes, dates included, across a restart', async () => {
      const things = await backendHandle.database.collection<Thing>({ name: 'durable' });
      const at = new Date('2026-11-23T10:00:00.000Z');
      await things.insertOne({ _id: 'kept', group: 'g', n: 1, at });
      await things.updateOne({ _id: 'kept' }, { $inc: { n: 41 } });
      await backendHandle.reopen();
      const again = await backendHandle.database.collection<Thing>({ name: 'durable' });
      const doc = await again.findOne({ _id: 'kept' });
      expect(doc?.n).toBe(42);
      expect(doc?.at).toBeInstanceOf(Date);
      expect(doc?.at?.toISOString()).toBe(at.toISOString());
    });

    // The files as they are at this instant, without closing: what a restart after kill -9 finds.
    async function afterKill<R>(name: string, look: (c: DocumentCollection<Thing>) => Promise<R>) {
      const dir = backendHandle.dir as string;
      const copy = await makeTempDir('psa-store-crash-');
      try {
        cpSync(dir, copy.dir, { recursive: true });
        const after = await EmbeddedDatabase.open(copy.dir);
        const result = await look(await after.collection<Thing>({ name }));
        await after.close();
        return result;
      } finally {
        await copy.remove();
      }
    }

    it('keeps every acknowledged write when the process dies', async () => {
      if (!backendHandle.dir) return; // MongoDB: the server's durability, not this process's
      const things = await backendHandle.database.collection<Thing>({ name: 'crashy' });
      await Promise.all(
        Array.from({ length: 40 }, (_, i) => things.insertOne({ _id: `t${i}`, group: 'g', n: i })),
      );
      expect(await afterKill('crashy', (c) => c.count({}))).toBe(40);
      await Promise.all(
        Array.from({ length: 40 }, (_, i) => things.updateOne({ _id: `t${i}` }, { $set: { n: -1 } })),
      );
      expect(await afterKill('crashy', (c) => c.count({ n: -1 }))).toBe(40);
    });

    it('keeps every write a read saw when the process dies', async () => {
      if (!backendHandle.dir) return;
      const things = await backendHandle.database.collection<Thing>({ name: 'seen' });
      // Not awaited: a read that sees these writes may resolve only once they are in the file.
      const pending = Array.from({ length: 40 }, (_, i) =>
        things.insertOne({ _id: `s${i}`, group: 'seen', n: i }),
      );
      const seen = await things.count({ group: 'seen' });
      expect(seen).toBeGreaterThan(0);
      expect(await afterKill('seen', (c) => c.count({ group: 'seen' }))).toBeGreaterThanOrEqual(seen);
      await Promise.all(pending);
    });

    it('tells listeners about writes', async () => {
      const things = await backendHandle.database.collection<Thing>({ name: 'watched' });
      const seen: string[] = [];
      const stop = backendHandle.database.onChange('watched', (e) =>
        seen.push(`${e.operation}:${e.documentId}`),
      );
      await things.insertOne({ _id: 'w1', group: 'g', n: 1 });
      await things.updateOne({ _id: 'w1' }, { $set: { n: 2 } });
      const deadline = Date.now() + 3000;
      while (seen.length < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      stop();
      expect(seen).toEqual(['insert:w1', 'update:w1']);
    });
  });
}
