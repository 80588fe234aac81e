import { analyse, compileLists, type CompiledList, type Features } from './features';
import type { RecognizedEntity } from './Recognizer';
import { normalise, SoftmaxRegression, type SoftmaxJson, type SoftmaxSettings } from './SoftmaxRegression';
import type { TrainingData } from '../content/trainingData';

/**
 * The local intent classifier: multinomial logistic regression (SoftmaxRegression.ts) over the
 * features of features.ts (words, word pairs, letter triples and topic list entities), scaled to
 * length 1. Chosen over NLP.js's intent network by grouped k-fold cross-validation (docs/nlu.md).
 */
export interface Classification {
  /** The most probable intent, or undefined when the model knows no intents. */
  intent: string | undefined;
  /** Its probability, 0 to 1, calibrated in cross-validation (see TEMPERATURE). */
  score: number;
  entities: RecognizedEntity[];
}

/**
 * Tuned by grouped 5-fold cross-validation on the content (`npx tsx scripts/nlu-cv.ts`). TEMPERATURE
 * is the one that gave the cross-validated scores the least log loss, so a score of 0.75 means about
 * three in four such answers are right (in practice more: see docs/nlu.md).
 */
export const SETTINGS: SoftmaxSettings = { epochs: 10, learningRate: 0.5, l2: 1e-4, temperature: 0.65 };

/** A feature must occur in at least this many utterances to be learnt from. */
const MIN_COUNT = 2;

/** Change when SETTINGS, MIN_COUNT or the model change, so a shipped model is retrained. */
export const NETWORK_VERSION = 3;

export class IntentClassifier {
  private readonly lists: CompiledList[];

  private constructor(
    private readonly model: SoftmaxRegression,
    data: TrainingData,
  ) {
    this.lists = compileLists(data.lists ?? []);
  }

  static train(data: TrainingData, settings = SETTINGS, minCount = MIN_COUNT): IntentClassifier {
    const lists = compileLists(data.lists ?? []);
    const examples = data.intents.flatMap(({ intent, utterances }) =>
      utterances.map((text) => ({ input: analyse(text, lists).features, label: intent })),
    );
    // A feature seen in only one utterance is mostly noise, and makes the model bigger.
    const seen = new Map<string, number>();
    for (const { input } of examples) for (const f of Object.keys(input)) seen.set(f, (seen.get(f) ?? 0) + 1);
    const kept = (input: Features): Features =>
      Object.fromEntries(Object.entries(input).filter(([f]) => (seen.get(f) ?? 0) >= minCount));
    const model = SoftmaxRegression.train(
      examples.map(({ input, label }) => ({ input: normalise(kept(input)), label })),
      settings,
    );
    return new IntentClassifier(model, data);
  }

  /** A classifier from a model saved by toJSON, for the same training data. */
  static fromJSON(json: SoftmaxJson, data: TrainingData): IntentClassifier {
    return new IntentClassifier(SoftmaxRegression.fromJSON(json), data);
  }

  toJSON(): SoftmaxJson {
    return this.model.toJSON();
  }

  /** Every intent's probability for the text, highest first (at the model's temperature unless given). */
  probabilities(text: string, temperature?: number): Array<{ label: string; p: number }> {
    return this.model.predict(normalise(this.model.known(analyse(text, this.lists).features)), temperature);
  }

  classify(text: string): Classification {
    const { features, entities } = analyse(text, this.lists);
    const [best] = this.model.predict(normalise(this.model.known(features)));
    return best ? { intent: best.label, score: best.p, entities } : { intent: undefined, score: 0, entities };
  }
}
