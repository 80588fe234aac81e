import { normalise } from './parentWords';

/**
 * The parent's answer to "On a scale of 0 to 10, how are things at home at the moment?", in the
 * forms parents write it: "7", "seven", "about a 6", "7/10", "7 out of 10", "6ish", "7 - getting
 * better". A number outside 0 to 10, or one inside a sentence about something else ("2 kids"),
 * is not a score.
 */

const NUMBER_WORDS: Record<string, number> = {
  zero: 0,
  nought: 0,
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
};

/** Words that may come before the number: "about a 6", "I'd say 7", "probably a five". */
const LEAD_IN =
  /^(?:(?:i'?d say|i would say|i think|i guess|probably|prob|maybe|about|bout|abt|around|roughly|like|honestly|it'?s|it is|things are|at|a|an)\s+)*/;
const SCORE = new RegExp(
  `^(10|[0-9](?:\\.5)?|${Object.keys(NUMBER_WORDS).join('|')})(?:\\s*(?:/\\s*10|out of (?:10|ten)))?(.*)$`,
);
/** After the number, a comment may follow a mark ("7 - better") or start with one of these words. */
const COMMENT_START =
  /^\s+(?:i|im|it|its|things|getting|but|and|at|right|now|today|this|maybe|probably|or|thanks|thank|not|better|worse|on)\b/;

export function parseWellbeingScore(text: string | undefined): number | undefined {
  const said = normalise(text).replace(LEAD_IN, '');
  const match = SCORE.exec(said);
  const number = match?.[1];
  if (number === undefined) return undefined;
  const rest = match?.[2] ?? '';
  const isScore =
    rest === '' ||
    /^\s*ish\b/.test(rest) ||
    (/^\s*[-\u2013\u2014:,.!;)]/.test(rest) && !/^\.\d/.test(rest)) ||
    COMMENT_START.test(rest);
  if (!isScore) return undefined;
  return NUMBER_WORDS[number] ?? Number(number);
}
