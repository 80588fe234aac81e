/**
 * What the risk model learns from: the dev split of the blind corpus, every rule's examples (risk,
 * in the rule's category), every idiom's examples and the ordinary questions of
 * content/nlu/utterances.json (no risk; intents about abuse, safety or low mood left out).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { CONTENT_DIR } from '../../src/paths';
import { MODEL_CLASSES, NO_RISK } from '../../src/safeguarding/riskModel';
import type { RiskDetector } from '../../src/safeguarding/RiskDetector';
import type { CorpusItem } from './corpus';
import type { TrainingText } from './trainModel';

const RISKY_INTENTS = new Set([
  'signpost.domestic_abuse',
  'signpost.child_safety',
  'signpost.drugs_alcohol',
  'signpost.worry_low_mood',
  'signpost.own_wellbeing',
  'faq.emergency',
]);

const classIndex = (name: string): number => MODEL_CLASSES.indexOf(name as (typeof MODEL_CLASSES)[number]);

export function corpusTexts(items: CorpusItem[], detector: RiskDetector): TrainingText[] {
  return items.map((item) => ({
    text: detector.normalise(item.text),
    label: item.label === 'risk' ? classIndex(item.category) : 0,
  }));
}

/** The rule and idiom examples and the ordinary NLU utterances. */
export function contentTexts(detector: RiskDetector): TrainingText[] {
  const out: TrainingText[] = [];
  for (const rule of detector.ruleSet.rules) {
    for (const example of rule.examples) {
      const found = detector.byRules(example).categories;
      const category = found.includes(rule.category) || !rule.ifAboutChild ? rule.category : rule.ifAboutChild;
      out.push({ text: detector.normalise(example), label: classIndex(category) });
    }
  }
  for (const idiom of detector.ruleSet.idioms) {
    for (const example of idiom.examples) out.push({ text: detector.normalise(example), label: 0 });
  }
  const nlu = JSON.parse(readFileSync(path.join(CONTENT_DIR, 'nlu', 'utterances.json'), 'utf8')) as {
    intents: Array<{ intent: string; utterances: string[] }>;
  };
  for (const { intent, utterances } of nlu.intents) {
    if (RISKY_INTENTS.has(intent)) continue;
    for (const u of utterances) out.push({ text: detector.normalise(u), label: classIndex(NO_RISK) });
  }
  return out;
}
