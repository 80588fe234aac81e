/**
 * SMS webhook benchmark against the local server (loopback only): how fast a signed text is
 * stored and acknowledged, how many acknowledgements a second one instance gives, and how fast
 * the turns behind them finish (replies handed to a local fake Twilio).
 *
 *   npx tsx benchmarks/smsWebhook.ts [sequential=300] [concurrent=1000] [concurrency=20]
 */
import { performance } from 'node:perf_hooks';
import { startFakeTwilio } from '../test/support/fakeTwilio';
import { inboundFields, newMessageSid, postSigned, twilioEnv } from '../test/support/smsParent';
import { startTestApp } from '../test/support/testApp';

const [sequential = 300, concurrent = 1000, concurrency = 20] = process.argv.slice(2).map(Number);

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

function summary(latencies: number[]): string {
  const sorted = [...latencies].sort((a, b) => a - b);
  const f = (n: number) => n.toFixed(1).padStart(6);
  return `p50 ${f(percentile(sorted, 50))} ms  p95 ${f(percentile(sorted, 95))} ms  p99 ${f(percentile(sorted, 99))} ms  max ${f(sorted.at(-1) ?? NaN)} ms`;
}

/** A distinct pretend phone per text (07700 900000-900999, then repeating). */
const phone = (i: number) => `+447700${String(900000 + (i % 1000)).padStart(6, '0')}`;

async function send(url: string, i: number): Promise<{ ms: number; messageSid: string }> {
  const messageSid = newMessageSid();
  const fields = inboundFields({ from: phone(i), to: '+447700900001', body: 'Hello', messageSid });
  const start = performance.now();
  const response = await postSigned(url, '/api/sms', fields);
  const ms = performance.now() - start;
  if (response.status !== 200) throw new Error(`webhook answered ${response.status}`);
  await response.arrayBuffer();
  return { ms, messageSid };
}

async function main(): Promise<void> {
  const fake = await startFakeTwilio();
  const app = await startTestApp({ ...twilioEnv(fake), LOG_LEVEL: 'warn' });
  const inbox = app.app.stores.sms.inbox;
  const waitForAllTurns = async (timeoutMs: number) => {
    const deadline = Date.now() + timeoutMs;
    while ((await inbox.conversationsWithPending(1)).length > 0) {
      if (Date.now() > deadline) throw new Error('turns did not finish in time');
      await new Promise((r) => setTimeout(r, 20));
    }
  };
  try {
    console.log(`SMS webhook benchmark (embedded store, ${process.version}, fake Twilio on loopback)`);
    for (let i = 0; i < 20; i++) await send(app.url, 5000 + i); // warm-up
    await waitForAllTurns(30_000);

    const latencies: number[] = [];
    for (let i = 0; i < sequential; i++) latencies.push((await send(app.url, i)).ms);
    console.log(`acknowledgement, one at a time (${sequential} texts, turns running behind):`);
    console.log(`  ${summary(latencies)}`);
    await waitForAllTurns(60_000);

    const textsBefore = fake.texts.length;
    const concurrentLatencies: number[] = [];
    let next = 0;
    const start = performance.now();
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (next < concurrent) {
          const i = next++;
          concurrentLatencies.push((await send(app.url, sequential + i)).ms);
        }
      }),
    );
    const acknowledged = performance.now() - start;
    await waitForAllTurns(120_000);
    const finished = performance.now() - start;
    console.log(`${concurrent} texts, ${concurrency} at a time:`);
    console.log(`  acknowledgement ${summary(concurrentLatencies)}`);
    console.log(
      `  acknowledged ${(concurrent / (acknowledged / 1000)).toFixed(0)} texts/s; all turns done after ${(finished / 1000).toFixed(2)} s = ${(concurrent / (finished / 1000)).toFixed(0)} turns/s (${fake.texts.length - textsBefore} replies sent)`,
    );
  } finally {
    await app.dispose();
    await fake.close();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
