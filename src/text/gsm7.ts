import { createHash } from 'node:crypto';
import { SegmentedMessage } from 'sms-segments-calculator';
import SmartEncodingMap from 'sms-segments-calculator/dist/libs/SmartEncodingMap';
import UnicodeToGsm from 'sms-segments-calculator/dist/libs/UnicodeToGSM';

/**
 * GSM-7, the SMS alphabet. A message with a single character outside it is sent as UCS-2, which
 * halves what fits in a segment (70 instead of 160) and so doubles what a parent's texts cost.
 * Every outgoing body goes through `toGsm7` first. The character tables are Twilio's own (their
 * segment calculator, which also holds the "smart encoding" replacements for curly quotes,
 * long dashes and the like).
 */

/** One segment holds 160 septets; in a message of several, each holds 153 (the rest is the header). */
const SINGLE_SEGMENT_SEPTETS = 160;
const CONCATENATED_SEGMENT_SEPTETS = 153;

const GSM_SEPTETS = UnicodeToGsm as Record<number, number[] | undefined>;
const SMART_REPLACEMENTS = SmartEncodingMap as Record<string, string | undefined>;
const EMOJI_PARTS =
  /\p{Extended_Pictographic}|\p{Emoji_Modifier}|\p{Regional_Indicator}|\u200d|\ufe0e|\ufe0f|\u20e3/u;
const COMBINING_MARKS = /\p{M}/gu;

/** Septets a character takes in GSM-7 (2 for the extension table, e.g. € [ ] { }), or undefined. */
function gsmSeptets(char: string): number | undefined {
  const codePoint = char.codePointAt(0);
  if (codePoint === undefined) return undefined;
  return GSM_SEPTETS[codePoint]?.length;
}

export function isGsm7(text: string): boolean {
  for (const char of text) if (gsmSeptets(char) === undefined) return false;
  return true;
}

/** Control characters other than a line break (form feed is in GSM-7's extension table, but unwanted). */
function isUnwantedControl(char: string): boolean {
  const codePoint = char.codePointAt(0) ?? 0;
  return (codePoint < 0x20 && char !== '\n') || codePoint === 0x7f;
}

function replacementFor(char: string): string {
  if (isUnwantedControl(char)) return ' ';
  if (gsmSeptets(char) !== undefined) return char;
  const smart = SMART_REPLACEMENTS[char];
  if (smart !== undefined && isGsm7(smart)) return smart;
  // Letters with accents GSM-7 lacks (ł aside): "ā" -> "a", "ﬁ" -> "fi", "²" -> "2".
  const decomposed = char.normalize('NFKD').replace(COMBINING_MARKS, '');
  if (decomposed !== '' && isGsm7(decomposed)) return decomposed;
  if (EMOJI_PARTS.test(char)) return '';
  return EXTRA_LETTERS[char] ?? '?';
}

const EXTRA_LETTERS: Record<string, string> = {
  ł: 'l',
  Ł: 'L',
  đ: 'd',
  Đ: 'D',
  ħ: 'h',
  œ: 'oe',
  Œ: 'OE',
  ı: 'i',
  ŀ: 'l',
  þ: 'th',
  Þ: 'Th',
  ð: 'd',
};

/**
 * Rewrites text so that every character is in GSM-7: typographic quotes and dashes become plain
 * ones, accents GSM-7 lacks are dropped, emoji are removed, anything else becomes "?". Spaces
 * are tidied (runs collapsed, lines trimmed, at most one blank line in a row).
 */
export function toGsm7(text: string): string {
  let out = '';
  for (const char of text.replace(/\r\n?/g, '\n').normalize('NFC')) out += replacementFor(char);
  return out
    .split('\n')
    .map((line) => line.replace(/ {2,}/g, ' ').trim())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/** Length in septets of GSM-7 text (extension characters count 2). */
export function septetLength(text: string): number {
  let length = 0;
  for (const char of text) length += gsmSeptets(char) ?? 1;
  return length;
}

/**
 * The most septets a message may hold to fit in `segments` segments. When it contains extension
 * characters, one septet per segment is held back: an escape pair is never split across segments.
 */
export function septetBudget(segments: number, hasExtensionCharacters: boolean): number {
  if (segments <= 1) return SINGLE_SEGMENT_SEPTETS - (hasExtensionCharacters ? 1 : 0);
  return segments * (CONCATENATED_SEGMENT_SEPTETS - (hasExtensionCharacters ? 1 : 0));
}

export function fitsInSegments(text: string, segments: number): boolean {
  let septets = 0;
  let characters = 0;
  for (const char of text) {
    septets += gsmSeptets(char) ?? 1;
    characters++;
  }
  return septets <= septetBudget(segments, septets !== characters);
}

export interface SmsDescription {
  encoding: 'GSM-7' | 'UCS-2';
  segments: number;
}

/**
 * Bodies are mostly the same few texts from content/, and Twilio's calculator is slow (it splits
 * graphemes): the last few hundred descriptions are kept, under a digest of the body, so that no
 * message text stays in memory.
 */
const DESCRIBED_KEPT = 500;
const described = new Map<string, SmsDescription>();

/** What a carrier will make of a body: its encoding and number of segments (Twilio's own calculator). */
export function describeSms(body: string): SmsDescription {
  const digest = createHash('sha256').update(body).digest('base64');
  const known = described.get(digest);
  if (known) return { ...known };
  const message = new SegmentedMessage(body);
  const description: SmsDescription = { encoding: message.encodingName, segments: message.segmentsCount };
  if (described.size >= DESCRIBED_KEPT) described.clear();
  described.set(digest, description);
  return { ...description };
}
