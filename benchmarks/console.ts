/**
 * PSW console figures on this machine: queue listing latency over many cases, and claim
 * throughput, through the real HTTP API on the embedded store (or MongoDB with MONGODB_URI).
 *
 *   npx tsx benchmarks/console.ts [--cases 5000] [--psws 20]
 *
 * Loopback only; bounded in count; stops by itself.
 */
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createApp } from '../src/app';
import { loadConfig } from '../src/config';
import { hashPassword } from '../src/console/auth/passwords';
import { createLogger } from '../src/observability/logger';

const { values } = parseArgs({
  options: { cases: { type: 'string', default: '5000' }, psws: { type: 'string', default: '20' } },
});
const CASES = Math.min(Number(values.cases), 50_000);
const PSWS = Math.min(Number(values.psws), 100);
const SCHOOLS = ['oakfield-primary', 'riverside-high', 'willow-bank-primary'];

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

function summary(label: string, samples: number[]): void {
  const sorted = [...samples].sort((a, b) => a - b);
  const mean = samples.reduce((a, b) => a + b, 0) / samples.length;
  console.log(
    `${label.padEnd(52)} n=${String(samples.length).padStart(4)}  mean ${mean.toFixed(1).padStart(6)} ms  p50 ${percentile(sorted, 50).toFixed(1).padStart(6)} ms  p95 ${percentile(sorted, 95).toFixed(1).padStart(6)} ms  max ${sorted.at(-1)?.toFixed(1)} ms`,
  );
}

