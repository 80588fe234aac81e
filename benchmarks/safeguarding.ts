/**
 * The risk check's speed on this machine, per message, over the blind corpus (both splits: only
 * timed, never printed). Run: npm run bench:safeguarding (prints a table; asserts nothing; at most
 * about 10 s). Target: p99 under 1 ms per message for the whole check.
 */
import { performance } from 'node:perf_hooks';
import { readCorpus, DEV_FILE, LOCKED_FILE } from '../scripts/safeguarding/corpus';
import { defaultRiskDetector, detectRisk } from '../src/safeguarding/riskDetector';

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0;
}

const ms = (value: number) => `${value.toFixed(3)} ms`;

function time(messages: string[], rounds: number, check: (text: string) => unknown): number[] {
  const out: number[] = [];
  for (let r = 0; r < rounds; r++) {
    for (const text of messages) {
      const started = performance.now();
      check(text);
      out.push(performance.now() - started);
    }
  }
  return out.sort((a, b) => a - b);
}

function main(): void {
  const started = performance.now();
  const detector = defaultRiskDetector();
  const loadMs = performance.now() - started;
  const messages = [...readCorpus(DEV_FILE), ...readCorpus(LOCKED_FILE)].map((item) => item.text);
  time(messages, 1, detectRisk); // warm-up
  const rows: Array<[string, number[]]> = [
    ['whole check (detectRisk)', time(messages, 5, detectRisk)],
    ['rules only', time(messages, 5, (t) => detector.byRules(t))],
    ['model only', time(messages, 5, (t) => detector.byModel(t))],
  ];
  const lines = [
    `Risk check, ${messages.length} messages x 5 rounds, ${new Date().toISOString().slice(0, 10)}`,
    `(the detector was loaded at import: rules, idioms, contexts and model in about ${loadMs.toFixed(0)} ms before this)`,
    `${'what'.padEnd(28)}${'p50'.padStart(10)}${'p99'.padStart(10)}${'max'.padStart(10)}`,
    ...rows.map(
      ([what, sorted]) =>
        `${what.padEnd(28)}${ms(percentile(sorted, 0.5)).padStart(10)}${ms(percentile(sorted, 0.99)).padStart(10)}${ms(sorted[sorted.length - 1] ?? 0).padStart(10)}`,
    ),
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

main();
