/**
 * `npm run nlu:eval -- [content dir] [--backend local|luis|clu] [--mode holdout|kfold] [--every 5]
 * [--folds 5] [--test-file <file>] [--with-fallback] [--min-score 0] [--top 10]`
 *
 * How well a backend understands parents, with figures: overall accuracy, per-intent precision
 * and recall, and the most confused pairs of intents.
 *
 * - local (default): trains the local recognizer on most of the content's utterances and tests it
 *   on the rest: every 5th utterance of each intent held out (--mode holdout, --every n), or
 *   k-fold cross-validation (--mode kfold, --folds k: every utterance tested once).
 * - luis | clu: asks the deployed model (settings from the environment, as for the service) about
 *   the held-out utterances; a cloud model cannot be retrained per fold. Export the CLU project
 *   with `--test-every n` so those utterances are its Test set, not trained on. --with-fallback
 *   measures the whole chain (cloud, then local when it fails or is unsure).
 * - --min-score x: an answer scoring below x counts as None (the dialogs act only on confident
 *   answers; 0, the default, measures the top intent whatever its score).
 * - --test-file: also tests on a file of other phrasings (the training format, or
 *   `{ "examples": [{ "text", "intent" }] }`), the local model then trained on all the content
 *   (the shipped model, content/nlu/model.json, when it is up to date). --mode none skips the
 *   content's own split and measures the file only.
 * - --misses: also prints the texts of the wrongly recognised phrasings of the test file, to
 *   improve the content. Refused for a locked split (content/nlu/locked-test-phrasings.json, or a
 *   file whose "about" starts with LOCKED): its phrasings are only ever scored, never read. The
 *   locked split now is the second one (1,244 phrasings); the first (1,748) was retired after it was
 *   scored and reported, and is part of utterances.json. Tune with scripts/nlu-cv.ts instead.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from '../src/config';
import type { NluConfig } from '../src/config/nlu';
import { loadContent } from '../src/content/loadContent';
import { trainLocalRecognizer } from '../src/nlu/LocalRecognizer';
import { NONE_INTENT, type Recognizer } from '../src/nlu/Recognizer';
import { createCloudRecognizer, createRecognizer } from '../src/nlu/createRecognizer';
import {
  ERROR_PREDICTION,
  holdOutSplit,
  kFoldSplits,
  parseTestExamples,
  predictAll,
  summarise,
  type EvaluationReport,
  type LabelledExample,
  type Prediction,
} from '../src/nlu/evaluate';
import type { TrainingData } from '../src/content/trainingData';
import { createLogger } from '../src/observability/logger';
import { CONTENT_DIR } from '../src/config/paths';

const USAGE =
  'usage: npm run nlu:eval -- [content dir] [--backend local|luis|clu] [--mode holdout|kfold] [--every n] [--folds k] [--test-file <file>] [--with-fallback] [--min-score x] [--top n] [--misses]';

class UsageError extends Error {}

interface Options {
  backend: 'local' | 'luis' | 'clu';
  mode: 'holdout' | 'kfold' | 'none';
  every: number;
  folds: number;
  testFile: string | undefined;
  withFallback: boolean;
  minScore: number;
  top: number;
  misses: boolean;
  contentDir: string;
}

function readOptions(): Options {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      backend: { type: 'string', default: 'local' },
      mode: { type: 'string', default: 'holdout' },
      every: { type: 'string', default: '5' },
      folds: { type: 'string', default: '5' },
      'test-file': { type: 'string' },
      'with-fallback': { type: 'boolean', default: false },
      'min-score': { type: 'string', default: '0' },
      top: { type: 'string', default: '10' },
      misses: { type: 'boolean', default: false },
    },
  });
  const { backend, mode } = values;
  if (backend !== 'local' && backend !== 'luis' && backend !== 'clu') {
    throw new UsageError('--backend must be local, luis or clu');
  }
  if (mode !== 'holdout' && mode !== 'kfold' && mode !== 'none') {
    throw new UsageError('--mode must be holdout, kfold or none');
  }
  if (mode === 'none' && values['test-file'] === undefined)
    throw new UsageError('--mode none needs --test-file');
  if (values.misses && values['test-file'] === undefined) throw new UsageError('--misses needs --test-file');
  if (mode === 'kfold' && backend !== 'local') {
    throw new UsageError(
      'k-fold retrains the model for each fold: only the local backend can (use --mode holdout)',
    );
  }
  const whole = (name: string, value: string, min: number) => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < min)
      throw new UsageError(`--${name} must be a whole number, ${min} or more`);
    return n;
  };
  const minScore = Number(values['min-score']);
  if (!(minScore >= 0 && minScore <= 1)) throw new UsageError('--min-score must be a number from 0 to 1');
  return {
    backend,
    mode,
    minScore,
    every: whole('every', values.every, 2),
    folds: whole('folds', values.folds, 2),
    testFile: values['test-file'],
    withFallback: values['with-fallback'],
    top: whole('top', values.top, 1),
    misses: values.misses,
    contentDir: positionals[0] ?? CONTENT_DIR,
  };
}

/** The recognizer to measure, given what it may train on (the local model, or its fallback). */
async function recognizerFor(
  options: Options,
  nlu: NluConfig | undefined,
  train: TrainingData,
): Promise<Recognizer> {
  if (!nlu) return await trainLocalRecognizer(train);
  if (options.withFallback) return await createRecognizer(nlu, train, createLogger({ level: 'silent' }));
  const cloud = createCloudRecognizer(nlu);
  if (!cloud) throw new Error(`no cloud recognizer for ${nlu.recognizer}`);
  return cloud;
}

