/**
 * Offline training of the risk model (src/safeguarding/riskModel.ts): a multinomial logistic
 * regression (no risk + 17 categories) over word and character n-grams seen in at least two training
 * texts, trained by the project's one softmax regression (src/nlu/SoftmaxRegression.ts: AdaGrad, L2,
 * seeded), with class weights, and written in the risk model's sparse file format.
 */
import { SoftmaxRegression, type TrainingExample } from '../../src/nlu/SoftmaxRegression';
import { features, MODEL_CLASSES, RiskModel, type ModelFile } from '../../src/safeguarding/riskModel';

export interface TrainingText {
  /** Normalised text. */
  text: string;
  /** Index in MODEL_CLASSES (0 = no risk). */
  label: number;
  /** Reviewed content (rule, idiom, context and everyday examples) counts TrainOptions.contentWeight times. */
  reviewed?: boolean;
}

export interface TrainOptions {
  epochs: number;
  learningRate: number;
  l2: number;
  minCount: number;
  threshold: number;
  /** p(risk) the rules need from the model on a message it reads (model.json ruleFloor). */
  ruleFloor: number;
  /** How much no risk weighs against all the risks together (1: as much; less favours recall). */
  noRiskWeight: number;
  /** How much a reviewed content example counts against a corpus message. */
  contentWeight: number;
}

export const DEFAULT_TRAIN_OPTIONS: TrainOptions = {
  epochs: 10,
  learningRate: 0.5,
  l2: 1e-3,
  minCount: 2,
  threshold: 0.25,
  ruleFloor: 0.1,
  noRiskWeight: 1,
  contentWeight: 1,
};

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
  const kept = new Set<string>();
  for (const [f, n] of counts) if (n >= options.minCount) kept.add(f);
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
  // The kept features of each text, weighted 1/sqrt(all its features) as at prediction.
  const examples: TrainingExample[] = featureLists.map((list, k) => {
    const x = list.length > 0 ? 1 / Math.sqrt(list.length) : 0;
    const input: Record<string, number> = {};
    for (const f of list) if (kept.has(f)) input[f] = x;
    const { label, reviewed } = texts[k]!;
    const weight = classWeight[label]! * (reviewed ? options.contentWeight : 1);
    return { input, label: MODEL_CLASSES[label]!, weight };
  });
  const trained = SoftmaxRegression.train(examples, {
    epochs: options.epochs,
    learningRate: options.learningRate,
    l2: options.l2,
    temperature: 1,
  }).toJSON();
  // Back to the risk model's order of classes (a class with no examples never wins) and sparse rows.
  const rowOf = MODEL_CLASSES.map((c) => trained.classes.indexOf(c));
  const round = (v: number) => Math.round(v * 1000) / 1000;
  const width = trained.features.length;
  const bias = rowOf.map((r) => (r < 0 ? -20 : round(trained.weights[r]![width]!)));
  const weights: Record<string, number[]> = {};
  trained.features.forEach((f, i) => {
    const w = rowOf.map((r) => (r < 0 ? 0 : round(trained.weights[r]![i]!)));
    if (w.some((v) => v !== 0)) weights[f] = w;
  });
  return {
    about,
    trainedAt: new Date().toISOString(),
    trainedOn,
    threshold: options.threshold,
    ruleFloor: options.ruleFloor,
    classes: [...MODEL_CLASSES],
    bias,
    weights,
  };
}

export function trainRiskModel(
  texts: TrainingText[],
  options: TrainOptions = DEFAULT_TRAIN_OPTIONS,
): RiskModel {
  return new RiskModel(trainModel(texts, options, 'cross-validation fold', `${texts.length} texts`));
}
