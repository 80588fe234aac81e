import { fitsInSegments, toGsm7 } from './gsm7';
import type { SmsChoice, SmsPart } from './renderActivity';

/** A message is at most this many segments (306 GSM-7 characters)... */
export const MAX_SEGMENTS = 2;
/** ...unless the parent asked for a list. */
export const MAX_SEGMENTS_FOR_REQUESTED_LIST = 4;

export interface ComposedTurn {
  /** The SMS bodies to send, in order: GSM-7 only, each within its segment budget. */
  bodies: string[];
  /** Every choice offered in the turn, in the order they were numbered (1, 2, ...). */
  choices: SmsChoice[];
}

interface Block {
  text: string;
  segments: number;
}

/**
 * Turns a turn's replies into as few texts as read naturally: replies are joined with a blank
 * line while they fit in the segment budget; choices become a short numbered list with a hint
 * at the end; anything too long is split at a paragraph, line, sentence or word boundary.
 */
export function composeMessages(parts: readonly SmsPart[], choiceHint: string): ComposedTurn {
  const choices: SmsChoice[] = [];
  const blocks: Block[] = [];
  const lastWithChoices = parts.reduce((last, part, i) => (part.choices.length > 0 ? i : last), -1);
  parts.forEach((part, i) => {
    const lines: string[] = [];
    const text = toGsm7(part.text);
    if (text !== '') lines.push(text);
    for (const choice of part.choices) {
      choices.push(choice);
      lines.push(`${choices.length}. ${toGsm7(choice.title)}`);
    }
    if (i === lastWithChoices) lines.push(toGsm7(choiceHint));
    if (lines.length === 0) return;
    blocks.push({
      text: lines.join('\n'),
      segments: part.requestedList ? MAX_SEGMENTS_FOR_REQUESTED_LIST : MAX_SEGMENTS,
    });
  });

  const messages: Block[] = [];
  for (const block of blocks) {
    const last = messages.at(-1);
    if (last) {
      const joined = `${last.text}\n\n${block.text}`;
      const segments = Math.max(last.segments, block.segments);
      if (fitsInSegments(joined, segments)) {
        last.text = joined;
        last.segments = segments;
        continue;
      }
    }
    for (const piece of splitToFit(block.text, block.segments)) {
      messages.push({ text: piece, segments: block.segments });
    }
  }
  return { bodies: messages.map((m) => m.text), choices };
}

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
