/**
 * Memory of open web chats, and the time from start to a healthy /healthz. Prints figures;
 * asserts nothing.
 *
 *   npx tsx benchmarks/webchatMemory.ts [conversations=10000] [seconds=25]
 *
 * The assistant runs in a child process of its own (embedded store, loopback). This process
 * opens web chats as a parent's browser does (a token, the conversation started, which runs the
 * greeting turn, and its WebSocket stream, then left idle), 50 at a time, until the count or the
 * time limit is reached, and reads the child's RSS and heap before and after (after a GC). When
 * the time limit stops it short, the RSS for the full count is extrapolated from the slope.
 * The start time is from fork to the first 200 from /healthz; it includes tsx compiling the
 * TypeScript, which a built `npm start` does not do.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { DirectLineClient, type ActivityStream } from '../test/support/directLineClient';

interface Memory {
  rss: number;
  heapUsed: number;
  external: number;
}

async function serve(): Promise<void> {
  const { createApp } = await import('../src/app');
  const { loadConfig } = await import('../src/config');
  const { createLogger } = await import('../src/observability/logger');
  const dataDir = path.join(os.tmpdir(), `psa-bench-webchat-${process.pid}`);
  await rm(dataDir, { recursive: true, force: true });
  const config = loadConfig({
    NODE_ENV: 'development',
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'error',
    DATA_DIR: dataDir,
    // Every pretend browser comes from this one address: lift the per-client token limit.
    WEBCHAT_TOKEN_RATE_LIMIT: '10000',
  });
  const app = await createApp(config, createLogger({ level: 'error' }));
  const url = await app.listen();
  process.on('message', (m) => {
    if (m !== 'memory') return;
    (globalThis as { gc?: () => void }).gc?.();
    const { rss, heapUsed, external } = process.memoryUsage();
    process.send?.({ memory: { rss, heapUsed, external } satisfies Memory });
  });
  process.on('SIGTERM', () => {
    void app.close().then(() => rm(dataDir, { recursive: true, force: true }).then(() => process.exit(0)));
  });
  process.send?.({ url });
}

function memoryOf(child: ChildProcess): Promise<Memory> {
  return new Promise((resolve) => {
    const onMessage = (m: unknown) => {
      const memory = (m as { memory?: Memory }).memory;
      if (!memory) return;
      child.off('message', onMessage);
      resolve(memory);
    };
    child.on('message', onMessage);
    child.send('memory');
  });
}

async function main(): Promise<void> {
  const target = Number(process.argv[2] ?? 10_000);
  const seconds = Number(process.argv[3] ?? 25);
  const started = performance.now();
  const child = fork(__filename, ['--serve'], {
    execArgv: ['--import', 'tsx', '--expose-gc'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    child.once('message', (m) => resolve((m as { url: string }).url));
    child.once('exit', (code) => reject(new Error(`server exited with ${code}`)));
  });
  while ((await fetch(`${url}/healthz`).catch(() => null))?.status !== 200) {
    await new Promise((r) => setTimeout(r, 10));
  }
  const startMs = performance.now() - started;
  const mb = (n: number) => `${(n / 1024 / 1024).toFixed(0)} MB`;
  const streams: ActivityStream[] = [];
  try {
    // One chat first, so that the baseline has the bot, model and stores loaded.
    const first = await DirectLineClient.start(url);
    streams.push(await first.openStream());
    const before = await memoryOf(child);
    const deadline = performance.now() + seconds * 1000;
    let next = 1;
    let failures = 0;
    await Promise.all(
      Array.from({ length: 50 }, async () => {
        while (next < target && performance.now() < deadline) {
          next++;
          try {
            const client = await DirectLineClient.start(url);
            streams.push(await client.openStream());
          } catch {
            failures++;
          }
        }
      }),
    );
    const opened = streams.length;
    const after = await memoryOf(child);
    const perChat = (after.rss - before.rss) / Math.max(1, opened - 1);
    console.log(`start to /healthz (tsx)   ${startMs.toFixed(0)} ms`);
    console.log(`open web chats            ${opened} (${failures} failed) in ${seconds} s at most`);
    console.log(
      `RSS                       ${mb(before.rss)} with 1 chat, ${mb(after.rss)} with ${opened}  (heap ${mb(before.heapUsed)} → ${mb(after.heapUsed)}, external ${mb(before.external)} → ${mb(after.external)})`,
    );
    console.log(`per open chat             ${(perChat / 1024).toFixed(1)} KiB RSS`);
    if (opened < target) {
      console.log(`RSS at ${target} (extrapolated) ${mb(before.rss + perChat * (target - 1))}`);
    }
  } finally {
    for (const stream of streams) stream.socket.terminate();
    await new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    });
  }
}

if (process.argv[2] === '--serve') {
  serve().catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
} else {
  main().catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
}