async function main(): Promise<void> {
  const options = readOptions();
  const data = (await loadContent(options.contentDir)).utterances;
  const nlu =
    options.backend === 'local' ? undefined : loadConfig({ ...process.env, RECOGNIZER: options.backend }).nlu;
  const name =
    options.backend === 'local'
      ? 'Local NLU (softmax regression)'
      : `${options.backend.toUpperCase()}${options.withFallback ? ' with local fallback' : ''}`;

  // 1. The content's own utterances, held out or k-fold.
  if (options.mode !== 'none') await evaluateContent(options, nlu, data, name);

  // 2. An optional file of other phrasings, against a model trained on all the content.
  if (options.testFile) {
    const json = JSON.parse(await readFile(options.testFile, 'utf8')) as unknown;
    const locked = isLocked(options.testFile, json);
    if (options.misses && locked) {
      throw new UsageError(
        `${options.testFile} is a locked test split: it is scored, never read (no --misses)`,
      );
    }
    const examples = parseTestExamples(json);
    const recognizer = await recognizerFor(options, nlu, data);
    const testPredictions = withThreshold(await predictAll(recognizer, examples), options.minScore);
    console.log('');
    console.log(
      `${name} on ${options.testFile}${locked ? ' (locked split: figures only)' : ''}: ${examples.length} examples, model trained on all the content.`,
    );
    if (options.minScore > 0)
      console.log(`Answers scoring below ${options.minScore} count as ${NONE_INTENT}.`);
    const overlap = countOverlap(data, examples);
    if (overlap > 0)
      console.log(`(${overlap} of them are also training utterances, which flatters the figures.)`);
    printReport(summarise(testPredictions), options.top, nlu !== undefined ? testPredictions : undefined);
    if (options.misses) printMisses(testPredictions);
  }
}

async function evaluateContent(
  options: Options,
  nlu: NluConfig | undefined,
  data: TrainingData,
  name: string,
): Promise<void> {
  const contentCount = data.intents.reduce((n, i) => n + i.utterances.length, 0);
  const predictions: Prediction[] = [];
  const trainingMs: number[] = [];
  const splits =
    options.mode === 'kfold' ? kFoldSplits(data, options.folds) : [holdOutSplit(data, options.every)];
  for (const { train, test } of splits) {
    const started = performance.now();
    const recognizer = await recognizerFor(options, nlu, train);
    trainingMs.push(performance.now() - started);
    predictions.push(...withThreshold(await predictAll(recognizer, test), options.minScore));
  }
  const how =
    options.mode === 'kfold'
      ? `${options.folds}-fold cross-validation over all ${contentCount} content utterances`
      : `every ${options.every}th utterance of each intent held out (${predictions.length} of ${contentCount})`;
  console.log(`${name}: ${data.intents.length} intents, ${how}.`);
  if (!nlu) {
    console.log(`Training took ${Math.round(average(trainingMs))} ms per model on average.`);
  } else if (options.backend === 'luis') {
    console.log(
      'LUIS has no Test set: if the app was trained on every content utterance, these figures are optimistic.',
    );
  } else {
    console.log(
      `The CLU project should be exported with --test-every ${options.every} so these are its Test set.`,
    );
  }
  if (options.minScore > 0) console.log(`Answers scoring below ${options.minScore} count as ${NONE_INTENT}.`);
  printReport(summarise(predictions), options.top, nlu !== undefined ? predictions : undefined);
}

