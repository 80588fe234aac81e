/**
 * The earlier local classifier, NLP.js's intent network (@nlpjs/neural), kept only so scripts/nlu-cv.ts
 * can compare it with the shipped softmax regression in the same cross-validation.
 */
import { NeuralNetwork, type NeuralNetworkJson } from '@nlpjs/neural';
import { analyse, compileLists, type CompiledList } from '../src/nlu/features';
import type { RecognizedEntity } from '../src/nlu/Recognizer';
import type { TrainingData } from '../src/content/trainingData';

/**
 * NLP.js's intent network (@nlpjs/neural: one perceptron per intent) over the features of
 * features.ts: words, word pairs, letter triples and topic list entities.
 */
export interface Classification {
  /** The best intent, or undefined when no intent's output is above zero. */
  intent: string | undefined;
  /** The best intent's share of the squared outputs (NLP.js's own normalisation), 0 to 1. */
  score: number;
  entities: RecognizedEntity[];
}

/** NLP.js's defaults, with fewer rounds and a smaller learning rate (0.1, not 0.6): better on the blind phrasings, and quicker. */
const NETWORK_SETTINGS = { iterations: 30, learningRate: 0.1, log: false } as const;

/** A feature must occur in at least this many utterances to be learnt from. */
const MIN_COUNT = 2;

/** Change when the network settings or MIN_COUNT change, so a shipped model is retrained. */
export const NETWORK_VERSION = 2;

export class NetworkClassifier {
  private readonly lists: CompiledList[];

  private constructor(
    private readonly network: NeuralNetwork,
    data: TrainingData,
  ) {
    this.lists = compileLists(data.lists ?? []);
  }

  static train(data: TrainingData): NetworkClassifier {
    const lists = compileLists(data.lists ?? []);
    const examples = data.intents.flatMap(({ intent, utterances }) =>
      utterances.map((text) => ({ input: analyse(text, lists).features, output: { [intent]: 1 } })),
    );
    // A feature seen in only one utterance is mostly noise, and makes the model bigger.
    const seen = new Map<string, number>();
    for (const { input } of examples) for (const f of Object.keys(input)) seen.set(f, (seen.get(f) ?? 0) + 1);
    const corpus = examples.map(({ input, output }) => ({
      input: Object.fromEntries(Object.entries(input).filter(([f]) => (seen.get(f) ?? 0) >= MIN_COUNT)),
      output,
    }));
    const network = new NeuralNetwork({ ...NETWORK_SETTINGS });
    network.train(corpus);
    return new NetworkClassifier(network, data);
  }

  /** A classifier from a model saved by toJSON, for the same training data. */
  static fromJSON(json: NeuralNetworkJson, data: TrainingData): NetworkClassifier {
    const network = new NeuralNetwork();
    network.fromJSON(json);
    return new NetworkClassifier(network, data);
  }

  toJSON(): NeuralNetworkJson {
    return this.network.toJSON();
  }

  outputs(text: string): Record<string, number> {
    return this.network.run(analyse(text, this.lists).features) ?? {};
  }

  classify(text: string): Classification {
    const { features, entities } = analyse(text, this.lists);
    const outputs = this.network.run(features) ?? {};
    let best: string | undefined;
    let top = 0;
    let total = 0;
    for (const [intent, output] of Object.entries(outputs)) {
      total += output * output;
      if (output > top) {
        top = output;
        best = intent;
      }
    }
    if (best === undefined) return { intent: this.leastNegative(features), score: 0, entities };
    return { intent: best, score: (top * top) / total, entities };
  }

  /** When every intent's output is cut to zero, the intent whose weighted sum came closest. */
  private leastNegative(features: Record<string, number>): string | undefined {
    const json = this.model;
    let best: string | undefined;
    let top = -Infinity;
    json.intents.forEach((intent, i) => {
      const weights = json.perceptrons[i]!;
      let sum = weights[weights.length - 1]!;
      for (const [feature, value] of Object.entries(features)) {
        const index = json.index.get(feature);
        if (index !== undefined) sum += value * weights[index]!;
      }
      if (sum > top) {
        top = sum;
        best = intent;
      }
    });
    return best;
  }

  private cachedModel: { intents: string[]; perceptrons: number[][]; index: Map<string, number> } | undefined;

  private get model(): { intents: string[]; perceptrons: number[][]; index: Map<string, number> } {
    if (!this.cachedModel) {
      const json = this.network.toJSON();
      this.cachedModel = {
        intents: json.intents ?? [],
        perceptrons: json.perceptrons ?? [],
        index: new Map((json.features ?? []).map((f, i) => [f, i])),
      };
    }
    return this.cachedModel;
  }
}
