import { z } from 'zod';
import type { Recognizer } from './Recognizer';
import { intentName, type TrainingData } from '../content/trainingData';

export interface LabelledExample {
  text: string;
  intent: string;
}

/**
 * A deterministic held-out split: of each intent's utterances, every `every`-th one (counting
 * from `offset`) is held out for testing and the rest are for training.
 */
export function holdOutSplit(
  data: TrainingData,
  every = 5,
  offset = every - 1,
): { train: TrainingData; test: LabelledExample[] } {
  const test: LabelledExample[] = [];
  const intents = data.intents.map(({ intent, utterances }) => {
    const kept: string[] = [];
    utterances.forEach((text, i) => {
      if (i % every === offset % every) test.push({ text, intent });
      else kept.push(text);
    });
    return { intent, utterances: kept };
  });
  return { train: { ...data, intents }, test };
}

export interface IntentAccuracy {
  intent: string;
  total: number;
  correct: number;
  /** What the wrongly recognised examples came out as. */
  confusedWith: string[];
}

export interface Evaluation {
  total: number;
  correct: number;
  accuracy: number;
  perIntent: IntentAccuracy[];
}

/** Runs every example through the recognizer and counts top-intent hits per intent. */
export async function evaluate(recognizer: Recognizer, examples: LabelledExample[]): Promise<Evaluation> {
  const perIntent = new Map<string, IntentAccuracy>();
  let correct = 0;
  for (const example of examples) {
    const entry = perIntent.get(example.intent) ?? {
      intent: example.intent,
      total: 0,
      correct: 0,
      confusedWith: [],
    };
    const { intent } = await recognizer.recognize(example.text);
    entry.total++;
    if (intent === example.intent) {
      entry.correct++;
      correct++;
    } else {
      entry.confusedWith.push(intent);
    }
    perIntent.set(example.intent, entry);
  }
  return {
    total: examples.length,
    correct,
    accuracy: examples.length === 0 ? 0 : correct / examples.length,
    perIntent: [...perIntent.values()].sort((a, b) => a.intent.localeCompare(b.intent)),
  };
}

// ---- Reports for npm run nlu:eval: k-fold splits, precision and recall, confusions ------------

/**
 * Deterministic k-fold splits: fold f tests, of each intent's utterances, those whose index is f
 * modulo k, and trains on the rest. Every utterance is tested exactly once over the k folds.
 */
export function kFoldSplits(
  data: TrainingData,
  folds: number,
): Array<{ train: TrainingData; test: LabelledExample[] }> {
  if (!Number.isInteger(folds) || folds < 2) throw new Error('k-fold needs at least 2 folds');
  return Array.from({ length: folds }, (_, fold) => holdOutSplit(data, folds, fold));
}

/** What the recognizer said for one labelled example. */
export interface Prediction {
  text: string;
  expected: string;
  /** The recognised intent, or ERROR_PREDICTION when the recognizer threw. */
  predicted: string;
  score: number;
  latencyMs: number;
}

/** Stands for a recognizer failure in predictions and confusions. */
export const ERROR_PREDICTION = '(error)';

/** Runs every example through the recognizer, one at a time, counting failures as ERROR_PREDICTION. */
export async function predictAll(recognizer: Recognizer, examples: LabelledExample[]): Promise<Prediction[]> {
  const predictions: Prediction[] = [];
  for (const { text, intent } of examples) {
    const started = performance.now();
    try {
      const result = await recognizer.recognize(text);
      predictions.push({
        text,
        expected: intent,
        predicted: result.intent,
        score: result.score,
        latencyMs: performance.now() - started,
      });
    } catch {
      predictions.push({
        text,
        expected: intent,
        predicted: ERROR_PREDICTION,
        score: 0,
        latencyMs: performance.now() - started,
      });
    }
  }
  return predictions;
}

export interface IntentScore {
  intent: string;
  /** Examples labelled with this intent. */
  support: number;
  /** Examples recognised as this intent. */
  predicted: number;
  correct: number;
  /** correct / predicted; undefined when the intent was never predicted. */
  precision: number | undefined;
  /** correct / support; undefined when no example is labelled with it. */
  recall: number | undefined;
}

export interface Confusion {
  expected: string;
  predicted: string;
  count: number;
}

export interface EvaluationReport {
  total: number;
  correct: number;
  accuracy: number;
  /** Recognizer failures (counted as wrong). */
  errors: number;
  /** Mean of the per-intent F1 over intents with examples. */
  macroF1: number;
  perIntent: IntentScore[];
  /** Wrong answers grouped by (expected, predicted), most frequent first. */
  confusions: Confusion[];
}

export function summarise(predictions: Prediction[]): EvaluationReport {
  const intents = new Map<string, IntentScore>();
  const entry = (intent: string) => {
    let found = intents.get(intent);
    if (!found) {
      found = { intent, support: 0, predicted: 0, correct: 0, precision: undefined, recall: undefined };
      intents.set(intent, found);
    }
    return found;
  };
  const confusions = new Map<string, Confusion>();
  let correct = 0;
  let errors = 0;
  for (const { expected, predicted } of predictions) {
    entry(expected).support++;
    if (predicted === ERROR_PREDICTION) errors++;
    else entry(predicted).predicted++;
    if (predicted === expected) {
      entry(expected).correct++;
      correct++;
    } else {
      const key = `${expected}\u0000${predicted}`;
      const confusion = confusions.get(key) ?? { expected, predicted, count: 0 };
      confusion.count++;
      confusions.set(key, confusion);
    }
  }
  const perIntent = [...intents.values()]
    .map((s) => ({
      ...s,
      precision: s.predicted > 0 ? s.correct / s.predicted : undefined,
      recall: s.support > 0 ? s.correct / s.support : undefined,
    }))
    .sort((a, b) => a.intent.localeCompare(b.intent));
  const f1s = perIntent
    .filter((s) => s.support > 0)
    .map(({ precision = 0, recall = 0 }) =>
      precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall),
    );
  return {
    total: predictions.length,
    correct,
    accuracy: predictions.length === 0 ? 0 : correct / predictions.length,
    errors,
    macroF1: f1s.length === 0 ? 0 : f1s.reduce((a, b) => a + b, 0) / f1s.length,
    perIntent,
    confusions: [...confusions.values()].sort(
      (a, b) =>
        b.count - a.count || a.expected.localeCompare(b.expected) || a.predicted.localeCompare(b.predicted),
    ),
  };
}

/**
 * A test file for nlu:eval: either the training format (`{ "intents": [{ "intent", "utterances" }] }`,
 * any number of utterances) or `{ "examples": [{ "text", "intent" }] }`.
 */
const testFileSchema = z.union([
  z.object({
    intents: z.array(z.object({ intent: intentName, utterances: z.array(z.string().trim().min(1)) })),
  }),
  z.object({ examples: z.array(z.object({ text: z.string().trim().min(1), intent: intentName })) }),
]);

export function parseTestExamples(json: unknown): LabelledExample[] {
  const file = testFileSchema.parse(json);
  if ('examples' in file) return file.examples;
  return file.intents.flatMap(({ intent, utterances }) => utterances.map((text) => ({ text, intent })));
}
