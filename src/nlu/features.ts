import { StemmerEn } from '@nlpjs/lang-en-min';
import type { RecognizedEntity } from './Recognizer';
import { TEXT_SPEAK } from './textSpeak';
import type { ListEntity } from '../content/trainingData';

/**
 * What the local classifier sees of a message: its words (text-speak spelled out, stemmed), word
 * pairs, letter triples (so a typo still shares most of its features with the word), and the
 * topic lists it names (a list entity such as "bailiffs" in the `topic` list, key money_housing).
 */
export type Features = Record<string, number>;

/** Change when the features change (here or in textSpeak.ts), so a shipped model is retrained. */
export const FEATURES_VERSION = 1;

const stemmer = new StemmerEn();

/** Lower-case words with apostrophes removed and text-speak spelled out. */
export function normalisedWords(text: string): string[] {
  return text
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[\u2018\u2019'`]/g, '')
    .split(/[^a-z0-9]+/)
    .filter((w) => w.length > 0)
    .flatMap((w) => (TEXT_SPEAK[w] ?? w).split(' '));
}

const stemCache = new Map<string, string>();

export function stem(word: string): string {
  let stemmed = stemCache.get(word);
  if (stemmed === undefined) {
    stemmed = /^[0-9]+$/.test(word) ? word : stemmer.stem(word) || word;
    if (stemCache.size < 50_000) stemCache.set(word, stemmed);
  }
  return stemmed;
}

/** A list entity's synonyms as stem sequences, longest first, for matching. */
export interface CompiledList {
  name: string;
  synonyms: Array<{ key: string; stems: string[] }>;
  /** The synonyms (their places in `synonyms`) by their first stem. */
  byFirstStem: Map<string, number[]>;
}

export function compileLists(lists: readonly ListEntity[]): CompiledList[] {
  return lists.map(({ name, values }) => {
    const synonyms = values
      .flatMap(({ key, synonyms }) =>
        [key.replace(/_/g, ' '), ...synonyms].map((s) => ({ key, stems: normalisedWords(s).map(stem) })),
      )
      .filter((s) => s.stems.length > 0)
      .sort((a, b) => b.stems.length - a.stems.length);
    const byFirstStem = new Map<string, number[]>();
    synonyms.forEach(({ stems }, n) => {
      const first = stems[0] as string;
      byFirstStem.set(first, [...(byFirstStem.get(first) ?? []), n]);
    });
    return { name, synonyms, byFirstStem };
  });
}

/** The list entities a message names (each list value once, with the words that named it). */
export function findListEntities(
  words: readonly string[],
  stems: readonly string[],
  lists: readonly CompiledList[],
): RecognizedEntity[] {
  const found: RecognizedEntity[] = [];
  for (const list of lists) {
    // Where each synonym first occurs, looking only at those whose first stem the message has.
    const firstAt = new Map<number, number>();
    for (let i = 0; i < stems.length; i++) {
      for (const n of list.byFirstStem.get(stems[i] as string) ?? []) {
        const synonym = (list.synonyms[n] as { stems: string[] }).stems;
        if (firstAt.has(n) || i + synonym.length > stems.length) continue;
        if (synonym.every((s, j) => stems[i + j] === s)) firstAt.set(n, i);
      }
    }
    // In the synonyms' order (longest first), each list value once.
    const taken = new Set<string>();
    for (const n of [...firstAt.keys()].sort((a, b) => a - b)) {
      const { key, stems: synonym } = list.synonyms[n] as { key: string; stems: string[] };
      if (taken.has(key)) continue;
      const i = firstAt.get(n) as number;
      found.push({ type: list.name, value: key, text: words.slice(i, i + synonym.length).join(' ') });
      taken.add(key);
    }
  }
  return found;
}

export interface Analysis {
  features: Features;
  entities: RecognizedEntity[];
}

/** Weights of each kind of feature; words count most. */
const WORD = 1;
const PAIR = 0.5;
const LETTERS = 0.2;
const LIST = 1;

export function analyse(text: string, lists: readonly CompiledList[]): Analysis {
  const words = normalisedWords(text);
  const stems = words.map(stem);
  const features: Features = {};
  for (const s of stems) features[`w:${s}`] = WORD;
  for (let i = 0; i + 1 < stems.length; i++) features[`p:${stems[i]!}_${stems[i + 1]!}`] = PAIR;
  for (const word of words) {
    if (word.length < 4) continue;
    const padded = `<${word}>`;
    for (let i = 0; i + 3 <= padded.length; i++) features[`c:${padded.slice(i, i + 3)}`] = LETTERS;
  }
  const entities = findListEntities(words, stems, lists);
  for (const e of entities) features[`e:${e.type}:${e.value}`] = LIST;
  return { features, entities };
}
