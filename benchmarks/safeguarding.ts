/**
 * The risk check's speed on this machine, per message, over the blind corpus's dev splits (only
 * timed, never printed). Run: npm run bench:safeguarding (prints a table; asserts nothing; about 10 s,
 * more on a busy machine). Target: p99 under 1 ms per message for the whole check.
 */
import { performance } from 'node:perf_hooks';
import { readDev } from '../scripts/safeguarding/corpus';
import path from 'node:path';
import { defaultRiskDetector, detectRisk } from '../src/safeguarding/riskDetector';
import { RiskModel } from '../src/safeguarding/riskModel';
import { loadRuleSet, SAFEGUARDING_CONTENT_DIR } from '../src/safeguarding/riskRules';

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0;
}

const ms = (value: number) => `${value.toFixed(3)} ms`;

/**
 * Per-message time, sorted: each message is checked three times and the fastest kept, so that a
 * pause of this process on a busy shared machine does not count as the check's own time.
 */
function time(messages: string[], check: (text: string) => unknown): number[] {
  const out: number[] = [];
  for (const text of messages) {
    let best = Infinity;
    for (let k = 0; k < 3; k++) {
      const started = performance.now();
      check(text);
      best = Math.min(best, performance.now() - started);
    }
    out.push(best);
  }
  return out.sort((a, b) => a - b);
}

function main(): void {
  const detector = defaultRiskDetector();
  // What loading costs at start (done again here to time it): the rules compiled, the model read.
  let started = performance.now();
  loadRuleSet(SAFEGUARDING_CONTENT_DIR);
  const rulesMs = performance.now() - started;
  started = performance.now();
  RiskModel.load(path.join(SAFEGUARDING_CONTENT_DIR, 'model.json'));
  const modelMs = performance.now() - started;
  const messages = readDev().map((item) => item.text);
  time(messages.slice(0, 100), detectRisk); // warm-up
  const rows: Array<[string, number[]]> = [
    ['whole check (detectRisk)', time(messages, detectRisk)],
    ['rules only', time(messages, (t) => detector.byRules(t))],
    ['model only', time(messages, (t) => detector.byModel(t))],
  ];
  const lines = [
    `Risk check, ${messages.length} messages (fastest of 3 runs each), ${new Date().toISOString().slice(0, 10)}`,
    `Loading at start: rules, idioms and contexts ${rulesMs.toFixed(0)} ms, model ${modelMs.toFixed(0)} ms`,
    `${'what'.padEnd(28)}${'p50'.padStart(10)}${'p99'.padStart(10)}${'max'.padStart(10)}`,
    ...rows.map(
      ([what, sorted]) =>
        `${what.padEnd(28)}${ms(percentile(sorted, 0.5)).padStart(10)}${ms(percentile(sorted, 0.99)).padStart(10)}${ms(sorted[sorted.length - 1] ?? 0).padStart(10)}`,
    ),
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

main();
