/**
 * The risk detector's two readers and how they combine (docs/safeguarding.md); riskDetector.ts
 * builds the one the bot uses. It reads a parent's message sentence by
 * sentence and says whether it suggests someone is at risk, in which of the 17 categories, and
 * which of the parent's sentences raised it. Two readers, either of which can raise the alarm:
 *
 * - the rules (content/safeguarding/rules/, reviewed by a safeguarding lead): who does what
 *   to whom in each sentence, after text-speak is normalised and everyday idioms are removed;
 * - the model (content/safeguarding/model.json, trained offline): word and character n-grams, for
 *   wordings no rule foresaw.
 *
 * No network, no state, the same answer every time.
 */
import { RISK_CATEGORIES, type RiskAssessment, type RiskCategory } from '../content/riskCategories';
import type { RiskModel } from './riskModel';
import { aboutChild, removeIdioms, type CompiledAlternative, type RuleSet } from './riskRules';
import { WordPresence } from './requiredWords';
import { MAX_EVIDENCE_CHARS, normaliseText, splitSentences } from './riskText';

/** What one reader found: categories (in RISK_CATEGORIES order) and the sentences that raised them. */
export interface Finding {
  categories: RiskCategory[];
  evidence: string[];
  /** Rule ids that matched (rules only), for the eval script and the rule tests. */
  ruleIds: string[];
  /** The normalised sentences (or pairs) a rule matched in (rules only). */
  units?: string[];
}

function firstMatch(
  alternatives: CompiledAlternative[],
  text: string,
  words: WordPresence,
): RegExpExecArray | null {
  for (const { regex, needs } of alternatives) {
    if (!words.mayMatch(needs)) continue;
    const m = regex.exec(text);
    if (m) return m;
  }
  return null;
}

/** How many words either side of a harm's name a naming-a-topic context may be. */
const TOPIC_WINDOW = 6;

/** The fewest words the model reads on its own. */
export const MODEL_MIN_WORDS = 4;

export interface ModelFinding extends Finding {
  pRisk: number;
  /** Whether the model read the message (four words or more after normalising). */
  reads: boolean;
}

/** A message split into sentences and normalised, shared by both readers. */
export interface Reading {
  sentences: string[];
  /** Each sentence normalised, idioms removed ('' when nothing is left). */
  normalised: string[];
  /** The normalised sentences joined: what the model reads. */
  modelText: string;
}

const NOTHING: RiskAssessment = { atRisk: false, categories: [], evidence: [] };

function ordered(found: Set<RiskCategory>): RiskCategory[] {
  return RISK_CATEGORIES.filter((c) => found.has(c));
}

function clip(sentence: string): string {
  return sentence.length > MAX_EVIDENCE_CHARS ? `${sentence.slice(0, MAX_EVIDENCE_CHARS - 1)}…` : sentence;
}

export class RiskDetector {
  constructor(
    readonly ruleSet: RuleSet,
    readonly model: RiskModel | undefined,
  ) {}

  normalise(text: string): string {
    return normaliseText(text, this.ruleSet.lexicon);
  }

  /** A sentence every rule is quiet in: a resolved past event, a question about the rules. */
  private quietAll(unit: string): boolean {
    return this.ruleSet.contexts.some((c) => c.quiets === 'all' && c.regex.test(unit));
  }

  /** A harm's name within six words of a lesson, a book, a service... */
  private quietTopic(unit: string, start: number, end: number): boolean {
    const words = (t: string) => t.split(' ').filter((w) => w !== '');
    const before = words(unit.slice(0, start)).slice(-TOPIC_WINDOW).join(' ');
    const after = words(unit.slice(end)).slice(0, TOPIC_WINDOW).join(' ');
    const window = `${before} ${unit.slice(start, end)} ${after}`;
    return this.ruleSet.contexts.some((c) => c.quiets === 'topic' && c.regex.test(window));
  }

  /** The message's sentences, as written and normalised with the idioms removed (read once for both readers). */
  read(text: string): Reading {
    const sentences = splitSentences(text);
    const normalised = sentences.map((s) => removeIdioms(this.normalise(s), this.ruleSet.idioms));
    return { sentences, normalised, modelText: normalised.filter((s) => s !== '').join(' ') };
  }

  /** What the model reads: the whole message, normalised, without the everyday idioms. */
  modelText(text: string): string {
    return this.read(text).modelText;
  }

