/**
 * Measures the local Direct Line and the web chat's page weight. Prints figures; asserts nothing.
 *
 *   npx tsx benchmarks/directline.ts [conversations] [messages per conversation]
 *
 * 1. Throughput: conversations in parallel, each posting messages (every post runs a real bot
 *    turn over the embedded store: the risk check, the local model, the dialogs) and reading the
 *    new activities by watermark. The parent alternates a question ("Is it free?": its answer
 *    and "anything else?") and "help" (three lines and the menu), so every turn is a real one
 *    whose replies do not depend on the model's guesses.
 * 2. Stream latency: from posting a message to its echo and the bot's last reply arriving on the
 *    WebSocket.
 * 3. The Web Chat bundle: its size as served (plain, gzip, brotli), and how long the chat page
 *    takes to become usable in Chromium, cold and cached, on loopback and on an emulated slow
 *    mobile network.
 */
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, CHROMIUM_PATH, sendBox } from '../test/support/browser';
import { DirectLineClient } from '../test/support/directLineClient';
import { makeTempDir } from '../test/support/tempDir';
import { startTestApp } from '../test/support/testApp';

const conversations = Number(process.argv[2] ?? 20);
const messagesEach = Number(process.argv[3] ?? 25);

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

const ms = (n: number) => `${n.toFixed(1)} ms`;
const kb = (n: number) => `${(n / 1024).toFixed(0)} KiB`;

/** What the parent says, in turn: each is answered the same way every time, ending at the menu. */
const MESSAGES = ['Is it free?', 'help'];

