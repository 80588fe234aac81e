/**
 * The turn as a parent's channel sees it, on the local server (loopback only, embedded store).
 * Prints figures; asserts nothing.
 *
 *   npm run bench:channels -- [seconds per run=8] [rounds=2]
 *
 * 1. Direct Line: one web chat alone (nothing queues), then 20 web chats in a closed loop, each with its WebSocket stream open, posting
 *    "Is it free?" and "help" in turn (real turns whose replies do not depend on the model's
 *    guesses). Measured: the post's answer (which comes once the turn is over) and, from the
 *    post, the arrival of the turn's last reply on the stream.
 * 2. SMS webhook: 20 senders in a closed loop posting signed texts (a pretend phone each time,
 *    07700 900xxx): the acknowledgement (the text is stored; the turn runs behind it), then how
 *    long the turns behind take to finish, replies handed to the local fake Twilio.
 * The load runs in this process beside the server; rounds alternate the two.
 */
import { performance } from 'node:perf_hooks';
import { DirectLineClient, type ActivityStream } from '../test/support/directLineClient';
import { startFakeTwilio } from '../test/support/fakeTwilio';
import { inboundFields, newMessageSid, postSigned, twilioEnv } from '../test/support/smsParent';
import { startTestApp, type TestApp } from '../test/support/testApp';

const seconds = Number(process.argv[2] ?? 8);
const rounds = Number(process.argv[3] ?? 2);
const CONVERSATIONS = 20;
const SENDERS = 20;

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

function summary(values: number[]): string {
  const sorted = [...values].sort((a, b) => a - b);
  const f = (n: number) => n.toFixed(1).padStart(6);
  return `p50 ${f(percentile(sorted, 50))} ms  p95 ${f(percentile(sorted, 95))} ms  p99 ${f(percentile(sorted, 99))} ms`;
}

/** A web chat whose stream notes when each activity arrived. */
async function openChat(
  url: string,
): Promise<{ client: DirectLineClient; stream: ActivityStream; arrived: Map<string, number> }> {
  const client = await DirectLineClient.start(url);
  const stream: ActivityStream = await client.openStream();
  const arrived = new Map<string, number>();
  stream.socket.on('message', (data: Buffer) => {
    const now = performance.now();
    const text = data.toString('utf8');
    if (!text) return;
    for (const activity of (JSON.parse(text) as { activities: Array<{ id: string }> }).activities) {
      arrived.set(activity.id, now);
    }
  });
  return { client, stream, arrived };
}

async function untilArrived(arrived: Map<string, number>, id: string): Promise<number> {
  const deadline = Date.now() + 10_000;
  while (!arrived.has(id)) {
    if (Date.now() > deadline) throw new Error('a reply never reached the stream');
    await new Promise((r) => setImmediate(r));
  }
  return arrived.get(id) as number;
}

async function directLine(chats: Awaited<ReturnType<typeof openChat>>[], most = Infinity): Promise<void> {
  const posts: number[] = [];
  const lastReplies: number[] = [];
  const start = performance.now();
  const deadline = start + seconds * 1000;
  await Promise.all(
    chats.map(async ({ client, arrived }, n) => {
      let watermark = (await client.activities()).watermark;
      for (let i = n; performance.now() < deadline && i - n < most; i++) {
        const t0 = performance.now();
        await client.say(i % 2 === 0 ? 'Is it free?' : 'help');
        posts.push(performance.now() - t0);
        // Not timed: which activity is the turn's last (the turn is over when the post answers).
        const read = await client.activities(watermark);
        watermark = read.watermark;
        const last = read.activities.at(-1);
        if (last) lastReplies.push((await untilArrived(arrived, last.id)) - t0);
      }
    }),
  );
  console.log(
    `  direct line, ${chats.length} chats: ${(posts.length / ((performance.now() - start) / 1000)).toFixed(0)} posts/s\n    post answered         ${summary(posts)}\n    post → last reply     ${summary(lastReplies)}`,
  );
}

/** A distinct pretend phone per text (07700 900000-900999, then repeating). */
const phone = (i: number) => `+447700${String(900000 + (i % 1000)).padStart(6, '0')}`;
let textCount = 0;

async function sms(app: TestApp): Promise<void> {
  const acks: number[] = [];
  const deadline = performance.now() + seconds * 1000;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: SENDERS }, async () => {
      while (performance.now() < deadline) {
        const fields = inboundFields({
          from: phone(textCount++),
          to: '+447700900001',
          body: 'Hello',
          messageSid: newMessageSid(),
        });
        const t0 = performance.now();
        const response = await postSigned(app.url, '/api/sms', fields);
        await response.arrayBuffer();
        acks.push(performance.now() - t0);
        if (response.status !== 200) throw new Error(`webhook answered ${response.status}`);
      }
    }),
  );
  const acknowledged = performance.now() - start;
  while ((await app.app.stores.sms.inbox.conversationsWithPending(1)).length > 0) {
    await new Promise((r) => setTimeout(r, 10));
  }
  const finished = performance.now() - start;
  console.log(
    `  sms webhook, ${SENDERS} senders: ${(acks.length / (acknowledged / 1000)).toFixed(0)} acks/s, turns done ${((finished - acknowledged) / 1000).toFixed(2)} s after the last ack (${(acks.length / (finished / 1000)).toFixed(0)} turns/s)\n    acknowledgement       ${summary(acks)}`,
  );
}

async function main(): Promise<void> {
  const fake = await startFakeTwilio();
  // Two servers (the SMS one has a public URL, which web chat tokens are then limited to).
  const smsApp = await startTestApp({ ...twilioEnv(fake), LOG_LEVEL: 'warn' });
  const app = await startTestApp({ LOG_LEVEL: 'warn' });
  try {
    console.log(`channels benchmark (embedded store, ${process.version}, loopback)`);
    const chats = await Promise.all(Array.from({ length: CONVERSATIONS }, () => openChat(app.url)));
    // One chat alone first (30 posts: a chat may post 60 a minute): the turn's latency when
    // nothing queues before it.
    const alone = await openChat(app.url);
    await directLine([alone], 30);
    alone.stream.socket.terminate();
    for (let round = 1; round <= rounds; round++) {
      console.log(`round ${round}`);
      if (round % 2 === 1) {
        await directLine(chats);
        await sms(smsApp);
      } else {
        await sms(smsApp);
        await directLine(chats);
      }
    }
    for (const chat of chats) chat.stream.socket.terminate();
  } finally {
    await app.dispose();
    await smsApp.dispose();
    await fake.close();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
