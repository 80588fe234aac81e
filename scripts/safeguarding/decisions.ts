/**
 * The risk check's decisions on every dev message, as a snapshot a speed change must not alter
 * (test/safeguarding/decisions.test.ts). A message is named by its file and line ("dev.jsonl:12");
 * the snapshot holds what the check decided, never the message's text.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../../src/config/paths';
import type { RiskDetector } from '../../src/safeguarding/riskReaders';
import { DEV_FILES } from './corpus';

export const DECISIONS_FILE = path.join(
  PROJECT_ROOT,
  'test',
  'safeguarding',
  'fixtures',
  'dev-decisions.json',
);

export interface Decision {
  /** "<file>:<line>" in test/blind/safeguarding/. */
  id: string;
  atRisk: boolean;
  categories: string[];
  /** The rules that matched (before the rule floor) and whether the model alone raised the alarm. */
  rules: string[];
  model: boolean;
  /** A short hash of the evidence shown to a PSW (so the snapshot holds no message text). */
  evidence: string;
}

/** Every dev message, named by file and line. */
export function devMessages(): Array<{ id: string; text: string }> {
  return DEV_FILES.flatMap((file) =>
    readFileSync(file, 'utf8')
      .split('\n')
      .map((line, i) => ({ line, i }))
      .filter(({ line }) => line.trim() !== '')
      .map(({ line, i }) => ({
        id: `${path.basename(file)}:${i + 1}`,
        text: (JSON.parse(line) as { text: string }).text,
      })),
  );
}

export function decide(detector: RiskDetector, id: string, text: string): Decision {
  const result = detector.detect(text);
  const reading = detector.read(text);
  return {
    id,
    atRisk: result.atRisk,
    categories: [...result.categories],
    rules: detector.byRules(text, reading).ruleIds,
    model: detector.byModel(text, reading).categories.length > 0,
    evidence: createHash('sha256').update(result.evidence.join('\n')).digest('hex').slice(0, 12),
  };
}
