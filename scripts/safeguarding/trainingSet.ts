/**
 * What the risk model learns from: the dev split of the blind corpus, every rule's examples (risk,
 * in the rule's category), and as no risk: every idiom's and context's examples, the everyday
 * messages of content/safeguarding/everyday.json and the ordinary questions of
 * content/nlu/utterances.json (intents about abuse, safety or emergencies left out, and any
 * utterance the rules flag).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { CONTENT_DIR } from '../../src/config/paths';
import { MODEL_CLASSES, NO_RISK } from '../../src/safeguarding/riskModel';
import { SAFEGUARDING_CONTENT_DIR } from '../../src/safeguarding/riskRules';
import type { RiskDetector } from '../../src/safeguarding/riskReaders';
import type { CorpusItem } from './corpus';
import type { TrainingText } from './trainModel';

/** Intents about abuse, safety or emergencies: not taught as "no risk". */
const RISKY_INTENTS = new Set(['signpost.domestic_abuse', 'signpost.child_safety', 'faq.emergency']);

const everydaySchema = z.object({ about: z.string(), messages: z.array(z.string().trim().min(1)).min(1) });

/** content/safeguarding/everyday.json: ordinary messages that must not raise the alarm. */
export function everydayMessages(): string[] {
  const file = path.join(SAFEGUARDING_CONTENT_DIR, 'everyday.json');
  return everydaySchema.parse(JSON.parse(readFileSync(file, 'utf8'))).messages;
}

const classIndex = (name: string): number => MODEL_CLASSES.indexOf(name as (typeof MODEL_CLASSES)[number]);

export function corpusTexts(items: CorpusItem[], detector: RiskDetector): TrainingText[] {
  return items.map((item) => ({
    text: detector.modelText(item.text),
    label: item.label === 'risk' ? classIndex(item.category) : 0,
  }));
}

/** The rule and idiom examples and the ordinary NLU utterances. */
export function contentTexts(detector: RiskDetector): TrainingText[] {
  const out: TrainingText[] = [];
  for (const rule of detector.ruleSet.rules) {
    for (const example of rule.examples) {
      const found = detector.byRules(example).categories;
      const category =
        found.includes(rule.category) || !rule.ifAboutChild ? rule.category : rule.ifAboutChild;
      out.push({ text: detector.modelText(example), label: classIndex(category), reviewed: true });
    }
  }
  // Read whole (idioms left in): the model learns that these wordings are no risk, even where an
  // idiom is written in a way idioms.json does not foresee.
  for (const { examples } of [...detector.ruleSet.idioms, ...detector.ruleSet.contexts]) {
    for (const example of examples) out.push({ text: detector.normalise(example), label: 0, reviewed: true });
  }
  for (const message of everydayMessages())
    out.push({ text: detector.modelText(message), label: 0, reviewed: true });
  const nlu = JSON.parse(readFileSync(path.join(CONTENT_DIR, 'nlu', 'utterances.json'), 'utf8')) as {
    intents: Array<{ intent: string; utterances: string[] }>;
  };
  for (const { intent, utterances } of nlu.intents) {
    if (RISKY_INTENTS.has(intent)) continue;
    for (const u of utterances) {
      // An utterance the rules call a risk ("i cant go on") is not taught as "no risk".
      if (detector.byRules(u).categories.length > 0) continue;
      out.push({ text: detector.modelText(u), label: classIndex(NO_RISK) });
    }
  }
  return out;
}
