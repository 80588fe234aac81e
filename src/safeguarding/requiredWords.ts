/**
 * A cheap test before a rule's regular expression: words any match must contain.
 * Running ~400 expressions on every sentence is what makes the rules slow; a substring test
 * skips most of them. Derived from the pattern itself (so a safeguarding lead never maintains it):
 * a literal word outside any group, or a group that is a plain list of words, which is not
 * optional. Returns undefined when the pattern has none (the expression then always runs).
 */

import { WordScanner } from './wordScanner';

const QUANTIFIER = /^(?:[?*]|\{0,?\d*\})/;

interface Item {
  kind: 'literal' | 'group' | 'other';
  text: string;
  optional: boolean;
}

/** The top-level items of a pattern with no top-level "|" (one alternative). */
function items(pattern: string): Item[] {
  const out: Item[] = [];
  let i = 0;
  const optionalAt = (at: number) => QUANTIFIER.test(pattern.slice(at));
  while (i < pattern.length) {
    const ch = pattern[i]!;
    if (ch === '(') {
      let depth = 0;
      let j = i;
      for (; j < pattern.length; j++) {
        const c = pattern[j];
        if (c === '\\') j++;
        else if (c === '(') depth++;
        else if (c === ')' && --depth === 0) break;
      }
      const inner = pattern.slice(i + 1, j);
      const lookaround = /^\?(?:[=!]|<[=!])/.test(inner);
      out.push({
        kind: lookaround ? 'other' : 'group',
        text: inner.replace(/^\?:/, ''),
        optional: lookaround || optionalAt(j + 1),
      });
      i = j + 1;
    } else if (/[a-z0-9 ]/.test(ch)) {
      let j = i;
      while (j < pattern.length && /[a-z0-9 ]/.test(pattern[j]!)) j++;
      let text = pattern.slice(i, j);
      // "ab?" : the quantifier makes the last character optional.
      if (optionalAt(j)) text = text.slice(0, -1);
      out.push({ kind: 'literal', text, optional: false });
      i = j;
    } else {
      if (ch === '\\') i++;
      if (ch === '[') while (i < pattern.length && pattern[i] !== ']') i++;
      out.push({ kind: 'other', text: ch, optional: true });
      i++;
    }
  }
  return out;
}

/**
 * Every item the alternative cannot match without, each as words one of which must appear: a
 * literal word (its longest word of three letters or more) or a group that is a plain list of words.
 * A sentence lacking any one of them cannot match, so the expression is not run.
 */
/** The most lists tested before an expression, and the most words in each. */
const MAX_SETS = 4;
const MAX_LIST = 400;

export function requiredWordSets(alternative: string): string[][] | undefined {
  const sets: string[][] = [];
  for (const item of items(alternative)) {
    if (item.optional) continue;
    if (item.kind === 'literal') {
      for (const word of item.text.split(' ')) if (word.length >= 3) sets.push([word]);
    } else if (item.kind === 'group' && /^[a-z0-9 |]+$/.test(item.text)) {
      const list = item.text.split('|').map((w) => w.trim());
      if (list.every((w) => w.length >= 2)) sets.push(list);
    } else if (item.kind === 'group') {
      const list = anyAlternativeNeeds(item.text);
      if (list) sets.push(list);
    }
  }
  // Testing a long list costs more than the expression saves: keep the few short lists of the
  // longest words (the rarest, so most sentences are turned away by the first).
  const shortest = (words: string[]) => Math.min(...words.map((w) => w.length));
  const kept = sets
    .filter((words) => words.length <= MAX_LIST)
    .sort((a, b) => shortest(b) - shortest(a) || a.length - b.length)
    .slice(0, MAX_SETS);
  return kept.length > 0 ? kept : undefined;
}

/** The top-level alternatives of a pattern ("a|b(c|d)" -> ["a", "b(c|d)"]). */
export function topLevelAlternatives(pattern: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let inClass = false;
  let start = 0;
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i];
    if (ch === '\\') {
      i++;
      continue;
    }
    if (inClass) {
      if (ch === ']') inClass = false;
    } else if (ch === '[') inClass = true;
    else if (ch === '(') depth++;
    else if (ch === ')') depth--;
    else if (ch === '|' && depth === 0) {
      out.push(pattern.slice(start, i));
      start = i + 1;
    }
  }
  out.push(pattern.slice(start));
  return out;
}

