/**
 * A turn of the assistant beside a turn of a bare botbuilder echo bot, over `/api/messages`, on
 * the same botbuilder and restify, against the same loopback stub connector. Prints figures;
 * asserts nothing.
 *
 *   npm run bench:turns -- [seconds per run] [rounds]
 *   BENCH_CPU_PROF=/tmp/prof npm run bench:turns -- 5 1   (a V8 CPU profile per server)
 *
 * Closed loop: C parents, each in a conversation of its own, send "hi", "is it free?", "will the
 * school find out?", "what do PSWs do", "thanks" back to back (a new conversation after the
 * fifth), at C = 10 and 50. Each server runs in a child process of its own (the load and the stub
 * connector run here); runs alternate A/B. A POST to /api/messages answers when the turn is over,
 * so its latency is the turn's, replies included.
 */
import { fork, type ChildProcess } from 'node:child_process';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

const MESSAGES = ['hi', 'is it free?', 'will the school find out?', 'what do PSWs do', 'thanks'];

// ---- The servers (in a child process) ---------------------------------------------------------

async function serveEcho(): Promise<string> {
  const restify = await import('restify');
  const { ActivityHandler, CloudAdapter, ConfigurationBotFrameworkAuthentication } =
    await import('botbuilder');
  const adapter = new CloudAdapter(new ConfigurationBotFrameworkAuthentication({}));
  const bot = new ActivityHandler();
  bot.onMessage(async (context, next) => {
    await context.sendActivity(`You said: ${context.activity.text ?? ''}`);
    await next();
  });
  const server = restify.createServer();
  server.use(restify.plugins.bodyParser());
  server.post('/api/messages', async (req, res) => {
    await adapter.process(req, res, (context) => bot.run(context));
  });
  await new Promise<void>((resolve) => {
    server.listen(0, '127.0.0.1', () => resolve());
  });
  process.on('SIGTERM', () => process.exit(0));
  const address: AddressInfo = server.address();
  return `http://127.0.0.1:${address.port}`;
}

async function serveAssistant(stubUrl: string): Promise<string> {
  const { createApp } = await import('../src/app');
  const { loadConfig } = await import('../src/config');
  const { createLogger } = await import('../src/observability/logger');
  const dataDir = path.join(os.tmpdir(), `psa-bench-turns-${process.pid}`);
  await rm(dataDir, { recursive: true, force: true });
  const config = loadConfig({
    NODE_ENV: 'development',
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
    DATA_DIR: dataDir,
    ALLOWED_SERVICE_URLS: stubUrl,
    // One client address sends every parent's messages here: lift the per-client limits.
    BOT_MESSAGES_RATE_LIMIT: '10000',
  });
  const app = await createApp(config, createLogger({ level: 'warn' }));
  const url = await app.listen();
  process.on('SIGTERM', () => {
    void app.close().then(() => rm(dataDir, { recursive: true, force: true }).then(() => process.exit(0)));
  });
  return url;
}

if (process.argv[2] === '--serve') {
  const kind = process.argv[3];
  const stubUrl = process.argv[4] ?? '';
  (kind === 'echo' ? serveEcho() : serveAssistant(stubUrl))
    .then((url) => {
      // CPU time used so far, on request: the CPU a turn costs is steadier on a loaded machine
      // than turns per second.
      process.on('message', (m) => {
        if (m === 'cpu') {
          const { user, system } = process.cpuUsage();
          process.send?.({ cpuMs: (user + system) / 1000 });
        }
      });
      process.send?.({ url });
    })
    .catch((err: unknown) => {
      console.error(err);
      process.exit(1);
    });
} else {
  void main();
}

// ---- The load (in this process) ---------------------------------------------------------------

function startStub(): Promise<{ url: string; replies: () => number; close: () => void }> {
  let replies = 0;
  const server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      replies++;
      res.setHeader('content-type', 'application/json');
      res.end(`{"id":"r${replies}"}`);
    });
  });
  server.keepAliveTimeout = 60_000;
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({
        url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
        replies: () => replies,
        close: () => {
          server.closeAllConnections();
          server.close();
        },
      }),
    ),
  );
}

