/**
 * Rough measures of how easy content is to read: sentence length and the Flesch-Kincaid grade
 * (a UK reading age is about the grade plus 5). GOV.UK aims for a reading age of 9; the NHS for
 * 9 to 11, with sentences of up to 20 words. A proxy only: test copy with real parents too.
 */

/** The sentences of a text: split at full stops, question marks and new lines; links count as one word. */
export function sentences(text: string): string[] {
  return text
    .replace(/https?:\/\/\S+/g, 'website')
    .replace(/\{[^}]+\}/g, 'name')
    .split(/(?<=[.!?])\s+|\n+/)
    .map((s) => s.replace(/^[-\s]+/, '').trim())
    .filter((s) => /[a-z]/i.test(s));
}

export function wordsIn(sentence: string): string[] {
  return sentence.split(/\s+/).filter((w) => /[a-z0-9]/i.test(w));
}

function syllables(word: string): number {
  const w = word.toLowerCase().replace(/[^a-z]/g, '');
  if (w.length <= 3) return 1;
  const groups = w
    .replace(/(?:[^laeiouy]es|ed|[^laeiouy]e)$/, '')
    .replace(/^y/, '')
    .match(/[aeiouy]{1,2}/g);
  return Math.max(1, groups?.length ?? 1);
}

export interface Readability {
  sentences: number;
  wordsPerSentence: number;
  fleschKincaidGrade: number;
  /** Sentences over 20 words. */
  longSentences: string[];
}

export function readability(texts: readonly string[]): Readability {
  const all = texts.flatMap(sentences);
  const words = all.flatMap(wordsIn);
  const syllableCount = words.reduce((n, w) => n + syllables(w), 0);
  const wordsPerSentence = words.length / Math.max(1, all.length);
  return {
    sentences: all.length,
    wordsPerSentence,
    fleschKincaidGrade: 0.39 * wordsPerSentence + 11.8 * (syllableCount / Math.max(1, words.length)) - 15.59,
    longSentences: all.filter((s) => wordsIn(s).length > 20),
  };
}
