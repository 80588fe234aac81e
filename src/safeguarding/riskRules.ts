/**
 * The risk check's rules, loaded from content/safeguarding/ (lexicon.json, rules/<category>.json,
 * idioms.json, contexts.json)
 * and validated with zod: a bad file stops the start, naming the file and the field. Loaded once,
 * synchronously, when the detector is first imported (at start), so the check itself never waits.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { CONTENT_DIR } from '../config/paths';
import { RISK_CATEGORIES, type RiskCategory } from '../content/riskCategories';
import { RequiredWordIndex, RuleCandidates, requiredWordSets, topLevelAlternatives } from './requiredWords';

export { topLevelAlternatives };
import type { Lexicon } from './riskText';

/** Where the rules, lexicon, idioms and model live. */
export const SAFEGUARDING_CONTENT_DIR = path.join(CONTENT_DIR, 'safeguarding');

const text = z.string().trim().min(1);
const category = z.enum(RISK_CATEGORIES);

const lexiconSchema = z.object({
  about: text,
  wordMap: z.record(z.string().regex(/^[a-z0-9@$]+$/, 'a key must be one word as normalised'), text),
  fuzzyWords: z.array(z.string().regex(/^[a-z]{7,}$/, 'fuzzy words are single words of 7+ letters')),
  groups: z.record(z.string().regex(/^[A-Z_]+$/, 'group names are CAPITALS'), z.array(text).min(1)),
});

const ruleSchema = z.object({
  id: z.string().regex(/^[a-z0-9-]+$/),
  category,
  ifAboutChild: category.optional(),
  /** Fires on the name of a harm alone, so a 'topic' context (a lesson, a book...) quiets it. */
  topic: z.boolean().optional(),
  pattern: text,
  note: text.optional(),
  examples: z.array(text).min(1),
});

const rulesSchema = z.object({ about: text, rules: z.array(ruleSchema).min(1) });

const idiomSchema = z.object({
  id: z.string().regex(/^[a-z0-9-]+$/),
  pattern: text,
  note: text.optional(),
  examples: z.array(text).min(1),
});

const idiomsSchema = z.object({ about: text, idioms: z.array(idiomSchema).min(1) });

const contextSchema = z.object({
  id: z.string().regex(/^[a-z0-9-]+$/),
  quiets: z.enum(['all', 'topic']),
  pattern: text,
  note: text.optional(),
  examples: z.array(text).min(1),
});

const contextsSchema = z.object({ about: text, contexts: z.array(contextSchema).min(1) });

export type RuleSource = z.infer<typeof ruleSchema>;
export type IdiomSource = z.infer<typeof idiomSchema>;
export type ContextSource = z.infer<typeof contextSchema>;

/** One top-level alternative of a rule, and the words it needs (requiredWords.ts). */
export interface CompiledAlternative {
  regex: RegExp;
  /** Ids in the rule set's wordIndex: a word of each list must be in the sentence. */
  needs: number[][] | undefined;
}

export interface CompiledRule extends RuleSource {
  /** One per top-level alternative of the pattern; the rule matches if any does. */
  alternatives: CompiledAlternative[];
}

export interface CompiledIdiom extends IdiomSource {
  regex: RegExp;
  /** Per top-level alternative, the words it needs (requiredWords.ts); undefined: it always runs. */
  needs: Array<string[][] | undefined>;
}

export interface CompiledContext extends ContextSource {
  regex: RegExp;
}

export interface RuleSet {
  lexicon: Lexicon;
  rules: CompiledRule[];
  idioms: CompiledIdiom[];
  contexts: CompiledContext[];
  /** Words that name a child or another person, for telling "I" from "my son" (ifAboutChild). */
  childWords: RegExp;
  /** The words the rules' expressions need (requiredWords.ts). */
  wordIndex: RequiredWordIndex;
  /** Which rules may match a sentence, by the words it holds (requiredWords.ts). */
  candidates: RuleCandidates;
}

export class SafeguardingContentError extends Error {}

function readJson<T>(dir: string, file: string, schema: z.ZodType<T>): T {
  const where = path.join(dir, file);
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(where, 'utf8'));
  } catch (err) {
    throw new SafeguardingContentError(`${where}: ${(err as Error).message}`);
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new SafeguardingContentError(
      `${where}: ${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'invalid'}`,
    );
  }
  return parsed.data;
}

/** Replaces {GROUP} with the group's alternatives (groups may name groups). */
function expandGroups(pattern: string, groups: Record<string, string[]>, depth = 0): string {
  if (depth > 5) throw new SafeguardingContentError(`groups nest too deeply in ${pattern}`);
  return pattern.replace(/\{([A-Z_]+)\}/g, (_, name: string) => {
    const group = groups[name];
    if (!group) throw new SafeguardingContentError(`unknown group {${name}}`);
    return `(?:${group.map((g) => expandGroups(g, groups, depth + 1)).join('|')})`;
  });
}

