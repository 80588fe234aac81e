/**
 * The risk model's file on disk (content/safeguarding/model.json), compact so that it loads fast at
 * start: each feature by its pair of 30-bit hashes (featureHashes.ts) rather than its string, and its
 * weights as whole thousandths (the trainer rounds every weight to 0.001) in 16-bit integers, the two
 * arrays deflated and base64-encoded. Lossless: a weight read back is k / 1000, the very number the
 * trainer wrote, so the same probabilities to the last bit as the plain JSON form.
 */
import { endianness } from 'node:os';
import { deflateSync, inflateSync } from 'node:zlib';
import { z } from 'zod';
import { RISK_CATEGORIES } from '../content/riskCategories';
import { FeatureTable, hashFeature } from './featureHashes';

/** The class for "no risk"; the others are the risk categories. */
export const NO_RISK = 'none';
export const MODEL_CLASSES = [NO_RISK, ...RISK_CATEGORIES] as const;

export const PACKED_FORMAT = 'hashed-features, int16 thousandths, deflated, base64 (1)';

/** Weights are written in thousandths: |weight| up to 32.767. */
const SCALE = 1000;

const meta = {
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
};

/** The model as the trainer makes it: feature string -> one weight per class. */
export const modelSchema = z.object({ ...meta, weights: z.record(z.string(), z.array(z.number())) });
export type ModelFile = z.infer<typeof modelSchema>;

/** The model as written to disk. */
export const packedModelSchema = z.object({
  ...meta,
  format: z.literal(PACKED_FORMAT),
  features: z.number().int().min(0),
  /** Deflated little-endian int32 pairs (h1, h2), one per feature. */
  hashes: z.string(),
  /** Deflated little-endian int16 thousandths, one row of classes per feature. */
  weights: z.string(),
});
export type PackedModelFile = z.infer<typeof packedModelSchema>;

/** What prediction needs: features -> rows, and the rows of weights. */
export interface ModelWeights {
  threshold: number;
  ruleFloor: number;
  bias: Float64Array;
  table: FeatureTable;
  /** classCount weights per row. */
  weights: Float64Array;
}

const classCount = MODEL_CLASSES.length;

/** The trainer's model in the on-disk form; refuses a weight that is not a whole thousandth. */
export function packModel(file: ModelFile): PackedModelFile {
  const entries = Object.entries(file.weights);
  const hashes = Buffer.alloc(entries.length * 8);
  const weights = Buffer.alloc(entries.length * classCount * 2);
  entries.forEach(([feature, row], i) => {
    if (row.length !== classCount) throw new Error(`model: ${feature} needs one weight per class`);
    const [h1, h2] = hashFeature(feature);
    hashes.writeInt32LE(h1, i * 8);
    hashes.writeInt32LE(h2, i * 8 + 4);
    row.forEach((w, c) => {
      const k = Math.round(w * SCALE);
      if (k / SCALE !== w || Math.abs(k) > 32767)
        throw new Error(`model: the weight ${w} of ${feature} is not a whole thousandth under 32.768`);
      weights.writeInt16LE(k, (i * classCount + c) * 2);
    });
  });
  const { weights: _strings, ...rest } = file;
  return {
    ...rest,
    format: PACKED_FORMAT,
    features: entries.length,
    hashes: deflateSync(hashes, { level: 9 }).toString('base64'),
    weights: deflateSync(weights, { level: 9 }).toString('base64'),
  };
}

/** The settings and bias either file form holds, with the features' table and weights. */
function ready(
  file: { threshold: number; ruleFloor: number; bias: number[] },
  table: FeatureTable,
  weights: Float64Array,
): ModelWeights {
  if (file.bias.length !== classCount) throw new Error('model.json: bias needs one weight per class');
  return {
    threshold: file.threshold,
    ruleFloor: file.ruleFloor,
    bias: Float64Array.from(file.bias),
    table,
    weights,
  };
}

/** The trainer's model, ready to predict (features looked up by their hashes). */
export function weightsOf(file: ModelFile): ModelWeights {
  const entries = Object.entries(file.weights);
  const table = new FeatureTable(entries.length);
  const weights = new Float64Array(entries.length * classCount);
  for (const [f, w] of entries) {
    if (w.length !== classCount) throw new Error(`model.json: ${f} needs one weight per class`);
    if (!table.add(...hashFeature(f))) throw new Error(`model.json: ${f} has the numbers of another feature`);
    weights.set(w, (table.size - 1) * classCount);
  }
  return ready(file, table, weights);
}

/** The 16-bit integers of a buffer (a view when the machine is little-endian, as nearly all are). */
function littleEndianInt16s(bytes: Buffer): Int16Array {
  if (endianness() === 'LE') {
    const aligned = bytes.byteOffset % 2 === 0 ? bytes : Buffer.from(bytes);
    return new Int16Array(aligned.buffer, aligned.byteOffset, aligned.length / 2);
  }
  const out = new Int16Array(bytes.length / 2);
  for (let k = 0; k < out.length; k++) out[k] = bytes.readInt16LE(k * 2);
  return out;
}

/** The on-disk model, ready to predict. */
export function unpackModel(file: PackedModelFile): ModelWeights {
  const n = file.features;
  const hashes = inflateSync(Buffer.from(file.hashes, 'base64'));
  const packed = inflateSync(Buffer.from(file.weights, 'base64'));
  if (hashes.length !== n * 8 || packed.length !== n * classCount * 2)
    throw new Error(`model.json: hashes or weights do not hold ${n} features of ${classCount} classes`);
  const table = new FeatureTable(n);
  for (let i = 0; i < n; i++)
    if (!table.add(hashes.readInt32LE(i * 8), hashes.readInt32LE(i * 8 + 4)))
      throw new Error(`model.json: feature ${i} has the numbers of another feature`);
  const weights = new Float64Array(n * classCount);
  const ints = littleEndianInt16s(packed);
  for (let k = 0; k < weights.length; k++) weights[k] = ints[k]! / SCALE;
  return ready(file, table, weights);
}
