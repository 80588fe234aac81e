/**
 * Finds which of a fixed list of words and phrases occur in a text, as substrings, in one pass over
 * the text however many there are (an Aho-Corasick automaton, built once at start). The rules'
 * required words (requiredWords.ts) were each looked for with String.includes, a few thousand
 * times a message; this answers the same question (is the word a substring of the text?) for all
 * of them at once.
 */

/** The characters of the words (a-z, 0-9, space); any other character cannot be part of a match. */
const ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789 ';
const SYMBOL = new Int8Array(128).fill(-1);
for (let i = 0; i < ALPHABET.length; i++) SYMBOL[ALPHABET.charCodeAt(i)] = i;
const WIDTH = ALPHABET.length;

export class WordScanner {
  /** State * WIDTH + symbol -> next state (complete: failures already followed). */
  private readonly next: Int32Array;
  /** The words that end at each state (its own and those of its failure links): ids[start[s]..start[s+1]). */
  private readonly start: Int32Array;
  private readonly ids: Int32Array;
  /** The length of the longest word. */
  readonly longest: number;

  constructor(readonly words: readonly string[]) {
    const trie: number[][] = [new Array<number>(WIDTH).fill(-1)];
    const own: number[][] = [[]];
    words.forEach((word, id) => {
      let s = 0;
      for (const ch of word) {
        const c = SYMBOL[ch.charCodeAt(0)] ?? -1;
        if (c < 0) throw new Error(`a required word holds "${ch}": ${word}`);
        if (trie[s]![c]! < 0) {
          trie[s]![c] = trie.length;
          trie.push(new Array<number>(WIDTH).fill(-1));
          own.push([]);
        }
        s = trie[s]![c]!;
      }
      own[s]!.push(id);
    });
    const count = trie.length;
    const next = new Int32Array(count * WIDTH);
    const fail = new Int32Array(count);
    const outputs: number[][] = own.map(() => []);
    // Breadth first, so a state's failure link is done before it.
    const queue: number[] = [];
    for (let c = 0; c < WIDTH; c++) {
      const t = trie[0]![c]!;
      next[c] = t < 0 ? 0 : t;
      if (t > 0) queue.push(t);
    }
    outputs[0] = own[0]!;
    for (let q = 0; q < queue.length; q++) {
      const s = queue[q]!;
      outputs[s] = [...own[s]!, ...outputs[fail[s]!]!];
      for (let c = 0; c < WIDTH; c++) {
        const t = trie[s]![c]!;
        if (t < 0) next[s * WIDTH + c] = next[fail[s]! * WIDTH + c]!;
        else {
          fail[t] = next[fail[s]! * WIDTH + c]!;
          next[s * WIDTH + c] = t;
          queue.push(t);
        }
      }
    }
    this.next = next;
    this.start = new Int32Array(count + 1);
    for (let s = 0; s < count; s++) this.start[s + 1] = this.start[s]! + outputs[s]!.length;
    this.ids = Int32Array.from(outputs.flat());
    this.longest = words.reduce((n, w) => Math.max(n, w.length), 0);
  }

  /** Calls found with the id of each word that lies wholly in text[from, to) (once per occurrence). */
  scan(text: string, found: (id: number) => void, from = 0, to = text.length): void {
    let s = 0;
    const end = Math.min(to, text.length);
    for (let i = Math.max(0, from); i < end; i++) {
      const code = text.charCodeAt(i);
      const c = code < 128 ? SYMBOL[code]! : -1;
      if (c < 0) {
        s = 0;
        continue;
      }
      s = this.next[s * WIDTH + c]!;
      for (let k = this.start[s]!, last = this.start[s + 1]!; k < last; k++) found(this.ids[k]!);
    }
  }
}