function printReport(report: EvaluationReport, top: number, timed?: Prediction[]): void {
  const pct = (value: number | undefined) =>
    value === undefined ? '   —' : `${(100 * value).toFixed(0)}%`.padStart(4);
  console.log('');
  console.log(
    `Overall accuracy: ${(100 * report.accuracy).toFixed(1)}% (${report.correct}/${report.total})   macro F1: ${report.macroF1.toFixed(3)}` +
      (report.errors > 0 ? `   recognizer errors: ${report.errors}` : ''),
  );
  if (timed && timed.length > 0) {
    const latencies = timed.map((p) => p.latencyMs).sort((a, b) => a - b);
    console.log(
      `Latency: p50 ${Math.round(percentile(latencies, 0.5))} ms, p95 ${Math.round(percentile(latencies, 0.95))} ms`,
    );
  }
  console.log('');
  const width = Math.max(6, ...report.perIntent.map((r) => r.intent.length));
  console.log(`${'intent'.padEnd(width)}  precision  recall    n   (recall: the intent's own accuracy)`);
  for (const row of report.perIntent) {
    if (row.support === 0 && row.predicted === 0) continue;
    console.log(
      `${row.intent.padEnd(width)}  ${pct(row.precision).padStart(9)}  ${pct(row.recall).padStart(6)}  ${String(row.support).padStart(3)}`,
    );
  }
  console.log('(precision — : never recognised; recall — : no example labelled with it)');
  console.log('');
  if (report.confusions.length === 0) {
    console.log('No confusions.');
    return;
  }
  console.log('Most confused (labelled → recognised as):');
  for (const { expected, predicted, count } of report.confusions.slice(0, top)) {
    console.log(`${String(count).padStart(4)}  ${expected} → ${predicted}`);
  }
}

/** A locked test split is scored, never read: recognised by its name or its "about" line. */
function isLocked(file: string, json: unknown): boolean {
  const about =
    typeof json === 'object' && json !== null && 'about' in json && typeof json.about === 'string'
      ? json.about
      : '';
  return /locked/i.test(path.basename(file)) || /^LOCKED/.test(about);
}

/** The wrongly recognised phrasings of a (not locked) test file, by intent. */
function printMisses(predictions: Prediction[]): void {
  const misses = predictions
    .filter((p) => p.predicted !== p.expected)
    .sort((a, b) => a.expected.localeCompare(b.expected) || a.predicted.localeCompare(b.predicted));
  console.log('');
  console.log(`Misses (${misses.length}): labelled → recognised (score): text`);
  for (const m of misses) {
    console.log(`  ${m.expected} → ${m.predicted} (${m.score.toFixed(2)}): ${m.text.replace(/\s+/g, ' ')}`);
  }
}

/** Answers below the score the dialogs act on count as "not understood". */
function withThreshold(predictions: Prediction[], minScore: number): Prediction[] {
  return predictions.map((p) =>
    p.score < minScore && p.predicted !== ERROR_PREDICTION ? { ...p, predicted: NONE_INTENT } : p,
  );
}

function countOverlap(data: TrainingData, examples: LabelledExample[]): number {
  const trained = new Set(data.intents.flatMap((i) => i.utterances.map((u) => u.trim().toLowerCase())));
  return examples.filter((e) => trained.has(e.text.trim().toLowerCase())).length;
}

function average(values: number[]): number {
  return values.length === 0 ? 0 : values.reduce((a, b) => a + b, 0) / values.length;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0;
}

main().catch((err: unknown) => {
  if (err instanceof UsageError) console.error(`${err.message}\n${USAGE}`);
  else if (err instanceof ConfigError) console.error(`Cannot evaluate: ${err.problems.join('; ')}`);
  else console.error(err);
  process.exit(1);
});
