/**
 * `npm run safeguarding:train -- [--threshold x] [--rule-floor y]`
 *
 * Trains the risk model offline on the dev splits of the blind corpus (corpus.ts DEV_FILES) and the content's examples
 * (scripts/safeguarding/trainingSet.ts) and writes content/safeguarding/model.json, which the
 * service loads at start. Never reads the locked split. Run it after changing the rules' examples
 * or the dev split, then `npm run safeguarding:eval`.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { packModel } from '../src/safeguarding/modelFile';
import { RiskDetector } from '../src/safeguarding/riskReaders';
import { loadRuleSet, SAFEGUARDING_CONTENT_DIR } from '../src/safeguarding/riskRules';
import { DEV_FILES, readDev } from './safeguarding/corpus';
import { DEFAULT_TRAIN_OPTIONS, trainModel } from './safeguarding/trainModel';
import { contentTexts, corpusTexts } from './safeguarding/trainingSet';

function main(): void {
  const { values } = parseArgs({
    options: { threshold: { type: 'string' }, 'rule-floor': { type: 'string' } },
  });
  const threshold =
    values.threshold !== undefined ? Number(values.threshold) : DEFAULT_TRAIN_OPTIONS.threshold;
  const ruleFloor =
    values['rule-floor'] !== undefined ? Number(values['rule-floor']) : DEFAULT_TRAIN_OPTIONS.ruleFloor;
  if (!(threshold >= 0 && threshold <= 1 && ruleFloor >= 0 && ruleFloor <= 1))
    throw new Error('usage: npm run safeguarding:train -- [--threshold x] [--rule-floor y]');
  const detector = new RiskDetector(loadRuleSet(SAFEGUARDING_CONTENT_DIR), undefined);
  const dev = corpusTexts(readDev(), detector);
  const extra = contentTexts(detector);
  const started = Date.now();
  const model = trainModel(
    [...dev, ...extra],
    { ...DEFAULT_TRAIN_OPTIONS, threshold, ruleFloor },
    'The risk model (src/safeguarding/riskModel.ts), written by npm run safeguarding:train: do not edit by hand.',
    `test/blind/safeguarding/${DEV_FILES.map((f) => path.basename(f)).join(' + ')} (${dev.length}) + content examples and ordinary utterances (${extra.length})`,
  );
  const file = path.join(SAFEGUARDING_CONTENT_DIR, 'model.json');
  // The compact form (src/safeguarding/modelFile.ts): hashed features, whole thousandths, deflated.
  writeFileSync(file, `${JSON.stringify(packModel(model), null, 1)}\n`);
  process.stdout.write(
    `Trained on ${dev.length + extra.length} texts in ${Date.now() - started} ms: ${Object.keys(model.weights).length} features, threshold ${threshold}, rule floor ${ruleFloor}; wrote ${path.relative(process.cwd(), file)}\n`,
  );
}

try {
  main();
} catch (err) {
  process.stderr.write(`${(err as Error).message}\n`);
  process.exitCode = 1;
}