async function main(): Promise<void> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'psa-bench-'));
  const config = loadConfig({
    ...process.env,
    NODE_ENV: 'test',
    PORT: '0',
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    LOG_LEVEL: 'silent',
  });
  const app = await createApp(config, createLogger({ level: 'silent' }), {
    now: () => new Date('2026-11-23T10:00:00Z'),
  });
  const url = await app.listen();
  // Stands in for the parents' channel (a Bot Framework connector on loopback) for proactive messages.
  const channel = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.setHeader('content-type', 'application/json');
      res.end('{"id":"sent"}');
    });
  });
  await new Promise<void>((resolve) => channel.listen(0, '127.0.0.1', resolve));
  const serviceUrl = `http://127.0.0.1:${(channel.address() as AddressInfo).port}`;
  const reference = (id: string) => ({
    channelId: 'emulator',
    serviceUrl,
    conversation: { id } as never,
    bot: { id: 'bot', name: 'bot' },
    user: { id: `user-${id}`, name: 'parent' },
  });
  try {
    console.log(
      `store: ${config.store.kind}; ${CASES} cases; ${PSWS} PSWs; node ${process.version}; ${os.cpus().length} cores`,
    );

    let started = performance.now();
    for (let i = 0; i < CASES; i++) {
      const c = await app.cases.open({
        kind: i % 3 === 0 ? 'live_chat' : 'referral',
        schoolId: SCHOOLS[i % SCHOOLS.length] ?? 'oakfield-primary',
        channelId: 'emulator',
        conversationKey: `bench-${i}`,
        conversationRef: reference(`bench-${i}`),
        details: {
          parentName: 'Bench Parent',
          words: 'Benchmark case text of a typical length for a referral.',
        },
        urgent: i % 25 === 0,
        openedBy: 'parent',
      });
      if (i % 2 === 0) await app.cases.transition({ caseId: c.id, action: 'claim', actorId: 'bench-psw' });
      if (i % 4 === 0)
        await app.cases.transition({
          caseId: c.id,
          action: 'close',
          actorId: 'bench-psw',
          outcome: 'resolved',
        });
    }
    const seconds = (performance.now() - started) / 1000;
    console.log(`seeded ${CASES} cases (with claims and closes) in ${seconds.toFixed(1)} s`);

    const passwordHash = await hashPassword('benchmark password');
    const accounts = [];
    for (let i = 0; i < PSWS; i++) {
      accounts.push(
        await app.stores.staff.create({
          id: randomUUID(),
          email: `psw${i}@example.org`,
          displayName: `PSW ${i}`,
          role: i === 0 ? 'admin' : 'psw',
          schools: ['*'],
          passwordHash,
          failedLogins: 0,
          disabled: false,
          createdAt: new Date(),
        }),
      );
    }
    const sessions = await Promise.all(
      accounts.map(async (a) => {
        const res = await fetch(`${url}/api/console/login`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ email: a.email, password: 'benchmark password' }),
        });
        const body = (await res.json()) as { csrfToken: string };
        return { cookie: (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '', csrf: body.csrfToken };
      }),
    );
    const admin = sessions[0]!;

    const time = async (fn: () => Promise<unknown>) => {
      const t0 = performance.now();
      await fn();
      return performance.now() - t0;
    };
    const get = (pathAndQuery: string) =>
      fetch(`${url}${pathAndQuery}`, { headers: { cookie: admin.cookie } }).then(async (r) => {
        if (!r.ok) throw new Error(`${r.status} ${pathAndQuery}`);
        return (await r.json()) as { total: number };
      });

    for (const [label, query] of [
      ['GET /api/console/cases (open, first 100)', '/api/console/cases?status=open&limit=100'],
      [
        'GET /api/console/cases (open, one school, first 100)',
        '/api/console/cases?status=open&school=riverside-high&limit=100',
      ],
      ['GET /api/console/cases (waiting, urgent only)', '/api/console/cases?status=new&urgent=true'],
      ['GET /api/console/cases (all statuses, first 100)', '/api/console/cases?status=all&limit=100'],
      // Search decrypts up to 500 open cases of the account's schools and matches in memory.
      ['GET /api/console/cases (search a name, open)', '/api/console/cases?status=open&q=bench'],
      ['GET /api/console/cases (search a reference)', '/api/console/cases?status=all&q=ABC-DEF'],
    ] as const) {
      await get(query); // warm
      const samples: number[] = [];
      for (let i = 0; i < 40; i++) samples.push(await time(() => get(query)));
      summary(label, samples);
    }
    const open = await get('/api/console/cases?status=open&limit=1');
    console.log(`open cases listed from: ${open.total}`);

    // Claim throughput: every PSW claims waiting cases as fast as the API lets them.
    const waiting = await app.stores.cases.list({ statuses: ['new'] }, { limit: 1000 });
    const queue = waiting.map((c) => c.id);
    let claimed = 0;
    let lost = 0;
    const claimLatencies: number[] = [];
    started = performance.now();
    await Promise.all(
      sessions.map(async (s) => {
        for (;;) {
          const id = queue.shift();
          if (!id) return;
          const t0 = performance.now();
          const res = await fetch(`${url}/api/console/cases/${id}/claim`, {
            method: 'POST',
            headers: { cookie: s.cookie, 'x-csrf-token': s.csrf },
          });
          await res.text();
          claimLatencies.push(performance.now() - t0);
          if (res.status === 200) claimed++;
          else lost++;
        }
      }),
    );
    const claimSeconds = (performance.now() - started) / 1000;
    console.log(
      `claims: ${claimed} distinct cases by ${PSWS} PSWs in ${claimSeconds.toFixed(2)} s = ${(claimed / claimSeconds).toFixed(0)} claims/s (${lost} refused)`,
    );
    summary('POST claim latency under that load', claimLatencies);

    // Contention: all PSWs claim the same case at once, for 50 cases.
    let exactlyOne = 0;
    const contended: number[] = [];
    for (let i = 0; i < 50; i++) {
      const c = await app.cases.open({
        kind: 'live_chat',
        schoolId: 'oakfield-primary',
        channelId: 'emulator',
        conversationKey: `race-${i}`,
        conversationRef: reference(`race-${i}`),
        details: {},
        urgent: false,
        openedBy: 'parent',
      });
      const t0 = performance.now();
      const statuses = await Promise.all(
        sessions.map((s) =>
          fetch(`${url}/api/console/cases/${c.id}/claim`, {
            method: 'POST',
            headers: { cookie: s.cookie, 'x-csrf-token': s.csrf },
          }).then(async (r) => (await r.text(), r.status)),
        ),
      );
      contended.push(performance.now() - t0);
      if (statuses.filter((st) => st === 200).length === 1) exactlyOne++;
    }
    console.log(
      `contended claims: ${exactlyOne}/50 rounds of ${PSWS} simultaneous claims had exactly one winner`,
    );
    summary(`time for ${PSWS} simultaneous claims on one case`, contended);
  } finally {
    await app.close();
    channel.close();
    await rm(dataDir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
