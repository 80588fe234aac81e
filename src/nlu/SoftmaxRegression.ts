/**
 * Multinomial logistic regression (softmax regression) over sparse features, with L2 regularisation,
 * trained by AdaGrad on shuffled examples (a fixed seed: the same data gives the same model). The one
 * implementation in the project: the local intent classifier (IntentClassifier.ts) and the
 * safeguarding risk model (scripts/safeguarding/trainModel.ts, src/safeguarding/riskModel.ts) both
 * train with it; an example may weigh more than another (the risk model's class weights).
 *
 * Written here rather than taken from a library: the maintained JavaScript options either need a
 * dense matrix (tens of thousands of features × thousands of utterances), native or WebAssembly
 * builds, or have no regularised multinomial model. This is ~120 lines, tested in
 * test/nlu/softmaxRegression.test.ts, and in k-fold cross-validation on the content it beats NLP.js's
 * network by several points (docs/nlu.md, "Choosing the classifier").
 */
export interface SoftmaxSettings {
  /** Passes over the training data. */
  epochs: number;
  /** AdaGrad's base learning rate. */
  learningRate: number;
  /** L2 penalty per weight and example. */
  l2: number;
  /** Probabilities are softmax(logits / temperature): above 1 softens them (fitted in cross-validation). */
  temperature: number;
}

export interface SoftmaxJson {
  settings: SoftmaxSettings;
  features: string[];
  classes: string[];
  /** weights[c] has one weight per feature, then the class's bias. */
  weights: number[][];
}

export type SparseVector = Record<string, number>;

export interface TrainingExample {
  input: SparseVector;
  label: string;
  /** How much the example counts (its gradient is multiplied by it); 1 when not given. */
  weight?: number;
}

/** Probabilities from logits: a new array that adds up to 1. */
export function softmax(logits: ArrayLike<number>): Float64Array {
  let max = -Infinity;
  for (let c = 0; c < logits.length; c++) max = Math.max(max, logits[c]!);
  let sum = 0;
  const out = new Float64Array(logits.length);
  for (let c = 0; c < logits.length; c++) sum += out[c] = Math.exp(logits[c]! - max);
  for (let c = 0; c < logits.length; c++) out[c]! /= sum;
  return out;
}

/** Scales a feature vector to length 1, so long and short messages weigh alike. */
export function normalise(vector: SparseVector): SparseVector {
  let sum = 0;
  for (const v of Object.values(vector)) sum += v * v;
  const norm = Math.sqrt(sum) || 1;
  return Object.fromEntries(Object.entries(vector).map(([k, v]) => [k, v / norm]));
}

function seededRandom(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export class SoftmaxRegression {
  private readonly index: Map<string, number>;

  private constructor(private readonly json: SoftmaxJson) {
    this.index = new Map(json.features.map((f, i) => [f, i]));
  }

  static train(examples: ReadonlyArray<TrainingExample>, settings: SoftmaxSettings): SoftmaxRegression {
    const classes = [...new Set(examples.map((e) => e.label))].sort();
    const features = [...new Set(examples.flatMap((e) => Object.keys(e.input)))].sort();
    const featureIndex = new Map(features.map((f, i) => [f, i]));
    const classIndex = new Map(classes.map((c, i) => [c, i]));
    const width = features.length + 1; // the last weight is the bias
    const weights = classes.map(() => new Float64Array(width));
    const squares = classes.map(() => new Float64Array(width).fill(1e-8));
    const rows = examples.map((e) => ({
      ids: Object.keys(e.input).map((f) => featureIndex.get(f)!),
      values: Object.values(e.input),
      label: classIndex.get(e.label)!,
      weight: e.weight ?? 1,
    }));
    const order = rows.map((_, i) => i);
    const random = seededRandom(11);
    const probabilities = new Float64Array(classes.length);
    for (let epoch = 0; epoch < settings.epochs; epoch++) {
      for (let i = order.length - 1; i > 0; i--) {
        const j = Math.floor(random() * (i + 1));
        [order[i], order[j]] = [order[j]!, order[i]!];
      }
      for (const r of order) {
        const { ids, values, label, weight } = rows[r]!;
        let max = -Infinity;
        for (let c = 0; c < classes.length; c++) {
          const w = weights[c]!;
          let z = w[width - 1]!;
          for (let k = 0; k < ids.length; k++) z += w[ids[k]!]! * values[k]!;
          probabilities[c] = z;
          if (z > max) max = z;
        }
        let total = 0;
        for (let c = 0; c < classes.length; c++)
          total += probabilities[c] = Math.exp(probabilities[c]! - max);
        for (let c = 0; c < classes.length; c++) {
          const error = weight * (probabilities[c]! / total - (c === label ? 1 : 0));
          const w = weights[c]!;
          const g2 = squares[c]!;
          for (let k = -1; k < ids.length; k++) {
            const f = k < 0 ? width - 1 : ids[k]!;
            const gradient = error * (k < 0 ? 1 : values[k]!) + (k < 0 ? 0 : settings.l2 * w[f]!);
            g2[f]! += gradient * gradient;
            w[f]! -= (settings.learningRate * gradient) / Math.sqrt(g2[f]!);
          }
        }
      }
    }
    return new SoftmaxRegression({ settings, features, classes, weights: weights.map((w) => Array.from(w)) });
  }

  static fromJSON(json: SoftmaxJson): SoftmaxRegression {
    return new SoftmaxRegression(json);
  }

  /** The input without the features the model never learnt (before normalising, as in training). */
  known(input: SparseVector): SparseVector {
    return Object.fromEntries(Object.entries(input).filter(([f]) => this.index.has(f)));
  }

  toJSON(): SoftmaxJson {
    return this.json;
  }

  /** Each class's probability for the input, highest first. */
  predict(
    input: SparseVector,
    temperature = this.json.settings.temperature,
  ): Array<{ label: string; p: number }> {
    const { classes, weights } = this.json;
    const width = this.json.features.length + 1;
    // The input's known features looked up once, not once per class (same order, same sums).
    const ids: number[] = [];
    const values: number[] = [];
    for (const [f, v] of Object.entries(input)) {
      const i = this.index.get(f);
      if (i === undefined) continue;
      ids.push(i);
      values.push(v);
    }
    const logits = classes.map((_, c) => {
      const w = weights[c]!;
      let z = w[width - 1]!;
      for (let k = 0; k < ids.length; k++) z += w[ids[k]!]! * values[k]!;
      return z / temperature;
    });
    const max = Math.max(...logits);
    const exps = logits.map((z) => Math.exp(z - max));
    const total = exps.reduce((a, b) => a + b, 0);
    return classes.map((label, c) => ({ label, p: exps[c]! / total })).sort((a, b) => b.p - a.p);
  }
}
