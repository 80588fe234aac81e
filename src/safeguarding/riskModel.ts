/**
 * The second opinion: a multinomial logistic regression over word and character n-grams, trained
 * offline by `npm run safeguarding:train` (scripts/safeguarding/) and shipped as
 * content/safeguarding/model.json. Character n-grams let typos and text-speak still match. Here it
 * is only loaded and applied: no training at start, no network, the same answer every time.
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { RISK_CATEGORIES, type RiskCategory } from '../content/riskCategories';
import { softmax } from '../nlu/SoftmaxRegression';
import { FeatureTable, hashFeature, visitFeatures } from './featureHashes';

/** The class for "no risk"; the others are the risk categories. */
export const NO_RISK = 'none';
export const MODEL_CLASSES = [NO_RISK, ...RISK_CATEGORIES] as const;

const modelSchema = z.object({
  about: z.string(),
  trainedAt: z.string(),
  trainedOn: z.string(),
  /** p(risk) at or above which the model raises the alarm. */
  threshold: z.number().min(0).max(1),
  /**
   * On a message the model reads (four words or more), the rules raise the alarm only when p(risk)
   * is at least this (0: always). Chosen in cross-validation: the rules' false alarms on new
   * writers' near-misses mostly have p(risk) near 0, their real finds have not.
   */
  ruleFloor: z.number().min(0).max(1).default(0),
  classes: z
    .array(z.string())
    .refine((c) => c.join() === MODEL_CLASSES.join(), 'classes must be none + the 17 categories'),
  bias: z.array(z.number()),
  /** Feature -> one weight per class. */
  weights: z.record(z.string(), z.array(z.number())),
});

export type ModelFile = z.infer<typeof modelSchema>;

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

  constructor(private readonly file: ModelFile) {
    this.threshold = file.threshold;
    this.ruleFloor = file.ruleFloor;
    this.bias = Float64Array.from(file.bias);
    if (this.bias.length !== this.classCount) throw new Error('model.json: bias needs one weight per class');
    const entries = Object.entries(file.weights);
    this.table = new FeatureTable(entries.length);
    this.weights = new Float64Array(entries.length * this.classCount);
    for (const [f, w] of entries) {
      if (w.length !== this.classCount) throw new Error(`model.json: ${f} needs one weight per class`);
      if (!this.table.add(...hashFeature(f)))
        throw new Error(`model.json: ${f} has the numbers of another feature`);
      this.weights.set(w, (this.table.size - 1) * this.classCount);
    }
  }

  static load(file: string): RiskModel {
    const parsed = modelSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new Error(`${file}: ${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'invalid'}`);
    }
    return new RiskModel(parsed.data);
  }

  /** The same model raising the alarm at another p(risk) (for measuring). */
  withThreshold(threshold: number, ruleFloor = this.ruleFloor): RiskModel {
    return threshold === this.threshold && ruleFloor === this.ruleFloor
      ? this
      : new RiskModel({ ...this.file, threshold, ruleFloor });
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
