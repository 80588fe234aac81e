import { execFile } from 'node:child_process';
import { cp, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { loadContent } from '../../src/content/loadContent';
import { NONE_INTENT, type Recognizer } from '../../src/nlu/Recognizer';
import {
  ERROR_PREDICTION,
  kFoldSplits,
  parseTestExamples,
  predictAll,
  summarise,
  type Prediction,
} from '../../src/nlu/evaluate';
import type { TrainingData } from '../../src/content/trainingData';
import { CONTENT_DIR, PROJECT_ROOT } from '../../src/config/paths';
import { makeTempDir } from '../support/tempDir';
import { startFakeLanguageService, type FakeLanguageService } from './support/fakeLanguageService';
import { cluAnswer } from './support/recordedResponses';

const said = (expected: string, predicted: string): Prediction => ({
  text: 'x',
  expected,
  predicted,
  score: 1,
  latencyMs: 1,
});

describe('evaluation figures', () => {
  it('gives accuracy, per-intent precision and recall, and the most confused pairs', () => {
    const report = summarise([
      said('faq.cost', 'faq.cost'),
      said('faq.cost', 'faq.cost'),
      said('faq.cost', 'faq.privacy'),
      said('faq.privacy', 'faq.privacy'),
      said('faq.privacy', 'faq.cost'),
      said('greeting', NONE_INTENT),
      said('greeting', 'faq.cost'),
      said('thanks', ERROR_PREDICTION),
    ]);
    expect(report).toMatchObject({ total: 8, correct: 3, accuracy: 3 / 8, errors: 1 });
    const row = (intent: string) => report.perIntent.find((r) => r.intent === intent);
    // faq.cost: recognised 4 times, right twice; labelled 3 times.
    expect(row('faq.cost')).toMatchObject({
      support: 3,
      predicted: 4,
      correct: 2,
      precision: 0.5,
      recall: 2 / 3,
    });
    expect(row('faq.privacy')).toMatchObject({ support: 2, predicted: 2, precision: 0.5, recall: 0.5 });
    expect(row('greeting')).toMatchObject({ support: 2, predicted: 0, precision: undefined, recall: 0 });
    expect(row(NONE_INTENT)).toMatchObject({ support: 0, predicted: 1, precision: 0, recall: undefined });
    expect(report.confusions).toEqual([
      { expected: 'faq.cost', predicted: 'faq.privacy', count: 1 },
      { expected: 'faq.privacy', predicted: 'faq.cost', count: 1 },
      { expected: 'greeting', predicted: 'faq.cost', count: 1 },
      { expected: 'greeting', predicted: NONE_INTENT, count: 1 },
      { expected: 'thanks', predicted: ERROR_PREDICTION, count: 1 },
    ]);
  });

  it('orders confusions by how often they happen', () => {
    const report = summarise([
      said('a.b', 'c.d'),
      said('e.f', 'g.h'),
      said('e.f', 'g.h'),
      said('e.f', 'g.h'),
      said('a.b', 'c.d'),
    ]);
    expect(report.confusions.map((c) => c.count)).toEqual([3, 2]);
  });

  it('counts a recognizer that throws as an error, not a crash', async () => {
    const flaky: Recognizer = {
      recognize: (text) =>
        text === 'boom'
          ? Promise.reject(new Error('service down'))
          : Promise.resolve({ intent: 'greeting', score: 1, entities: [], source: 'local' }),
    };
    const predictions = await predictAll(flaky, [
      { text: 'hi', intent: 'greeting' },
      { text: 'boom', intent: 'greeting' },
    ]);
    expect(predictions.map((p) => p.predicted)).toEqual(['greeting', ERROR_PREDICTION]);
    expect(summarise(predictions)).toMatchObject({ correct: 1, errors: 1 });
  });
});

describe('k-fold splits', () => {
  it('tests every content utterance exactly once, never on a model trained on it', async () => {
    const data = (await loadContent(CONTENT_DIR)).utterances;
    const folds = kFoldSplits(data, 5);
    const all = data.intents.flatMap((i) => i.utterances);
    const tested = folds.flatMap((f) => f.test.map((e) => e.text));
    expect(tested.sort()).toEqual([...all].sort());
    for (const { train, test } of folds) {
      const trained = new Set(train.intents.flatMap((i) => i.utterances));
      expect(test.some((e) => trained.has(e.text))).toBe(false);
      expect(trained.size + test.length).toBe(all.length);
    }
  });

  it('needs at least two folds', () => {
    const data: TrainingData = {
      language: 'en',
      intents: [{ intent: 'greeting', utterances: ['a', 'b', 'c', 'd', 'e'] }],
    };
    expect(() => kFoldSplits(data, 1)).toThrow(/2 folds/);
  });
});

describe('test files', () => {
  it('reads the training format and the examples format', () => {
    expect(parseTestExamples({ intents: [{ intent: 'faq.cost', utterances: ['free?'] }] })).toEqual([
      { text: 'free?', intent: 'faq.cost' },
    ]);
    expect(parseTestExamples({ examples: [{ text: 'hello', intent: 'greeting' }] })).toEqual([
      { text: 'hello', intent: 'greeting' },
    ]);
    expect(() => parseTestExamples({ examples: [{ text: 'hello', intent: 'Not An Intent' }] })).toThrow();
  });
});

describe('npm run nlu:eval', () => {
  const run = (args: string[], env: Record<string, string> = {}) =>
    promisify(execFile)(
      process.execPath,
      [path.join(PROJECT_ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs'), 'scripts/nlu-eval.ts', ...args],
      { cwd: PROJECT_ROOT, env: { ...process.env, ...env } },
    );

  it('prints k-fold figures for the local model, and the figures for a test file', async () => {
    // A smaller copy of the content (12 utterances an intent), so the three trainings are quick.
    const content = await makeTempDir('psa-content-');
    await cp(CONTENT_DIR, content.dir, { recursive: true });
    const file = path.join(content.dir, 'nlu', 'utterances.json');
    const full = JSON.parse(await readFile(file, 'utf8')) as TrainingData;
    const small = {
      ...full,
      intents: full.intents.map((i) => ({ ...i, utterances: i.utterances.slice(0, 12) })),
    };
    await writeFile(file, JSON.stringify(small));
    const { stdout } = await run([
      content.dir,
      '--mode',
      'kfold',
      '--folds',
      '3',
      '--test-file',
      'content/nlu/test-phrasings.json',
      '--top',
      '3',
    ]);
    await content.remove();
    expect(stdout).toContain('3-fold cross-validation over all');
    expect(stdout).toMatch(/Overall accuracy: \d+\.\d% \(\d+\/\d+\)/);
    expect(stdout).toMatch(/faq\.cost\s+\d+%\s+\d+%\s+\d+/);
    expect(stdout).toContain('Most confused');
    expect(stdout).toContain('on content/nlu/test-phrasings.json: 72 examples');
  });

  it('prints the texts of the misses of a test file that is not locked', async () => {
    const { dir, remove } = await makeTempDir();
    const file = path.join(dir, 'phrasings.json');
    await writeFile(
      file,
      JSON.stringify({ examples: [{ text: 'purple elephants dancing on the moon', intent: 'faq.cost' }] }),
    );
    const { stdout } = await run(['--mode', 'none', '--test-file', file, '--misses']);
    expect(stdout).toContain('Misses (1)');
    expect(stdout).toContain('purple elephants dancing on the moon');
    await remove();
  });

  it('scores the locked split but never prints its phrasings', async () => {
    const locked = 'content/nlu/locked-test-phrasings.json';
    await expect(run(['--mode', 'none', '--test-file', locked, '--misses'])).rejects.toMatchObject({
      stderr: expect.stringContaining('is a locked test split: it is scored, never read') as unknown,
      stdout: '',
    });
    const { stdout } = await run(['--mode', 'none', '--test-file', locked, '--top', '100']);
    expect(stdout).toContain('(locked split: figures only)');
    expect(stdout).toMatch(/Overall accuracy: \d+\.\d%/);
    expect(stdout).not.toContain('Misses');
    // Only figures and intent names: every line of the report is a heading, a count or a table row.
    const lines = stdout.split('\n').filter((l) => l.trim() !== '');
    const allowed =
      /^(Local NLU|\(|Overall accuracy|intent\s|Most confused|No confusions|[a-z_.]+\s+(\d+%|—)|\s*\d+\s+[a-zA-Z_.]+ → [a-zA-Z_.()]+$)/;
    expect(lines.filter((l) => !allowed.test(l))).toEqual([]);
  });

  describe('with a cloud backend', () => {
    let fake: FakeLanguageService;
    beforeEach(async () => {
      fake = await startFakeLanguageService();
    });
    afterEach(async () => {
      await fake.close();
    });
    const cluEnv = (url: string) => ({
      CLU_ENDPOINT: url,
      CLU_KEY: 'fake-key',
      CLU_PROJECT: 'parent-support',
      CLU_DEPLOYMENT: 'production',
    });

    it('asks the deployed model about the held-out utterances and shows what it confuses', async () => {
      const data = (await loadContent(CONTENT_DIR)).utterances;
      const labels = new Map(data.intents.flatMap((i) => i.utterances.map((u) => [u, i.intent] as const)));
      // A model that gets everything right except cost questions, which it takes for privacy ones.
      fake.handle((request) => {
        const text = String(
          (request.body as { analysisInput: { conversationItem: { text: string } } }).analysisInput
            .conversationItem.text,
        );
        const intent = labels.get(text) ?? 'None';
        return { json: cluAnswer(text, intent === 'faq.cost' ? 'faq.privacy' : intent, 0.9) };
      });
      const { stdout } = await run(['--backend', 'clu'], cluEnv(fake.url));
      const heldOut = data.intents.reduce((n, i) => n + Math.floor(i.utterances.length / 5), 0);
      const cost = data.intents.find((i) => i.intent === 'faq.cost')!;
      const wrong = Math.floor(cost.utterances.length / 5);
      expect(fake.requests).toHaveLength(heldOut);
      expect(stdout).toContain(`Overall accuracy: ${((100 * (heldOut - wrong)) / heldOut).toFixed(1)}%`);
      expect(stdout).toMatch(/faq\.cost\s+—\s+0%/);
      expect(stdout).toContain(`${String(wrong).padStart(4)}  faq.cost → faq.privacy`);
      expect(stdout).toMatch(/Latency: p50 \d+ ms, p95 \d+ ms/);
    });

    it('counts answers below --min-score as not understood', async () => {
      fake.handle((request) => {
        const text = (request.body as { analysisInput: { conversationItem: { text: string } } }).analysisInput
          .conversationItem.text;
        return { json: cluAnswer(text, 'faq.cost', 0.6) };
      });
      const { stdout } = await run(
        ['--backend', 'clu', '--min-score', '0.75', '--top', '50'],
        cluEnv(fake.url),
      );
      expect(stdout).toContain('Answers scoring below 0.75 count as None.');
      expect(stdout).toMatch(/Overall accuracy: 0\.0% \(0\/\d+\)/);
      expect(stdout).toMatch(/faq\.cost → None/);
    });

    it('refuses k-fold for a cloud model, and says which settings are missing', async () => {
      await expect(run(['--backend', 'clu', '--mode', 'kfold'], cluEnv(fake.url))).rejects.toMatchObject({
        code: 1,
      });
      const failure = await run(['--backend', 'luis']).then(
        () => undefined,
        (err: { stderr?: string }) => err,
      );
      expect(failure?.stderr).toContain('RECOGNIZER=luis needs LUIS_APP_ID, LUIS_KEY, LUIS_ENDPOINT');
    });
  });
});
