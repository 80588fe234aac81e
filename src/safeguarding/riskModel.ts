/**
 * The second opinion: a multinomial logistic regression over word and character n-grams, trained
 * offline by `npm run safeguarding:train` (scripts/safeguarding/) and shipped as
 * content/safeguarding/model.json. Character n-grams let typos and text-speak still match. Here it
 * is only loaded and applied: no training at start, no network, the same answer every time.
 */
import { readFileSync } from 'node:fs';
import type { RiskCategory } from '../content/riskCategories';
import { softmax } from '../nlu/SoftmaxRegression';
import { FeatureTable, visitFeatures } from './featureHashes';
import {
  MODEL_CLASSES,
  packedModelSchema,
  unpackModel,
  weightsOf,
  type ModelFile,
  type ModelWeights,
} from './modelFile';

export { MODEL_CLASSES, NO_RISK, type ModelFile } from './modelFile';

/**
 * Word unigrams and bigrams, and character 3- to 5-grams of the whole text (across word boundaries:
 * they beat n-grams inside words in cross-validation), of a normalised text.
 */
export function features(normalised: string): string[] {
  const out = new Set<string>();
  const words = normalised.split(' ').filter((w) => w.length > 0);
  for (let i = 0; i < words.length; i++) {
    out.add(`w ${words[i]!}`);
    if (i + 1 < words.length) out.add(`b ${words[i]!} ${words[i + 1]!}`);
  }
  // Across word boundaries ("_"), so short phrases ("l_mys" in "kill myself") are features too.
  const padded = `<${words.join('_')}>`;
  for (let n = 3; n <= 5; n++)
    for (let k = 0; k + n <= padded.length; k++) out.add(`c ${padded.slice(k, k + n)}`);
  return [...out];
}

export class RiskModel {
  /** Feature -> row of weights (featureHashes.ts), and the rows: classCount weights each. */
  private readonly table: FeatureTable;
  private readonly weights: Float64Array;
  /** The distinct features of the message being read (reused: prediction is synchronous). */
  private scratch = new FeatureTable(4096);
  private readonly bias: Float64Array;
  readonly threshold: number;
  readonly ruleFloor: number;
  readonly classCount = MODEL_CLASSES.length;
  private readonly parts: ModelWeights;

  /** From the trainer's model (feature strings) or from the on-disk model, unpacked (modelFile.ts). */
  constructor(source: ModelFile | ModelWeights) {
    this.parts = 'table' in source ? source : weightsOf(source);
    this.threshold = this.parts.threshold;
    this.ruleFloor = this.parts.ruleFloor;
    this.bias = this.parts.bias;
    this.table = this.parts.table;
    this.weights = this.parts.weights;
  }

  /** Reads content/safeguarding/model.json (the compact form written by npm run safeguarding:train). */
  static load(file: string): RiskModel {
    const parsed = packedModelSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new Error(`${file}: ${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'invalid'}`);
    }
    try {
      return new RiskModel(unpackModel(parsed.data));
    } catch (err) {
      throw new Error(`${file}: ${(err as Error).message}`, { cause: err });
    }
  }

  /** The same model raising the alarm at another p(risk) (for measuring). */
  withThreshold(threshold: number, ruleFloor = this.ruleFloor): RiskModel {
    return threshold === this.threshold && ruleFloor === this.ruleFloor
      ? this
      : new RiskModel({ ...this.parts, threshold, ruleFloor });
  }

  /** Class probabilities for a normalised text (features weighted 1/sqrt(count), as in training). */
  probabilities(normalised: string): Float64Array {
    // The distinct features (a scratch table per message) and the rows of those the model knows.
    const needed = normalised.length * 4 + 16;
    if (this.scratch.capacity < needed) this.scratch = new FeatureTable(needed);
    const seen = this.scratch;
    seen.clear();
    const rows: number[] = [];
    visitFeatures(normalised, (h1, h2) => {
      if (!seen.add(h1, h2)) return;
      const row = this.table.get(h1, h2);
      if (row >= 0) rows.push(row);
    });
    const scores = Float64Array.from(this.bias);
    const x = seen.size > 0 ? 1 / Math.sqrt(seen.size) : 0;
    const classes = this.classCount;
    for (const row of rows) {
      const at = row * classes;
      for (let c = 0; c < classes; c++) scores[c]! += this.weights[at + c]! * x;
    }
    return softmax(scores);
  }

  /** p(risk) and the most likely risk category. */
  assess(normalised: string): { pRisk: number; category: RiskCategory } {
    const p = this.probabilities(normalised);
    let best = 1;
    for (let c = 2; c < p.length; c++) if (p[c]! > p[best]!) best = c;
    return { pRisk: 1 - p[0]!, category: MODEL_CLASSES[best] as RiskCategory };
  }
}
