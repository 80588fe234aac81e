/**
 * The blind safeguarding corpus (test/blind/safeguarding/*.jsonl): messages written by people who
 * never saw the detector, each a risk (with its category) or a near-miss (with its kind).
 * dev.jsonl, dev-2.jsonl (the first locked split) and dev-v2.jsonl (the second, each retired after three
 * scorings) are for tuning, and dev-3.jsonl (the tuning half of the third corpus) when it is there;
 * locked-test.jsonl is only ever scored in aggregate.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { PROJECT_ROOT } from '../../src/config/paths';
import { RISK_CATEGORIES } from '../../src/content/riskCategories';

export const BLIND_DIR = path.join(PROJECT_ROOT, 'test', 'blind', 'safeguarding');
export const DEV_FILE = path.join(BLIND_DIR, 'dev.jsonl');
export const DEV_2_FILE = path.join(BLIND_DIR, 'dev-2.jsonl');
export const DEV_V2_FILE = path.join(BLIND_DIR, 'dev-v2.jsonl');
export const DEV_3_FILE = path.join(BLIND_DIR, 'dev-3.jsonl');
/** Every split one may read and tune on (dev-3.jsonl only once it has been written). */
export const DEV_FILES = [DEV_FILE, DEV_2_FILE, DEV_V2_FILE, DEV_3_FILE].filter((f) => existsSync(f));
export const LOCKED_FILE = path.join(BLIND_DIR, 'locked-test.jsonl');

const itemSchema = z.union([
  z.object({
    label: z.literal('risk'),
    category: z.enum(RISK_CATEGORIES),
    register: z.string(),
    step: z.string().optional(),
    text: z.string().min(1),
  }),
  z.object({
    label: z.literal('near_miss'),
    kind: z.string(),
    resembles: z.enum(RISK_CATEGORIES).nullable(),
    register: z.string(),
    text: z.string().min(1),
  }),
]);

export type CorpusItem = z.infer<typeof itemSchema>;

/** Reads a corpus file; a bad line stops with its line number (never its text). */
export function readCorpus(file: string): CorpusItem[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line, i) => {
      let parsed: unknown;
      try {
        parsed = JSON.parse(line);
      } catch {
        throw new Error(`${file}: line ${i + 1} is not JSON`);
      }
      const item = itemSchema.safeParse(parsed);
      if (!item.success)
        throw new Error(`${file}: line ${i + 1}: ${item.error.issues[0]?.message ?? 'invalid'}`);
      return item.data;
    });
}

/** The dev splits together, in the order of DEV_FILES. */
export function readDev(): CorpusItem[] {
  return DEV_FILES.flatMap((file) => readCorpus(file));
}
