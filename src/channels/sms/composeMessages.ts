import { fitsInSegments, septetBudget, toGsm7 } from '../../text/gsm7';
import type { SmsChoice, SmsPart } from './renderActivity';

/** A message is at most this many segments (306 GSM-7 characters)... */
export const MAX_SEGMENTS = 2;
/** ...unless the parent asked for a list. */
export const MAX_SEGMENTS_FOR_REQUESTED_LIST = 4;

/** The line under a list of choices. */
export interface ChoiceHints {
  /** Under a numbered list, e.g. "Reply with a number." */
  numbered: string;
  /** Under a list that is not numbered (its titles hold numbers of their own, e.g. school years). */
  unnumbered: string;
}

export interface ComposedTurn {
  /** The SMS bodies to send, in order: GSM-7 only, each within its segment budget. */
  bodies: string[];
  /** Every choice offered in the turn, in the order they were numbered (1, 2, ...). */
  choices: SmsChoice[];
}

/**
 * The smallest unit a turn's texts are made of: a sentence, a line, a choice (or, only when a
 * sentence is too long for one text, a word). Consecutive pieces in one text are joined by `join`
 * (what separated them in the reply); a text may start at a piece at the price of `cutCost`.
 */
interface Piece {
  text: string;
  join: string;
  cutCost: number;
  /** Segments a text holding this piece may use. */
  segments: number;
}

/**
 * What a text and a cut cost, so that the cheapest way to send a turn is also the most natural:
 * first as few segments as possible (what the service pays), then as few texts (what the parent
 * reads), then cuts between replies rather than inside them. A reply is split over two texts at
 * a sentence only when that saves a segment or a text; inside a sentence only when the sentence
 * will not fit in a text.
 */
const COST = {
  segment: 100,
  text: 10,
  betweenReplies: 0,
  paragraph: 1,
  line: 2,
  insideList: 20,
  sentence: 5,
  questionFromChoices: 40,
  hintFromList: 60,
  word: 150,
  character: 1000,
};

/**
 * Turns a turn's replies into texts: replies joined with a blank line; choices as a short
 * numbered list with a hint at the end (or, when their titles hold numbers, an unnumbered list);
 * each text within its segment budget, cut where it reads best (see COST).
 */
export function composeMessages(parts: readonly SmsPart[], hints: ChoiceHints): ComposedTurn {
  const choices: SmsChoice[] = [];
  const pieces: Piece[] = [];
  const lastWithChoices = parts.reduce((last, part, i) => (part.choices.length > 0 ? i : last), -1);
  parts.forEach((part, i) => {
    const segments = part.requestedList ? MAX_SEGMENTS_FOR_REQUESTED_LIST : MAX_SEGMENTS;
    const partPieces: Piece[] = [];
    const text = toGsm7(part.text);
    if (text !== '') partPieces.push(...textPieces(text, segments));
    const listed: string[] = [];
    for (const choice of part.choices) {
      const numbered = !part.unnumberedChoices;
      choices.push(numbered ? choice : { ...choice, unnumbered: true });
      listed.push(numbered ? `${choices.length}. ${toGsm7(choice.title)}` : toGsm7(choice.title));
    }
    if (part.unnumberedChoices && listed.length > 0) {
      partPieces.push({ text: listed.join(', '), join: '\n', cutCost: COST.questionFromChoices, segments });
    } else {
      listed.forEach((line, n) => {
        const cutCost = n === 0 ? COST.questionFromChoices : COST.insideList;
        partPieces.push({ text: line, join: '\n', cutCost, segments });
      });
    }
    if (i === lastWithChoices) {
      const hint = toGsm7(part.unnumberedChoices ? hints.unnumbered : hints.numbered);
      if (hint !== '') partPieces.push({ text: hint, join: '\n', cutCost: COST.hintFromList, segments });
    }
    const first = partPieces[0];
    if (!first) return;
    partPieces[0] = { ...first, join: '\n\n', cutCost: COST.betweenReplies };
    pieces.push(...partPieces);
  });
  return { bodies: cheapestTexts(pieces), choices };
}

