/**
 * Store figures on this machine: embedded store (or MongoDB with BENCH_MONGODB_URI).
 * Run: npm run bench:store   (prints a table; asserts nothing)
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { CaseService } from '../src/domain/CaseService';
import { createLogger } from '../src/observability/logger';
import { Sealer } from '../src/security/sealer';
import type { DocumentDatabase } from '../src/store/documents';
import { EmbeddedDatabase } from '../src/store/embedded/EmbeddedDatabase';
import { openStores } from '../src/store/openStores';

async function time<T>(
  label: string,
  count: number,
  op: (i: number) => Promise<T>,
  rows: string[][],
): Promise<void> {
  const started = performance.now();
  for (let i = 0; i < count; i++) await op(i);
  const ms = performance.now() - started;
  rows.push([label, String(count), `${(ms / count).toFixed(3)} ms`, `${Math.round((count / ms) * 1000)} /s`]);
}

async function main(): Promise<void> {
  const uri = process.env.BENCH_MONGODB_URI;
  const dir = await mkdtemp(path.join(os.tmpdir(), 'psa-bench-'));
  let database: DocumentDatabase;
  if (uri) {
    const { MongoDatabase } = await import('../src/store/mongo/MongoDatabase');
    database = await MongoDatabase.connect(uri, `psa_bench_${Date.now()}`, createLogger({ level: 'silent' }));
  } else {
    database = await EmbeddedDatabase.open(dir);
  }
  const sealer = new Sealer(randomBytes(32));
  const stores = await openStores(database, sealer);
  const cases = new CaseService(stores.cases);
  const rows: string[][] = [];
  const heapBefore = process.memoryUsage().heapUsed;

  await time(
    'state write (new key)',
    2000,
    (i) => stores.state.write({ [`c/${i}`]: { step: i, words: 'x'.repeat(200) } }),
    rows,
  );
  await time('state read', 2000, (i) => stores.state.read([`c/${i}`]), rows);
  await time(
    'state write with eTag',
    2000,
    async (i) => {
      const item = (await stores.state.read([`c/${i}`]))[`c/${i}`] as { eTag: string };
      await stores.state.write({ [`c/${i}`]: { step: i + 1, eTag: item.eTag } });
    },
    rows,
  );
  const ids: string[] = [];
  await time(
    'case open',
    5000,
    async (i) => {
      const c = await cases.open({
        kind: i % 5 === 0 ? 'live_chat' : 'referral',
        schoolId: `school-${i % 20}`,
        channelId: 'sms',
        conversationKey: `k${i}`,
        conversationRef: { channelId: 'sms' },
        details: { words: 'y'.repeat(300) },
        urgent: i % 17 === 0,
        openedBy: 'parent',
      });
      ids.push(c.id);
    },
    rows,
  );
  await time(
    'queue list (1 school, 50 rows) of 5,000',
    200,
    (i) => stores.cases.list({ schoolIds: [`school-${i % 20}`], statuses: ['new'] }, { limit: 50 }),
    rows,
  );
  await time(
    'queue list (all, 50 rows) of 5,000',
    100,
    () => stores.cases.list({ statuses: ['new'] }, { limit: 50 }),
    rows,
  );
  await time(
    'case claim',
    1000,
    (i) => cases.transition({ caseId: ids[i] ?? '', action: 'claim', actorId: 'psw' }),
    rows,
  );
  await time(
    'transcript append',
    2000,
    (i) =>
      stores.transcripts.append({
        conversationKey: `k${i % 50}`,
        channelId: 'sms',
        at: new Date(),
        sender: 'parent',
        text: 'z'.repeat(160),
      }),
    rows,
  );

  const heapAfter = process.memoryUsage().heapUsed;
  await stores.close();
  await rm(dir, { recursive: true, force: true });

  process.stdout.write(
    `store: ${uri ? 'mongodb' : 'embedded'}  node ${process.version}  ${os.cpus().length} cores\n`,
  );
  const widths = [44, 8, 12, 10];
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i] ?? 10)).join(' ') + '\n';
  process.stdout.write(line(['operation', 'count', 'mean', 'rate']));
  for (const row of rows) process.stdout.write(line(row));
  process.stdout.write(`heap growth: ${((heapAfter - heapBefore) / 1024 / 1024).toFixed(1)} MiB\n`);
}

void main();
