import type { Recognizer } from './Recognizer';
import type { TrainingData } from './trainingData';

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