/**
 * A rule's pattern as one regular expression per top-level alternative: small expressions are
 * compiled to machine code by V8, one huge expression is only interpreted (ten times slower).
 */
function compileAll(
  pattern: string,
  groups: Record<string, string[]>,
  where: string,
  wordIndex: RequiredWordIndex,
): CompiledAlternative[] {
  return topLevelAlternatives(expandGroups(pattern, groups)).map((alternative) => ({
    regex: compile(alternative, groups, where),
    needs: wordIndex.idsOf(requiredWordSets(alternative)),
  }));
}

function compile(pattern: string, groups: Record<string, string[]>, where: string): RegExp {
  try {
    // Whole words only: the normalised text is words of a-z and 0-9 separated by single spaces.
    return new RegExp(`(?<![a-z0-9])(?:${expandGroups(pattern, groups)})(?![a-z0-9])`);
  } catch (err) {
    throw new SafeguardingContentError(`${where}: ${(err as Error).message}`);
  }
}

/** rules/<category>.json, one file per category (in the order of RISK_CATEGORIES). */
function readRules(dir: string): RuleSource[] {
  const files = readdirSync(path.join(dir, 'rules')).filter((f) => f.endsWith('.json'));
  const fileOf = (c: RiskCategory) => `${c.replace(/_/g, '-')}.json`;
  const unknown = files.find((f) => !RISK_CATEGORIES.some((c) => fileOf(c) === f));
  if (unknown)
    throw new SafeguardingContentError(`${path.join(dir, 'rules', unknown)}: not a category's file`);
  return RISK_CATEGORIES.filter((c) => files.includes(fileOf(c))).flatMap((c) => {
    const file = path.join('rules', fileOf(c));
    const { rules } = readJson(dir, file, rulesSchema);
    const stray = rules.find((r) => r.category !== c);
    if (stray) throw new SafeguardingContentError(`${path.join(dir, file)}: rule ${stray.id} is not ${c}`);
    return rules;
  });
}

export function loadRuleSet(dir: string): RuleSet {
  const lexicon = readJson(dir, 'lexicon.json', lexiconSchema);
  const rules = readRules(dir);
  const { idioms } = readJson(dir, 'idioms.json', idiomsSchema);
  const { contexts } = readJson(dir, 'contexts.json', contextsSchema);
  const seen = new Set<string>();
  for (const { id } of [...rules, ...idioms, ...contexts]) {
    if (seen.has(id)) throw new SafeguardingContentError(`${dir}: the id ${id} is used twice`);
    seen.add(id);
  }
  const groups = lexicon.groups;
  const wordIndex = new RequiredWordIndex();
  const compiled = rules.map((r) => ({
    ...r,
    alternatives: compileAll(r.pattern, groups, `rules ${r.id}`, wordIndex),
  }));
  return {
    lexicon,
    wordIndex,
    candidates: new RuleCandidates(compiled, wordIndex.words.length),
    rules: compiled,
    idioms: idioms.map((i) => ({
      ...i,
      regex: new RegExp(compile(i.pattern, groups, `idioms.json ${i.id}`).source, 'g'),
      needs: topLevelAlternatives(expandGroups(i.pattern, groups)).map((a) => requiredWordSets(a)),
    })),
    contexts: contexts.map((c) => ({ ...c, regex: compile(c.pattern, groups, `contexts.json ${c.id}`) })),
    childWords: compile(
      '(?:he|she|him|her|himself|herself|his|they|them|themselves|their|{CHILD_NOUN})',
      groups,
      'child words',
    ),
  };
}

/** Removes everyday idioms ("my feet are killing me") from a normalised sentence. */
export function removeIdioms(normalised: string, idioms: CompiledIdiom[]): string {
  const mayMatch = (t: string, needs: CompiledIdiom['needs']) =>
    needs.some((sets) => !sets || sets.every((words) => words.some((w) => t.includes(w))));
  return idioms
    .reduce((t, { regex, needs }) => (mayMatch(t, needs) ? t.replace(regex, ' ') : t), normalised)
    .replace(/ +/g, ' ')
    .trim();
}

const FIRST_PERSON = /^(?:i|me|myself|meself|my)$/;

/**
 * Whether a match is about a child (or another person) rather than the writer: the nearest person
 * word at or before the end of the match decides ("I am worried my son is suicidal": the son).
 */
export function aboutChild(sentence: string, matchEnd: number, childWords: RegExp): boolean {
  const words = sentence.slice(0, matchEnd).split(' ');
  for (let k = words.length - 1; k >= 0; k--) {
    const w = words[k] ?? '';
    if (FIRST_PERSON.test(w)) return w === 'my' ? childWords.test(words.slice(k, k + 3).join(' ')) : false;
    if (childWords.test(w)) return true;
  }
  return childWords.test(sentence.slice(matchEnd));
}

export type { RiskCategory };
