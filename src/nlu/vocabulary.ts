/**
 * The words a local model was trained on, so a message made mostly of words it has never seen
 * ("what is the capital of France?") is not answered with false confidence.
 */

import { withinOneEdit } from '../text/withinOneEdit';

const FUNCTION_WORDS = new Set(
  (
    'a an the is are am was were be been being do does did i me my mine you your yours he she it we they him her his ' +
    'hers its their theirs our ours us them this that these those to of in on at for with and or but so if then ' +
    'can could will would should shall may might must what how who whom when where why which there here not no yes ' +
    'please just about from up out any some all very too also as by into than im ive id ill dont doesnt didnt cant ' +
    'wont isnt arent wasnt thats whats hi hey ok okay'
  ).split(' '),
);

export function words(text: string): string[] {
  return text
    .toLowerCase()
    .replace(/[\u2018\u2019']/g, '')
    .split(/[^a-z0-9]+/)
    .filter((w) => w.length > 0);
}

/** A crude stem, enough to match "workers" with "worker" and "worried" with "worry". */
function stem(word: string): string {
  return word.length > 4 ? word.replace(/(ies|ied|ing|ed|es|s|ly|y)$/, '') : word;
}

export class Vocabulary {
  private readonly stems = new Set<string>();
  private readonly longWords: string[] = [];

  constructor(utterances: Iterable<string>) {
    for (const utterance of utterances) {
      for (const word of words(utterance)) {
        if (!this.stems.has(stem(word)) && word.length >= 6) this.longWords.push(word);
        this.stems.add(stem(word));
      }
    }
  }

  private knows(word: string): boolean {
    if (this.stems.has(stem(word))) return true;
    // A typo in a long word ("confidental") still counts as known.
    return word.length >= 6 && this.longWords.some((known) => withinOneEdit(word, known));
  }

  /** The share (0 to 1) of the message's content words the model was trained on; 1 if it has none. */
  coverage(text: string): number {
    const content = words(text).filter((w) => !FUNCTION_WORDS.has(w));
    if (content.length === 0) return 1;
    return content.filter((w) => this.knows(w)).length / content.length;
  }
}