function startServer(
  kind: 'echo' | 'assistant',
  stubUrl: string,
): Promise<{ url: string; child: ChildProcess }> {
  // BENCH_CPU_PROF=<dir>: each server writes a V8 CPU profile there when it stops.
  const profileDir = process.env.BENCH_CPU_PROF;
  const child = fork(__filename, ['--serve', kind, stubUrl], {
    execArgv: [
      '--import',
      'tsx',
      // One folder per server: tsx's loader thread writes a (small, idle) profile of its own.
      ...(profileDir ? ['--cpu-prof', `--cpu-prof-dir=${path.join(profileDir, kind)}`] : []),
    ],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  return new Promise((resolve, reject) => {
    child.once('message', (m) => resolve({ url: (m as { url: string }).url, child }));
    child.once('exit', (code) => reject(new Error(`${kind} server exited with ${code}`)));
  });
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });

function post(url: string, body: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      `${url}/api/messages`,
      {
        method: 'POST',
        agent,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

function activity(stubUrl: string, conversationId: string, n: number, text: string): string {
  return JSON.stringify({
    type: 'message',
    id: `${conversationId}-${n}`,
    channelId: 'emulator',
    serviceUrl: stubUrl,
    from: { id: `user-${conversationId}`, name: 'Parent' },
    recipient: { id: 'bot', name: 'Bot' },
    conversation: { id: conversationId },
    text,
    locale: 'en-GB',
  });
}

function cpuMsOf(child: ChildProcess): Promise<number> {
  return new Promise((resolve) => {
    const onMessage = (m: unknown) => {
      const cpuMs = (m as { cpuMs?: number }).cpuMs;
      if (cpuMs === undefined) return;
      child.off('message', onMessage);
      resolve(cpuMs);
    };
    child.on('message', onMessage);
    child.send('cpu');
  });
}

interface RunResult {
  /** The server's CPU time (user + system) per turn. */
  cpuMsPerTurn?: number;
  turnsPerSecond: number;
  p50: number;
  p95: number;
  p99: number;
  errors: number;
  repliesPerTurn: number;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

async function run(
  url: string,
  stub: Awaited<ReturnType<typeof startStub>>,
  parents: number,
  seconds: number,
): Promise<RunResult> {
  const latencies: number[] = [];
  let errors = 0;
  const repliesBefore = stub.replies();
  const deadline = performance.now() + seconds * 1000;
  let conversations = 0;
  await Promise.all(
    Array.from({ length: parents }, async () => {
      while (performance.now() < deadline) {
        const id = `bench-${process.pid}-${conversations++}-${Math.random().toString(36).slice(2, 8)}`;
        for (const [n, text] of MESSAGES.entries()) {
          if (performance.now() >= deadline) break;
          const t0 = performance.now();
          const status = await post(url, activity(stub.url, id, n, text));
          latencies.push(performance.now() - t0);
          if (status >= 300) errors++;
        }
      }
    }),
  );
  latencies.sort((a, b) => a - b);
  return {
    turnsPerSecond: latencies.length / seconds,
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
    p99: percentile(latencies, 99),
    errors,
    repliesPerTurn: (stub.replies() - repliesBefore) / Math.max(1, latencies.length),
  };
}

async function main(): Promise<void> {
  const seconds = Number(process.argv[2] ?? 10);
  const rounds = Number(process.argv[3] ?? 2);
  const stub = await startStub();
  const servers = {
    assistant: await startServer('assistant', stub.url),
    echo: await startServer('echo', stub.url),
  };
  const f = (n: number) => n.toFixed(0).padStart(6);
  const results: Record<string, RunResult[]> = {};
  try {
    // Warm both (JIT, model, store) before measuring.
    for (const server of Object.values(servers)) await run(server.url, stub, 5, 2);
    for (let round = 1; round <= rounds; round++) {
      for (const parents of [10, 50]) {
        const order = round % 2 === 1 ? (['assistant', 'echo'] as const) : (['echo', 'assistant'] as const);
        for (const kind of order) {
          const cpuBefore = await cpuMsOf(servers[kind].child);
          const r = await run(servers[kind].url, stub, parents, seconds);
          r.cpuMsPerTurn = ((await cpuMsOf(servers[kind].child)) - cpuBefore) / (r.turnsPerSecond * seconds);
          (results[`${kind}@${parents}`] ??= []).push(r);
          console.log(
            `round ${round}  ${kind.padEnd(9)} C=${String(parents).padEnd(3)} turns/s ${f(r.turnsPerSecond)}  p50 ${r.p50.toFixed(1)} ms  p95 ${r.p95.toFixed(1)} ms  p99 ${r.p99.toFixed(1)} ms  replies/turn ${r.repliesPerTurn.toFixed(2)}  CPU/turn ${(r.cpuMsPerTurn ?? NaN).toFixed(2)} ms  errors ${r.errors}`,
          );
        }
      }
    }
    console.log(
      '\nconcurrent | assistant turns/s | echo msgs/s | ratio | assistant p50/p99 ms | echo p50/p99 ms | CPU ms/turn assistant / echo',
    );
    for (const parents of [10, 50]) {
      const a = results[`assistant@${parents}`] ?? [];
      const e = results[`echo@${parents}`] ?? [];
      const range = (xs: number[], digits = 0) =>
        `${Math.min(...xs).toFixed(digits)}–${Math.max(...xs).toFixed(digits)}`;
      const ratios = a.map((r, i) => r.turnsPerSecond / (e[i]?.turnsPerSecond ?? NaN));
      console.log(
        `${String(parents).padEnd(10)} | ${range(a.map((r) => r.turnsPerSecond))} | ${range(e.map((r) => r.turnsPerSecond))} | ${range(ratios, 2)} | ${range(a.map((r) => r.p50))} / ${range(a.map((r) => r.p99))} | ${range(e.map((r) => r.p50))} / ${range(e.map((r) => r.p99))} | ${range(
          a.map((r) => r.cpuMsPerTurn ?? NaN),
          2,
        )} / ${range(
          e.map((r) => r.cpuMsPerTurn ?? NaN),
          2,
        )}`,
      );
    }
  } finally {
    await Promise.all(
      Object.values(servers).map(
        (server) =>
          new Promise<void>((resolve) => {
            server.child.once('exit', () => resolve());
            server.child.kill('SIGTERM');
          }),
      ),
    );
    stub.close();
    agent.destroy();
  }
}
