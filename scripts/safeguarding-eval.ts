/**
 * `npm run safeguarding:eval -- [--split locked|dev] [--show-misses [--of rules|model|both]] [--folds 5] [--threshold x] [--rule-floor y]`
 *
 * How well the risk check finds risk in blind messages (test/blind/safeguarding/), for the rules
 * alone, the model alone and both together (either raises the alarm; the rules, on a message the
 * model reads, when it gives it at least model.json's ruleFloor): the sizes, recall overall,
 * per category and per register, and the false-alarm rate overall, per near-miss kind and per
 * register, with the date.
 *
 * - locked (default): the shipped rules and model on the locked split. Figures only: its messages
 *   are never printed (--show-misses is refused).
 * - dev: every dev split (corpus.ts DEV_FILES), the shipped rules (tuned on these, so optimistic) and the model cross-validated
 *   (k folds: each message scored by a model that never saw it). --show-misses prints the missed
 *   risks and false alarms (of both readers together, or --of rules / model), with the rules that
 *   fired.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { RISK_CATEGORIES } from '../src/content/riskCategories';
import { RiskDetector } from '../src/safeguarding/riskReaders';
import { RiskModel } from '../src/safeguarding/riskModel';
import { loadRuleSet, SAFEGUARDING_CONTENT_DIR } from '../src/safeguarding/riskRules';
import { LOCKED_FILE, readCorpus, readDev, type CorpusItem } from './safeguarding/corpus';
import { DEFAULT_TRAIN_OPTIONS, trainRiskModel } from './safeguarding/trainModel';
import { contentTexts, corpusTexts } from './safeguarding/trainingSet';

const USAGE =
  'usage: npm run safeguarding:eval -- [--split locked|dev] [--show-misses [--of rules|model|both]] [--folds k] [--threshold x] [--rule-floor y]';

interface Scored {
  item: CorpusItem;
  /** The rules alone raised it. */
  rules: boolean;
  /** The rules' finding counts in the whole check (the model's rule floor). */
  rulesCount: boolean;
  /** The model read it (four words or more). */
  reads: boolean;
  model: boolean;
  pRisk: number;
  categories: string[];
  ruleIds: string[];
}

const READERS = ['rules', 'model', 'both'] as const;
type Reader = (typeof READERS)[number];

const flagged = (s: Scored, r: Reader): boolean =>
  r === 'rules' ? s.rules : r === 'model' ? s.model : s.rulesCount || s.model;

function pct(n: number, of: number): string {
  return of === 0 ? '   -  ' : `${((100 * n) / of).toFixed(1).padStart(5)}%`;
}

function table(title: string, groups: Map<string, Scored[]>, countFlagged: boolean): string[] {
  const lines = [`${title.padEnd(34)}${'n'.padStart(5)}  ${READERS.map((r) => r.padStart(7)).join(' ')}`];
  for (const [name, items] of groups) {
    const cells = READERS.map((r) => {
      const n = items.filter((s) => flagged(s, r) === countFlagged).length;
      return pct(n, items.length).padStart(7);
    });
    lines.push(`${name.padEnd(34)}${String(items.length).padStart(5)}  ${cells.join(' ')}`);
  }
  return lines;
}

function groupBy(
  items: Scored[],
  key: (s: Scored) => string,
  order?: readonly string[],
): Map<string, Scored[]> {
  const groups = new Map<string, Scored[]>();
  for (const k of order ?? []) groups.set(k, []);
  for (const s of items) {
    const k = key(s);
    groups.set(k, [...(groups.get(k) ?? []), s]);
  }
  for (const [k, v] of groups) if (v.length === 0) groups.delete(k);
  return groups;
}

function score(items: CorpusItem[], detector: RiskDetector): Scored[] {
  return items.map((item) => {
    const rules = detector.byRules(item.text);
    const model = detector.byModel(item.text);
    return {
      item,
      rules: rules.categories.length > 0,
      rulesCount: detector.rulesCount(rules, model),
      reads: model.reads,
      model: model.categories.length > 0,
      pRisk: model.pRisk,
      categories: [...rules.categories, ...model.categories],
      ruleIds: rules.ruleIds,
    };
  });
}

function report(split: string, scored: Scored[], note: string): void {
  const risks = scored.filter((s) => s.item.label === 'risk');
  const nearMisses = scored.filter((s) => s.item.label === 'near_miss');
  const lines = [
    `Safeguarding risk check on the ${split} split, ${new Date().toISOString().slice(0, 10)}`,
    note,
    `Sizes: ${scored.length} messages: ${risks.length} risk, ${nearMisses.length} near-miss`,
    '',
    ...table('RECALL (risk found)', new Map([['overall', risks]]), true),
    ...table(
      '  by category',
      groupBy(risks, (s) => (s.item.label === 'risk' ? s.item.category : ''), RISK_CATEGORIES),
      true,
    ).slice(1),
    ...table(
      '  by register',
      groupBy(risks, (s) => s.item.register),
      true,
    ).slice(1),
    '',
    ...table('FALSE ALARMS (near-miss flagged)', new Map([['overall', nearMisses]]), true),
    ...table(
      '  by kind',
      groupBy(nearMisses, (s) => (s.item.label === 'near_miss' ? s.item.kind : '')),
      true,
    ).slice(1),
    ...table(
      '  by register',
      groupBy(nearMisses, (s) => s.item.register),
      true,
    ).slice(1),
    ...table(
      '  by category it resembles',
      groupBy(
        nearMisses,
        (s) => (s.item.label === 'near_miss' ? (s.item.resembles ?? 'none') : ''),
        RISK_CATEGORIES,
      ),
      true,
    ).slice(1),
  ];
  const found = risks.filter((s) => s.rules || s.model);
  const right = found.filter((s) => s.item.label === 'risk' && s.categories.includes(s.item.category));
  lines.push(
    '',
    `Category named right (both, of risks found): ${right.length}/${found.length} ${pct(right.length, found.length)}`,
  );
  process.stdout.write(`${lines.join('\n')}\n`);
}

