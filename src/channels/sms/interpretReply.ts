import type { SmsChoice } from './renderActivity';

export type SmsKeyword = 'optOut' | 'optIn' | 'help';

export interface SmsKeywords {
  optOut: string[];
  optIn: string[];
  help: string[];
}

/** The carrier keywords: a whole message of one of them (any case, trailing punctuation ignored). */
export function keywordOf(text: string, keywords: SmsKeywords): SmsKeyword | undefined {
  const word = text
    .trim()
    .replace(/[.!]+$/, '')
    .toUpperCase();
  if (keywords.optOut.includes(word)) return 'optOut';
  if (keywords.optIn.includes(word)) return 'optIn';
  if (keywords.help.includes(word)) return 'help';
  return undefined;
}

/** Twilio's Advanced Opt-Out tells us when it has already recognised a keyword. */
export function keywordFromOptOutType(optOutType: string | undefined): SmsKeyword | undefined {
  switch (optOutType?.toUpperCase()) {
    case 'STOP':
      return 'optOut';
    case 'START':
      return 'optIn';
    case 'HELP':
      return 'help';
    default:
      return undefined;
  }
}

const NUMBER_REPLY = /^(?:#|no\.?|number|option)?\s*(\d{1,2})\s*[.)]?$/i;

function normalise(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/**
 * Which of the last offered choices a reply selects: its number ("2", "2.", "option 2"; not for
 * choices listed without numbers) or its words, ignoring case and punctuation. Anything else selects nothing, and the text goes to the
 * bot unchanged (a "2" when no choices were offered may be an answer, e.g. a child's age).
 */
export function matchChoice(
  text: string,
  choices: readonly SmsChoice[],
): { index: number; choice: SmsChoice } | undefined {
  if (choices.length === 0) return undefined;
  const numbered = NUMBER_REPLY.exec(text.trim());
  if (numbered?.[1] !== undefined) {
    const index = Number(numbered[1]) - 1;
    const choice = choices[index];
    return choice && !choice.unnumbered ? { index, choice } : undefined;
  }
  const words = normalise(text);
  if (words === '') return undefined;
  const index = choices.findIndex((c) => normalise(c.title) === words || normalise(c.text) === words);
  const choice = choices[index];
  return choice ? { index, choice } : undefined;
}
