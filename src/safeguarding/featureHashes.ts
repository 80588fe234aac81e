/**
 * The risk model's features as pairs of numbers rather than strings, for speed at prediction: a
 * message of 500 characters has about 1,500 character n-grams, and making (and collecting) a string of
 * each was most of the model's time. A feature's pair is two polynomial hashes of its string (30 bits
 * each), so a model trained on strings (riskModel.ts features) is looked up by the numbers of the same
 * features. Two of the model's own features sharing a pair is refused when it loads; an unknown n-gram
 * taking a known one's pair (60 bits) does not happen in practice.
 */

/** Primes below 2^30: h * 137 + a character code stays an exact small integer. */
const MOD_1 = 1073741789;
const MOD_2 = 1073741783;
const MUL_1 = 131;
const MUL_2 = 137;

export type FeatureVisitor = (h1: number, h2: number) => void;

/**
 * (h * mul + code) % mod, without the % of two doubles (a call to fmod): h < 2^30 and mul < 2^8, so
 * x < 2^38 and x / mod is never within 2^-44 of the next integer: the floor is the exact quotient.
 */
function step(h: number, mul: number, code: number, mod: number): number {
  const x = h * mul + code;
  return x - Math.floor(x / mod) * mod;
}

/** A feature string's pair ("w word", "b word word", "c abc"). */
export function hashFeature(feature: string): [number, number] {
  let h1 = 0;
  let h2 = 0;
  for (let i = 0; i < feature.length; i++) {
    const code = feature.charCodeAt(i);
    h1 = (h1 * MUL_1 + code) % MOD_1;
    h2 = (h2 * MUL_2 + code) % MOD_2;
  }
  return [h1, h2];
}

const [WORD_1, WORD_2] = hashFeature('w ');
const [BIGRAM_1, BIGRAM_2] = hashFeature('b ');
const [CHARS_1, CHARS_2] = hashFeature('c ');

/**
 * Calls visit with each feature of a normalised text, as riskModel.ts features() lists them as
 * strings (word unigrams and bigrams, character 3- to 5-grams across word boundaries), repeats
 * included: the caller keeps the distinct ones.
 */
export function visitFeatures(normalised: string, visit: FeatureVisitor): void {
  const words = normalised.split(' ').filter((w) => w.length > 0);
  const text = words.join(' ');
  // Words and pairs of words: hashes carried along the text, restarted at each word.
  let start = 0;
  for (let i = 0; i < words.length; i++) {
    const end = start + words[i]!.length;
    let w1 = WORD_1;
    let w2 = WORD_2;
    let b1 = BIGRAM_1;
    let b2 = BIGRAM_2;
    for (let k = start; k < end; k++) {
      const code = text.charCodeAt(k);
      w1 = step(w1, MUL_1, code, MOD_1);
      w2 = step(w2, MUL_2, code, MOD_2);
      b1 = step(b1, MUL_1, code, MOD_1);
      b2 = step(b2, MUL_2, code, MOD_2);
    }
    visit(w1, w2);
    if (i + 1 < words.length) {
      const nextEnd = end + 1 + words[i + 1]!.length;
      for (let k = end; k < nextEnd; k++) {
        const code = text.charCodeAt(k);
        b1 = step(b1, MUL_1, code, MOD_1);
        b2 = step(b2, MUL_2, code, MOD_2);
      }
      visit(b1, b2);
    }
    start = end + 1;
  }
  // Character n-grams of "<words_joined_like_this>".
  const padded = `<${words.join('_')}>`;
  for (let k = 0; k + 3 <= padded.length; k++) {
    let h1 = CHARS_1;
    let h2 = CHARS_2;
    for (let n = 1; n <= 5 && k + n <= padded.length; n++) {
      const code = padded.charCodeAt(k + n - 1);
      h1 = step(h1, MUL_1, code, MOD_1);
      h2 = step(h2, MUL_2, code, MOD_2);
      if (n >= 3) visit(h1, h2);
    }
  }
}

/** An open-addressing table from feature pairs to rows, in typed arrays (no object per feature). */
export class FeatureTable {
  private readonly keys1: Int32Array;
  private readonly keys2: Int32Array;
  private readonly rows: Int32Array;
  private readonly mask: number;
  readonly capacity: number;
  size = 0;

  constructor(capacity: number) {
    let slots = 16;
    while (slots < capacity * 2) slots *= 2;
    this.keys1 = new Int32Array(slots).fill(-1);
    this.keys2 = new Int32Array(slots);
    this.rows = new Int32Array(slots);
    this.mask = slots - 1;
    this.capacity = capacity;
  }

  /** Empties the table, to use it again. */
  clear(): void {
    if (this.size === 0) return;
    this.keys1.fill(-1);
    this.size = 0;
  }

  private slot(h1: number, h2: number): number {
    let i = (h1 ^ (h2 << 7)) & this.mask;
    while (this.keys1[i] !== -1 && (this.keys1[i] !== h1 || this.keys2[i] !== h2)) i = (i + 1) & this.mask;
    return i;
  }

  /** The row of a pair, or -1. */
  get(h1: number, h2: number): number {
    const i = this.slot(h1, h2);
    return this.keys1[i] === -1 ? -1 : this.rows[i]!;
  }

  /** Adds a pair with the next row; false when it was there already. */
  add(h1: number, h2: number): boolean {
    const i = this.slot(h1, h2);
    if (this.keys1[i] !== -1) return false;
    this.keys1[i] = h1;
    this.keys2[i] = h2;
    this.rows[i] = this.size++;
    return true;
  }
}