/** A reply's text as pieces: paragraphs, lines, sentences (and words of a sentence too long for a text). */
function textPieces(text: string, segments: number): Piece[] {
  const pieces: Piece[] = [];
  for (const paragraph of text.split('\n\n')) {
    paragraph.split('\n').forEach((line, l) => {
      const [join, cutCost] = l > 0 ? ['\n', COST.line] : ['\n\n', COST.paragraph];
      splitSentences(line).forEach((sentence, s) => {
        const sentenceJoin = s > 0 ? ' ' : join;
        const sentenceCost = s > 0 ? COST.sentence : cutCost;
        if (fitsInSegments(sentence, segments)) {
          pieces.push({ text: sentence, join: sentenceJoin, cutCost: sentenceCost, segments });
          return;
        }
        splitToFit(sentence, segments).forEach((piece, w) => {
          pieces.push({
            text: piece,
            join: w > 0 ? ' ' : sentenceJoin,
            cutCost: w > 0 ? COST.word : sentenceCost,
            segments,
          });
        });
      });
    });
  }
  return pieces;
}

function splitSentences(line: string): string[] {
  return line.split(/(?<=[.!?])\s+(?=\S)/).filter((s) => s !== '');
}

/**
 * The cheapest way to cut the pieces into texts (dynamic programming over where each text
 * starts), each text within the largest budget of the pieces it holds.
 */
function cheapestTexts(pieces: readonly Piece[]): string[] {
  const n = pieces.length;
  const best: Array<{ cost: number; from: number; text: string } | undefined> = [
    { cost: 0, from: -1, text: '' },
  ];
  const ceiling = septetBudget(MAX_SEGMENTS_FOR_REQUESTED_LIST, false);
  for (let start = 0; start < n; start++) {
    const before = best[start];
    if (!before) continue;
    const cut = start === 0 ? 0 : (pieces[start]?.cutCost ?? 0);
    let text = '';
    let budget = 0;
    for (let end = start; end < n; end++) {
      const piece = pieces[end]!;
      text = end === start ? piece.text : `${text}${piece.join}${piece.text}`;
      if (text.length > ceiling) break;
      budget = Math.max(budget, piece.segments);
      const segments = segmentsUsed(text, budget);
      if (segments === undefined) continue;
      const cost = before.cost + cut + COST.text + COST.segment * segments;
      const current = best[end + 1];
      if (!current || cost < current.cost) best[end + 1] = { cost, from: start, text };
    }
  }
  const texts: string[] = [];
  for (let at = n; at > 0;) {
    const step = best[at];
    if (!step) throw new Error('An SMS piece does not fit in a text'); // splitToFit makes every piece fit
    texts.unshift(step.text);
    at = step.from;
  }
  return texts;
}

/** The segments a text takes, if it fits in `budget`. */
function segmentsUsed(text: string, budget: number): number | undefined {
  for (let segments = 1; segments <= budget; segments++) {
    if (fitsInSegments(text, segments)) return segments;
  }
  return undefined;
}

// ---- Splitting one long text -------------------------------------------------------------------

/** Places to cut, best first; `keep` is how many characters of the match stay with the first piece. */
const BOUNDARIES: Array<{ pattern: RegExp; keep: number }> = [
  { pattern: /\n\n/g, keep: 0 },
  { pattern: /\n/g, keep: 0 },
  { pattern: /[.!?:;](?= )/g, keep: 1 },
  { pattern: / /g, keep: 0 },
];

/** Splits GSM-7 text into pieces that each fit in `segments` segments, at the most natural boundary. */
export function splitToFit(text: string, segments: number): string[] {
  const pieces: string[] = [];
  let rest = text;
  while (!fitsInSegments(rest, segments)) {
    const limit = longestFittingPrefix(rest, segments);
    const cut = naturalCut(rest.slice(0, limit + 1), limit);
    pieces.push(rest.slice(0, cut).trimEnd());
    rest = rest.slice(cut).trimStart();
  }
  if (rest !== '') pieces.push(rest);
  return pieces;
}

/** GSM-7 characters are all in the Basic Multilingual Plane, so string indexes are characters. */
function longestFittingPrefix(text: string, segments: number): number {
  let low = 1;
  let high = text.length;
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    if (fitsInSegments(text.slice(0, mid), segments)) low = mid;
    else high = mid - 1;
  }
  return low;
}

/**
 * Where to cut `window` (the prefix that fits, plus one character) so that the first piece ends
 * well: at the last paragraph break, else line break, else sentence end, else space, provided
 * that leaves the piece at least half full; otherwise in the middle of a word.
 */
function naturalCut(window: string, limit: number): number {
  for (const { pattern, keep } of BOUNDARIES) {
    let best = -1;
    for (const match of window.matchAll(pattern)) {
      const end = match.index + keep;
      if (end <= limit) best = end;
    }
    if (best >= limit / 2) return best;
  }
  return limit;
}
