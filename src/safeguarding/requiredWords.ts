/**
 * A cheap test before a rule's regular expression: words any match must contain.
 * Running ~400 expressions on every sentence is what makes the rules slow; a substring test
 * skips most of them. Derived from the pattern itself (so a safeguarding lead never maintains it):
 * a literal word outside any group, or a group that is a plain list of words, which is not
 * optional. Returns undefined when the pattern has none (the expression then always runs).
 */

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
const MAX_SETS = 3;
const MAX_LIST = 8;

export function requiredWordSets(alternative: string): string[][] | undefined {
  const sets: string[][] = [];
  for (const item of items(alternative)) {
    if (item.optional) continue;
    if (item.kind === 'literal') {
      for (const word of item.text.split(' ')) if (word.length >= 3) sets.push([word]);
    } else if (item.kind === 'group' && /^[a-z0-9 |]+$/.test(item.text)) {
      const list = item.text.split('|').map((w) => w.trim());
      if (list.every((w) => w.length >= 2)) sets.push(list);
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

/** Whether a normalised sentence holds a word of each required set (so the expression may match). */
export function mayMatch(text: string, needs: string[][] | undefined): boolean {
  if (!needs) return true;
  for (const words of needs) if (!words.some((w) => text.includes(w))) return false;
  return true;
}
