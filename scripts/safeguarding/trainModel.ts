/**
 * Offline training of the risk model (src/safeguarding/riskModel.ts): a multinomial logistic
 * regression (no risk + 17 categories) by stochastic gradient descent with L2, over word and
 * character n-grams seen in at least two training texts. Deterministic (seeded shuffle).
 */
import {
  features,
  MODEL_CLASSES,
  RiskModel,
  softmax,
  type ModelFile,
} from '../../src/safeguarding/riskModel';

export interface TrainingText {
  /** Normalised text. */
  text: string;
  /** Index in MODEL_CLASSES (0 = no risk). */
  label: number;
}

export interface TrainOptions {
  epochs: number;
  learningRate: number;
  l2: number;
  minCount: number;
  threshold: number;
  /** How much no risk weighs against all the risks together (1: as much; less favours recall). */
  noRiskWeight: number;
}

export const DEFAULT_TRAIN_OPTIONS: TrainOptions = {
  epochs: 30,
  learningRate: 1,
  l2: 1e-5,
  minCount: 2,
  threshold: 0.35,
  noRiskWeight: 1,
};

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

export function trainModel(
  unordered: TrainingText[],
  options: TrainOptions,
  about: string,
  trainedOn: string,
): ModelFile {
  // The same texts give the same model, whatever order the files list them in.
  const texts = [...unordered].sort(
    (a, b) => a.label - b.label || (a.text < b.text ? -1 : a.text > b.text ? 1 : 0),
  );
  const classCount = MODEL_CLASSES.length;
  const counts = new Map<string, number>();
  const featureLists = texts.map((t) => features(t.text));
  for (const list of featureLists) for (const f of list) counts.set(f, (counts.get(f) ?? 0) + 1);
  const index = new Map<string, number>();
  for (const [f, n] of counts) if (n >= options.minCount) index.set(f, index.size);
  const W = new Float64Array(index.size * classCount);
  const bias = new Float64Array(classCount);
  // Rows: the kept features of each text, weighted 1/sqrt(all its features) as at prediction.
  const rows = featureLists.map((list) => ({
    ids: list.map((f) => index.get(f)).filter((i): i is number => i !== undefined),
    x: list.length > 0 ? 1 / Math.sqrt(list.length) : 0,
  }));
  // No risk weighs as much as all the risks together, and each risk category the same, so the few
  // examples of a category are not drowned.
  const perClass = new Array<number>(classCount).fill(0);
  for (const t of texts) perClass[t.label]!++;
  const riskClasses = perClass.slice(1).filter((n) => n > 0).length;
  const classWeight = perClass.map((n, c) =>
    n === 0
      ? 0
      : c === 0
        ? (options.noRiskWeight * texts.length) / (2 * n)
        : texts.length / (2 * riskClasses * n),
  );
  const random = seededRandom(17);
  const order = texts.map((_, i) => i);
  for (let epoch = 0; epoch < options.epochs; epoch++) {
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
    const lr = options.learningRate / (1 + epoch * 0.1);
    for (const k of order) {
      const { ids, x } = rows[k]!;
      const label = texts[k]!.label;
      const scores = Float64Array.from(bias);
      for (const id of ids) for (let c = 0; c < classCount; c++) scores[c]! += W[id * classCount + c]! * x;
      const p = softmax(scores);
      const cw = classWeight[label]!;
      for (let c = 0; c < classCount; c++) {
        const g = cw * ((p[c] ?? 0) - (c === label ? 1 : 0));
        bias[c]! -= lr * g * 0.1;
        for (const id of ids) {
          const at = id * classCount + c;
          W[at]! -= lr * (g * x + options.l2 * W[at]!);
        }
      }
    }
  }
  const weights: Record<string, number[]> = {};
  for (const [f, id] of index) {
    const w = Array.from(
      W.subarray(id * classCount, (id + 1) * classCount),
      (v) => Math.round(v * 1000) / 1000,
    );
    if (w.some((v) => v !== 0)) weights[f] = w;
  }
  return {
    about,
    trainedAt: new Date().toISOString(),
    trainedOn,
    threshold: options.threshold,
    classes: [...MODEL_CLASSES],
    bias: Array.from(bias, (v) => Math.round(v * 1000) / 1000),
    weights,
  };
}

export function trainRiskModel(
  texts: TrainingText[],
  options: TrainOptions = DEFAULT_TRAIN_OPTIONS,
): RiskModel {
  return new RiskModel(trainModel(texts, options, 'cross-validation fold', `${texts.length} texts`));
}
