/**
 * Language-understanding figures on this machine.
 * Run: npm run bench:nlu   (prints a table; asserts nothing; no network beyond 127.0.0.1)
 *
 * - local model: loading the shipped model at start (content/nlu/model.json), training on the
 *   whole content in memory (what start would cost without it), recognition latency;
 * - LUIS and CLU behind the local fallback, against a fake endpoint on loopback answering at once
 *   (so the figures are this process's own overhead, not Azure's latency): a cloud answer, a low
 *   score (cloud, then local), two 500s (retry, then local), a time-out at the default 1500 ms,
 *   and the pause after repeated failures (local only).
 */
import { performance } from 'node:perf_hooks';
import { loadConfig } from '../src/config';
import { loadContent } from '../src/content/loadContent';
import { LocalRecognizer, trainLocalRecognizer } from '../src/nlu/LocalRecognizer';
import { loadShippedModel } from '../src/nlu/shippedModel';
import type { Recognizer } from '../src/nlu/Recognizer';
import { createRecognizer } from '../src/nlu/createRecognizer';
import { createLogger } from '../src/observability/logger';
import { CONTENT_DIR } from '../src/config/paths';
import { startFakeLanguageService, type FakeReply } from '../test/nlu/support/fakeLanguageService';
import { cluAnswer, luisAnswer } from '../test/nlu/support/recordedResponses';

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0;
}

const ms = (value: number) => `${value < 10 ? value.toFixed(2) : value.toFixed(0)} ms`;

let sent = 0;

/**
 * Recognition latencies, sorted. Every message is made unique (NLP.js caches the features of a
 * text it has seen, and parents rarely repeat a message word for word).
 */
async function latencies(recognizer: Recognizer, messages: string[], count: number): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < count; i++) {
    const text = `${messages[sent % messages.length]!} ${++sent}`;
    const started = performance.now();
    await recognizer.recognize(text);
    out.push(performance.now() - started);
  }
  return out.sort((a, b) => a - b);
}

async function main(): Promise<void> {
  const content = await loadContent(CONTENT_DIR);
  const data = content.utterances;
  const messages = data.intents.flatMap((i) => i.utterances);
  const rows: string[][] = [];
  const row = (what: string, count: number, sorted: number[]) =>
    rows.push([what, String(count), ms(percentile(sorted, 0.5)), ms(percentile(sorted, 0.95))]);

  // Local model: loading the shipped model (start), training in memory, and recognition.
  if (!(await loadShippedModel(data)))
    throw new Error('content/nlu/model.json is out of date: npm run nlu:train');
  const loads: number[] = [];
  let local: Recognizer | undefined;
  for (let i = 0; i < 5; i++) {
    const started = performance.now();
    local = await trainLocalRecognizer(data);
    loads.push(performance.now() - started);
  }
  row(
    'local: load the shipped model (start)',
    5,
    loads.sort((a, b) => a - b),
  );
  const started = performance.now();
  LocalRecognizer.train(data);
  const training = performance.now() - started;
  row(`local: train on ${messages.length} utterances in memory`, 1, [training]);
  await latencies(local!, messages, 200); // warm up
  row('local: recognise', 2000, await latencies(local!, messages, 2000));

  // Cloud backends behind the fallback, against the fake endpoint.
  const fake = await startFakeLanguageService();
  const silent = createLogger({ level: 'silent' });
  const backends = [
    {
      name: 'luis',
      env: {
        RECOGNIZER: 'luis',
        LUIS_APP_ID: '3f2d0b5e-8a4c-4e1f-9b7a-2c6d8e0f1a2b',
        LUIS_KEY: 'bench',
        LUIS_ENDPOINT: fake.url,
      },
      answer: luisAnswer,
    },
    {
      name: 'clu',
      env: {
        RECOGNIZER: 'clu',
        CLU_ENDPOINT: fake.url,
        CLU_KEY: 'bench',
        CLU_PROJECT: 'p',
        CLU_DEPLOYMENT: 'd',
      },
      answer: cluAnswer,
    },
  ];
  for (const backend of backends) {
    const build = async (env: Record<string, string> = {}) =>
      await createRecognizer(loadConfig({ ...backend.env, ...env }).nlu, data, silent, { local: local! });
    const scenario = async (
      what: string,
      count: number,
      reply: () => FakeReply,
      env?: Record<string, string>,
    ) => {
      fake.handle(reply);
      const recognizer = await build(env);
      if (count >= 500) await latencies(recognizer, messages, 20); // warm up connections
      row(`${backend.name}: ${what}`, count, await latencies(recognizer, messages, count));
    };
    await scenario('cloud answers', 500, () => ({ json: backend.answer('x', 'faq.cost', 0.9) }));
    await scenario('low score, then local', 500, () => ({ json: backend.answer('x', 'faq.cost', 0.1) }));
    await scenario('500, retry, 500, then local', 50, () => ({ status: 500, json: {} }), {
      NLU_BREAKER_FAILURES: '0',
    });
    await scenario('time-out (1500 ms), then local', 3, () => ({ delayMs: 60_000, json: {} }), {
      NLU_BREAKER_FAILURES: '0',
    });
    await scenario('paused after failures: local only', 500, () => ({ status: 401, json: {} }));
  }
  await fake.close();

  const widths = [0, 1, 2, 3].map((c) =>
    Math.max(...[['what', 'n', 'p50', 'p95'], ...rows].map((r) => (r[c] ?? '').length)),
  );
  const line = (r: string[]) =>
    r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join('  ');
  console.log(`Node ${process.version}, ${data.intents.length} intents`);
  console.log(line(['what', 'n', 'p50', 'p95']));
  for (const r of rows) console.log(line(r));
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