async function throughput(baseUrl: string): Promise<void> {
  const clients = await Promise.all(
    Array.from({ length: conversations }, () => DirectLineClient.start(baseUrl)),
  );
  const postTimes: number[] = [];
  let activitiesRead = 0;
  const started = performance.now();
  await Promise.all(
    clients.map(async (client) => {
      let watermark = '';
      for (let i = 0; i < messagesEach; i++) {
        const t0 = performance.now();
        await client.say(MESSAGES[i % MESSAGES.length] ?? 'help');
        postTimes.push(performance.now() - t0);
        const read = await client.activities(watermark);
        activitiesRead += read.activities.length;
        watermark = read.watermark;
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const posts = conversations * messagesEach;
  console.log(
    `\nThroughput: ${conversations} conversations x ${messagesEach} messages (post, bot turn, get)`,
  );
  console.log(`  posts/s               ${(posts / seconds).toFixed(0)}`);
  console.log(
    `  activities read/s     ${(activitiesRead / seconds).toFixed(0)} (${activitiesRead} in ${seconds.toFixed(1)} s)`,
  );
  console.log(
    `  post (incl. turn)     p50 ${ms(percentile(postTimes, 50))}  p95 ${ms(percentile(postTimes, 95))}`,
  );
}

async function streamLatency(baseUrl: string, lastReplies: string[]): Promise<void> {
  const client = await DirectLineClient.start(baseUrl);
  const stream = await client.openStream();
  // The greeting the bot sent when the conversation started.
  await stream.waitFor((a) => lastReplies.includes(String(a.text)));
  stream.activities.length = 0;
  const toEcho: number[] = [];
  const toReply: number[] = [];
  try {
    for (let i = 0; i < 50; i++) {
      const text = MESSAGES[i % MESSAGES.length] ?? 'help';
      const before = stream.activities.length;
      const t0 = performance.now();
      const posting = client.say(text);
      await stream.waitFor((a) => a.text === text);
      toEcho.push(performance.now() - t0);
      await stream.waitFor(
        (a) => stream.activities.indexOf(a) > before && lastReplies.includes(String(a.text)),
      );
      toReply.push(performance.now() - t0);
      await posting;
      stream.activities.length = 0;
    }
  } finally {
    await stream.close();
  }
  console.log('\nWebSocket stream (50 messages, one conversation)');
  console.log(`  post -> echo          p50 ${ms(percentile(toEcho, 50))}  p95 ${ms(percentile(toEcho, 95))}`);
  console.log(
    `  post -> bot's reply   p50 ${ms(percentile(toReply, 50))}  p95 ${ms(percentile(toReply, 95))}`,
  );
}

async function bundle(baseUrl: string): Promise<void> {
  const html = await (await fetch(`${baseUrl}/chat?school=oakfield-primary`)).text();
  const path = /src="(\/webchat\/botframework-webchat-[\d.]+\.js)"/.exec(html)?.[1] ?? '';
  const sizeWith = async (encoding: string) => {
    const response = await fetch(`${baseUrl}${path}`, { headers: { 'accept-encoding': encoding } });
    await response.arrayBuffer();
    return {
      size: Number(response.headers.get('content-length')),
      as: response.headers.get('content-encoding'),
    };
  };
  const plain = await sizeWith('identity');
  const gzip = await sizeWith('gzip');
  // The first brotli request starts the compression; wait for it to be served.
  let brotli = await sizeWith('br');
  for (let i = 0; i < 60 && brotli.as !== 'br'; i++) {
    await new Promise((r) => setTimeout(r, 500));
    brotli = await sizeWith('br');
  }
  const widget = await sizeWith('gzip').then(async () => {
    const r = await fetch(`${baseUrl}/widget.js`, { headers: { 'accept-encoding': 'gzip' } });
    await r.arrayBuffer();
    return Number(r.headers.get('content-length'));
  });
  console.log(`\nWeb Chat bundle ${path}`);
  console.log(
    `  plain ${kb(plain.size)}   gzip ${kb(gzip.size)}   brotli ${brotli.as === 'br' ? kb(brotli.size) : 'not ready'}`,
  );
  console.log(`  widget.js (what a school page loads before the launcher is used): ${kb(widget)} gzip`);

  const profile = await makeTempDir('psa-bench-chromium-');
  const context = await chromium.launchPersistentContext(profile.dir, {
    executablePath: CHROMIUM_PATH,
    args: CHROMIUM_ARGS,
    headless: true,
  });
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    const load = async (label: string, cold: boolean) => {
      if (cold) await cdp.send('Network.clearBrowserCache');
      await page.evaluate(() => window.sessionStorage.clear()).catch(() => undefined);
      const t0 = performance.now();
      await page.goto(`${baseUrl}/chat?school=oakfield-primary`);
      await sendBox(page).waitFor({ timeout: 120_000 });
      const usable = performance.now() - t0;
      const transferred = await page.evaluate(
        (p) =>
          (
            performance.getEntriesByName(new URL(p, location.href).href)[0] as
              PerformanceResourceTiming | undefined
          )?.transferSize ?? 0,
        path,
      );
      console.log(`  ${label.padEnd(44)} ${ms(usable).padStart(10)}   bundle transferred ${kb(transferred)}`);
    };
    console.log('\nChat page until the send box is usable (Chromium)');
    await load('loopback, cold cache', true);
    await load('loopback, cached', false);
    // Roughly Chrome DevTools' "Slow 4G" profile: a parent on a phone with weak signal.
    await cdp.send('Network.emulateNetworkConditions', {
      offline: false,
      latency: 150,
      downloadThroughput: (1.6 * 1024 * 1024) / 8,
      uploadThroughput: (750 * 1024) / 8,
    });
    await load('slow mobile (1.6 Mbit/s, 150 ms), cold cache', true);
    await load('slow mobile (1.6 Mbit/s, 150 ms), cached', false);
  } finally {
    await context.close();
    await profile.remove();
  }
}

async function main(): Promise<void> {
  const t = await startTestApp({ LOG_LEVEL: 'warn', WEBCHAT_TOKEN_RATE_LIMIT: '10000' });
  try {
    console.log(
      `Parent Support Assistant: local Direct Line benchmark (embedded store, Node ${process.version})`,
    );
    await throughput(t.url);
    const { copy } = t.app.content;
    await streamLatency(t.url, [copy.menu.prompt, copy.menu.promptAgain]);
    await bundle(t.url);
  } finally {
    await t.dispose();
  }
}

void main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