  /** The rules, on each sentence and on each pair of neighbouring sentences. */
  byRules(text: string, reading: Reading = this.read(text)): Finding {
    const { sentences, normalised } = reading;
    const found = new Set<RiskCategory>();
    const evidence = new Set<string>();
    const ruleIds = new Set<string>();
    const units = new Set<string>();
    const { wordIndex, candidates, rules } = this.ruleSet;
    const presence = normalised.map((unit) => new WordPresence(unit, wordIndex));
    const read = (unit: string, raw: string[], words: WordPresence) => {
      if (unit === '' || this.quietAll(unit)) return false;
      let hit = false;
      for (const r of candidates.of(words)) {
        const rule = rules[r]!;
        const m = firstMatch(rule.alternatives, unit, words);
        if (!m) continue;
        if (rule.topic && this.quietTopic(unit, m.index, m.index + m[0].length)) continue;
        hit = true;
        ruleIds.add(rule.id);
        const child = rule.ifAboutChild && aboutChild(unit, m.index + m[0].length, this.ruleSet.childWords);
        found.add(child && rule.ifAboutChild ? rule.ifAboutChild : rule.category);
        for (const r of raw) evidence.add(clip(r));
        units.add(unit);
      }
      return hit;
    };
    const hits = normalised.map((unit, i) => read(unit, [sentences[i]!], presence[i]!));
    for (let i = 0; i + 1 < normalised.length; i++) {
      if (hits[i] || hits[i + 1]) continue;
      const pair = `${normalised[i]!} ${normalised[i + 1]!}`;
      read(
        pair,
        [sentences[i]!, sentences[i + 1]!],
        new WordPresence(pair, wordIndex, [presence[i]!, presence[i + 1]!]),
      );
    }
    return { categories: ordered(found), evidence: [...evidence], ruleIds: [...ruleIds], units: [...units] };
  }

  /**
   * The model, on the whole message (it was trained on whole messages; read sentence by sentence
   * it raised far more false alarms). The evidence is the sentence it finds most worrying.
   */
  byModel(text: string, reading: Reading = this.read(text)): ModelFinding {
    if (!this.model) return { categories: [], evidence: [], ruleIds: [], pRisk: 0, reads: false };
    const { sentences, normalised, modelText } = reading;
    const { pRisk, category } = this.model.assess(modelText);
    // It learnt from messages of a sentence or more: on a few words ("not now", "something else",
    // the bot's own choices) its character n-grams say little, so those are left to the rules.
    const reads = modelText.split(' ').length >= MODEL_MIN_WORDS;
    if (pRisk < this.model.threshold || !reads)
      return { categories: [], evidence: [], ruleIds: [], pRisk, reads };
    let evidence = sentences[0] ?? text.trim();
    if (sentences.length > 1) {
      let best = -1;
      sentences.forEach((s, i) => {
        const p = this.model!.assess(normalised[i]!).pRisk;
        if (p > best) [best, evidence] = [p, s];
      });
    }
    return { categories: [category], evidence: [clip(evidence)], ruleIds: [], pRisk, reads };
  }

  /**
   * Whether the rules' finding counts: always on a message the model does not read (a few words, or
   * no model); otherwise when the model gives the message, or a sentence a rule matched in, at least
   * its rule floor (model.json ruleFloor), so that "I want to die. Is the service free?" counts.
   */
  rulesCount(rules: Finding, model: ModelFinding): boolean {
    if (rules.categories.length === 0) return false;
    const riskModel = this.model;
    if (!riskModel || !model.reads || model.pRisk >= riskModel.ruleFloor) return true;
    return (rules.units ?? []).some((unit) => riskModel.assess(unit).pRisk >= riskModel.ruleFloor);
  }

  /**
   * Either reader can raise the alarm (the rules on a message the model reads only when it gives the
   * message at least its rule floor); the categories and evidence of both are kept.
   */
  detect(text: string): RiskAssessment {
    if (!/[a-z0-9]/i.test(text)) return NOTHING;
    const reading = this.read(text);
    const rules = this.byRules(text, reading);
    const model = this.byModel(text, reading);
    const counted = this.rulesCount(rules, model) ? rules : { categories: [], evidence: [] };
    const found = new Set<RiskCategory>([...counted.categories, ...model.categories]);
    if (found.size === 0) return NOTHING;
    return {
      atRisk: true,
      categories: ordered(found),
      evidence: [...new Set([...counted.evidence, ...model.evidence])],
    };
  }
}
