/**
 * How the risk check reads text: a message is split into sentences (each one read on its own, so a
 * disclosure in the middle of a long question is seen), and each sentence is normalised: lower
 * case, apostrophes removed, text-speak and misspellings turned into plain words (lexicon.json).
 */

import { withinOneEdit } from '../text/withinOneEdit';

export interface Lexicon {
  wordMap: Record<string, string>;
  fuzzyWords: string[];
}

function normaliseWord(word: string, lexicon: Lexicon): string {
  let w = word;
  // Leetspeak inside words that also have letters: "k1ll", "su1cide", "r@pe".
  if (/[a-z]/.test(w) && /[013@$]/.test(w) && !/^[0-9]+(?:yo|yrs?|st|nd|rd|th|am|pm|s)$/.test(w)) {
    w = w.replace(/1/g, 'i').replace(/3/g, 'e').replace(/0/g, 'o').replace(/@/g, 'a').replace(/\$/g, 's');
  }
  // "killlll" -> "kill", "hurrrrt" -> "hurrt".
  w = w.replace(/(.)\1{2,}/g, '$1$1');
  const mapped = lexicon.wordMap[w];
  if (mapped !== undefined) return mapped;
  if (w.length >= 7) {
    const near = lexicon.fuzzyWords.find((f) => withinOneEdit(w, f));
    if (near) return near;
  }
  return w;
}

/** Lower-case words separated by single spaces, text-speak expanded, common typos fixed. */
export function normaliseText(text: string, lexicon: Lexicon): string {
  return text
    .toLowerCase()
    .replace(/[\u2018\u2019\u02bc`´]/g, "'")
    .replace(/'/g, '')
    .replace(/£/g, ' ')
    .replace(/[^a-z0-9@$]+/g, ' ')
    .trim()
    .split(' ')
    .filter((w) => w.length > 0)
    .map((w) => normaliseWord(w, lexicon))
    .join(' ');
}

/** Longest piece of a parent's message kept as evidence. */
export const MAX_EVIDENCE_CHARS = 300;

/**
 * The sentences of a message, as written (trimmed): split after . ! ? and at line breaks, and long
 * run-on sentences also at ", but" / " - " so each clause is read on its own.
 */
export function splitSentences(text: string): string[] {
  return text
    .split(/(?<=[.!?…])\s+|[\r\n]+|\s+[-–—]\s+|;\s*/)
    .map((s) => s.trim())
    .filter((s) => /[a-z0-9]/i.test(s));
}