/**
 * A group of alternatives that are not plain words ("not breathing|bleeding (?:a lot|badly)"): a
 * match holds a word of one of them, so of the list of each alternative's first required list.
 * Undefined when an alternative needs no word.
 */
function anyAlternativeNeeds(group: string): string[] | undefined {
  const words = new Set<string>();
  for (const alternative of topLevelAlternatives(group)) {
    const sets = requiredWordSets(alternative);
    if (!sets) return undefined;
    for (const word of sets[0]!) words.add(word);
  }
  return [...words];
}

/** Every required word of a rule set, numbered once, and found in a text in one pass (wordScanner.ts). */
export class RequiredWordIndex {
  readonly words: string[] = [];
  private readonly ids = new Map<string, number>();
  private built: WordScanner | undefined;

  idsOf(sets: string[][] | undefined): number[][] | undefined {
    return sets?.map((words) =>
      words.map((word) => {
        let id = this.ids.get(word);
        if (id === undefined) {
          id = this.words.length;
          this.ids.set(word, id);
          this.words.push(word);
        }
        return id;
      }),
    );
  }

  /** The scanner for every word numbered so far (built once, after the rules are loaded). */
  get scanner(): WordScanner {
    if (this.built?.words.length !== this.words.length) this.built = new WordScanner([...this.words]);
    return this.built;
  }
}

/**
 * Which required words one sentence (or a pair of neighbouring sentences) holds, as substrings:
 * all found in one pass over the sentence (many rules need the same words).
 */
export class WordPresence {
  /** Per word id: 1 when the text holds it. */
  private readonly present: Uint8Array;
  /** The ids of the words it holds. */
  readonly found: number[] = [];
  private readonly length: number;

  constructor(
    text: string,
    index: RequiredWordIndex,
    /** For a pair "a b": the two sentences, already read (a word is in the pair when it is in either). */
    parts?: readonly [WordPresence, WordPresence],
  ) {
    const scanner = index.scanner;
    this.length = text.length;
    this.present = new Uint8Array(index.words.length);
    if (parts) {
      // A word is in the pair when it is in either sentence; only a phrase ("at home") can span
      // the join, so just the letters around it are read.
      for (const id of [...parts[0].found, ...parts[1].found]) this.mark(id);
      const join = parts[0].length;
      scanner.scan(text, (id) => this.mark(id), join - scanner.longest + 1, join + scanner.longest);
    } else scanner.scan(text, (id) => this.mark(id));
  }

  private mark(id: number): void {
    if (this.present[id] === 1) return;
    this.present[id] = 1;
    this.found.push(id);
  }

  has(id: number): boolean {
    return this.present[id] === 1;
  }

  /** Whether the text holds a word of each required set (so the expression may match). */
  mayMatch(needs: number[][] | undefined): boolean {
    if (!needs) return true;
    for (const set of needs) {
      let found = false;
      for (const id of set) {
        if (this.present[id] === 1) {
          found = true;
          break;
        }
      }
      if (!found) return false;
    }
    return true;
  }
}

/**
 * Which rules may match a sentence: those with an alternative that needs no word, or whose first
 * list of required words has a word in the sentence (the others cannot match, so are not tried).
 */
export class RuleCandidates {
  /** Per word id, the rules (by index) with an alternative whose first list holds it. */
  private readonly byWord: number[][];
  private readonly always: number[];

  constructor(
    rules: ReadonlyArray<{ alternatives: ReadonlyArray<{ needs: number[][] | undefined }> }>,
    wordCount: number,
  ) {
    const byWord = Array.from({ length: wordCount }, () => new Set<number>());
    const always: number[] = [];
    rules.forEach((rule, r) => {
      for (const { needs } of rule.alternatives) {
        if (!needs) always.push(r);
        else for (const id of needs[0]!) byWord[id]!.add(r);
      }
    });
    this.byWord = byWord.map((rs) => [...rs]);
    this.always = [...new Set(always)];
    this.count = rules.length;
  }

  readonly count: number;

  /** The indexes of the rules that may match, in the rules' order. */
  of(words: WordPresence): number[] {
    const maybe = new Uint8Array(this.count);
    for (const r of this.always) maybe[r] = 1;
    for (const id of words.found) for (const r of this.byWord[id] ?? []) maybe[r] = 1;
    const out: number[] = [];
    for (let r = 0; r < maybe.length; r++) if (maybe[r] === 1) out.push(r);
    return out;
  }
}