function showMisses(scored: Scored[], reader: Reader): void {
  const out: string[] = [
    '',
    `MISSED RISKS (${reader === 'both' ? 'both readers' : `the ${reader}`} silent):`,
  ];
  for (const s of scored) {
    if (s.item.label !== 'risk' || flagged(s, reader)) continue;
    out.push(`- [${s.item.category} / ${s.item.register} / p=${s.pRisk.toFixed(2)}] ${s.item.text}`);
  }
  out.push('', `FALSE ALARMS (${reader}):`);
  for (const s of scored) {
    if (s.item.label !== 'near_miss' || !flagged(s, reader)) continue;
    out.push(
      `- [${s.item.kind} / rules: ${s.ruleIds.join(',') || '-'} / p=${s.pRisk.toFixed(2)}] ${s.item.text}`,
    );
  }
  process.stdout.write(`${out.join('\n')}\n`);
}

function main(): void {
  const { values } = parseArgs({
    options: {
      split: { type: 'string', default: 'locked' },
      'show-misses': { type: 'boolean', default: false },
      of: { type: 'string', default: 'both' },
      folds: { type: 'string', default: '5' },
      threshold: { type: 'string' },
      'rule-floor': { type: 'string' },
    },
  });
  const split = values.split;
  if (split !== 'locked' && split !== 'dev') throw new Error(USAGE);
  if (split === 'locked' && values['show-misses']) {
    throw new Error('--show-misses is for the dev split only: the locked split is scored, never read');
  }
  const ruleSet = loadRuleSet(SAFEGUARDING_CONTENT_DIR);
  const shipped = RiskModel.load(path.join(SAFEGUARDING_CONTENT_DIR, 'model.json'));
  const threshold = values.threshold !== undefined ? Number(values.threshold) : shipped.threshold;
  const ruleFloor = values['rule-floor'] !== undefined ? Number(values['rule-floor']) : shipped.ruleFloor;
  if (!(threshold >= 0 && threshold <= 1 && ruleFloor >= 0 && ruleFloor <= 1)) throw new Error(USAGE);

  if (split === 'locked') {
    if (!existsSync(LOCKED_FILE))
      throw new Error(`no locked split: ${path.relative(process.cwd(), LOCKED_FILE)}`);
    const detector = new RiskDetector(ruleSet, shipped.withThreshold(threshold, ruleFloor));
    report(
      'locked',
      score(readCorpus(LOCKED_FILE), detector),
      `Shipped rules and model (threshold ${threshold}, rule floor ${ruleFloor}).`,
    );
    return;
  }

  const items = readDev();
  const rulesOnly = new RiskDetector(ruleSet, undefined);
  const extra = contentTexts(rulesOnly);
  const texts = corpusTexts(items, rulesOnly);
  const folds = Number(values.folds);
  const scored: Scored[] = new Array<Scored>(items.length);
  for (let f = 0; f < folds; f++) {
    const train = [...texts.filter((_, i) => i % folds !== f), ...extra];
    const model = trainRiskModel(train, { ...DEFAULT_TRAIN_OPTIONS, threshold, ruleFloor });
    const detector = new RiskDetector(ruleSet, model);
    const test = items.map((item, i) => [item, i] as const).filter(([, i]) => i % folds === f);
    const results = score(
      test.map(([item]) => item),
      detector,
    );
    test.forEach(([, i], k) => (scored[i] = results[k]!));
  }
  report(
    'dev',
    scored,
    `Rules as shipped (tuned on this split: optimistic); model ${folds}-fold cross-validated (threshold ${threshold}, rule floor ${ruleFloor}).`,
  );
  // How the model's threshold trades recall for false alarms (cross-validated), for choosing it.
  const risks = scored.filter((s) => s.item.label === 'risk');
  const near = scored.filter((s) => s.item.label === 'near_miss');
  process.stdout.write(
    `\nModel threshold   model recall / false alarms   both recall / false alarms (rule floor ${ruleFloor})\n`,
  );
  for (const t of [0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.5, 0.6]) {
    const m = (s: Scored) => s.reads && s.pRisk >= t;
    const r1 = risks.filter(m).length;
    const f1 = near.filter(m).length;
    const r2 = risks.filter((s) => s.rulesCount || m(s)).length;
    const f2 = near.filter((s) => s.rulesCount || m(s)).length;
    process.stdout.write(
      `${t.toFixed(2).padStart(15)}   ${pct(r1, risks.length)} / ${pct(f1, near.length)}            ${pct(r2, risks.length)} / ${pct(f2, near.length)}\n`,
    );
  }
  const of = values.of as Reader;
  if (!READERS.includes(of)) throw new Error(USAGE);
  if (values['show-misses']) showMisses(scored, of);
}

try {
  main();
} catch (err) {
  process.stderr.write(`${(err as Error).message}\n`);
  process.exitCode = 1;
}
