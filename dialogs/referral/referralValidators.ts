import type { Choice, FoundChoice } from 'botbuilder-dialogs';
import { parseUkPhone } from '../validation';
import { normaliseUtterance, recognizeParentChoice } from '../parentChoice';

/**
 * Reading a referral's answers in the parent's own words: a child's age where a year was asked,
 * "same number", a year typed as a number, and the words kept beside a choice.
 */

/** At "use the number you are texting from?": the parent typed another number instead of choosing. */
export const TYPED_ANOTHER_NUMBER = -1;
/** At "which year?": the child is not at school yet. */
export const NOT_AT_SCHOOL_YET = -2;
/** At "can we text you or leave a voicemail?": the parent said it in their own words (see readTextOrVoicemail). */
export const TEXT_OR_VOICEMAIL_IN_WORDS = -3;

const TEXT_WORD = /\b(?:texts?|texting|texted|sms|messages?)\b/;
const VOICEMAIL_WORD = /\b(?:voice ?mails?|voice ?messages?|answerphone|leave (?:a |me a )?message)\b/;
const NEGATIVE = /\b(?:no|not|dont|do not|never|cant|cannot|wont|isnt|nope|rather not|please dont)\b/;
const ONLY = /\b(?:only|just)\b/;

/**
 * "text is fine but no voicemail", "texting only", "please don't leave a voicemail": what the
 * parent said about texts and about voicemail, each clause on its own. An answer that names only
 * one leaves the other unknown (it is then asked on its own); "only" or "just" one says no to the
 * other. Undefined when the message names neither (a choice's number or "yes" is read as a choice).
 * Safety matters here: a voicemail heard by the wrong person can put a parent at risk, so nothing
 * is guessed.
 */
export function readTextOrVoicemail(text: string): { text?: boolean; voicemail?: boolean } | undefined {
  const said = normaliseUtterance(text);
  if (!TEXT_WORD.test(said.replace(VOICEMAIL_WORD, ' ')) && !VOICEMAIL_WORD.test(said)) return undefined;
  const answer: { text?: boolean; voicemail?: boolean } = {};
  const clauses = text
    .split(/[,;.!]/)
    .flatMap((part) => normaliseUtterance(part).split(/\b(?:but|though|although|however|and|whereas)\b/));
  for (const clause of clauses) {
    const voicemail = VOICEMAIL_WORD.test(clause);
    const texts = TEXT_WORD.test(clause.replace(VOICEMAIL_WORD, ' '));
    const negative = NEGATIVE.test(clause) || /\b(?:neither|nor)\b/.test(clause);
    const only = !negative && ONLY.test(clause);
    if (texts && voicemail) {
      answer.text = !negative;
      answer.voicemail = !negative;
    } else if (texts) {
      answer.text = !negative;
      if (only) answer.voicemail = false;
    } else if (voicemail) {
      answer.voicemail = !negative;
      if (only) answer.text = false;
    }
  }
  return answer.text === undefined && answer.voicemail === undefined ? undefined : answer;
}

const UNDER_SCHOOL_AGE_WORDS =
  /\b(?:nursery|pre ?school|preschool|not at school|not in school|not started school|too young|toddler|baby|under (?:5|five)|starts school next|starting school next)\b/;
const MONTHS_OLD = /\b\d{1,2}\s*(?:months?|mths?|mnths?)\b/;
const AGE =
  /\b(?:is|aged?|turned|just)\s+(\d{1,2}|one|two|three|four)\b|\b(\d{1,2}|one|two|three|four)\s*(?:years? old|yrs? old|yrs|yo|year old)\b/;
const SMALL_NUMBERS: Record<string, number> = { one: 1, two: 2, three: 3, four: 4 };

/** Whether the answer says the child is under school age ("she is 3", "18 months", "nursery", "not at school yet"). */
export function notAtSchoolYet(text: string): boolean {
  const said = normaliseUtterance(text);
  if (UNDER_SCHOOL_AGE_WORDS.test(said) || MONTHS_OLD.test(said)) return true;
  const age = AGE.exec(said);
  const value = age?.[1] ?? age?.[2];
  if (value === undefined) return false;
  const years = SMALL_NUMBERS[value] ?? Number(value);
  return years < 5;
}

/**
 * A year typed as a number ("2", "year 2", "Y2", "yr 2") is that year, not the second choice. A
 * number in other words ("he is 7") is not guessed into a year: undefined asks again.
 */
export function yearFromText(text: string, years: string[]): FoundChoice | 'unclear' | undefined {
  const said = text.trim().replace(/[.!]+$/, '');
  const typed = /^(?:year|yr|y)?\s*(\d{1,2})$/i.exec(said);
  if (typed?.[1] !== undefined) {
    const index = years.findIndex((y) => y.toLowerCase().replace(/\s+/g, ' ') === `year ${Number(typed[1])}`);
    return index < 0 ? 'unclear' : { value: years[index] ?? '', index, score: 1 };
  }
  return /\d/.test(said) ? 'unclear' : undefined;
}

/** A UK phone number typed inside a longer answer ("phone, 07700 900456"). */
export function phoneIn(text: string): string | undefined {
  const candidate = /(?:\+44|0)[\d\s().-]{9,16}\d/.exec(text)?.[0];
  return candidate ? parseUkPhone(candidate) : undefined;
}

const POLITE = ['please', 'thanks', 'thank', 'you', 'ta', 'ok', 'okay', 'is', 'best', 'fine', 'a', 'by'];

const SAME_NUMBER = /\b(?:same|this|that|my) (?:number|one|phone)\b|\bas before\b|\bsame as\b/;

/** "same number as before" / "this number": the number to reuse, if one is known. */
export function sameNumber(text: string, known: Array<string | undefined>): string | undefined {
  if (!SAME_NUMBER.test(normaliseUtterance(text))) return undefined;
  return known.find((n): n is string => n !== undefined && parseUkPhone(n) !== undefined);
}

/**
 * The parent's words beside a choice, kept when they say more than the choice itself: "phone is
 * best but not before 10 as im doing the school run" is "Phone call" and those words.
 */
export function wordsBesideChoice(
  text: string,
  choices: Choice[],
  found: FoundChoice | undefined,
): string | undefined {
  const said = normaliseUtterance(text);
  const trimmed = text.trim().replace(/\s+/g, ' ');
  if (said === '' || /^\d+$/.test(said)) return undefined;
  const choiceWords = choices.flatMap((c) => [c.value, ...(c.synonyms ?? [])]).map(normaliseUtterance);
  if (choiceWords.includes(said)) return undefined;
  // Only words beyond the choice's own and a "please" are worth keeping ("Phone call please" is not).
  const known = new Set([...choiceWords.flatMap((w) => w.split(' ')), ...POLITE]);
  const extra = said.split(' ').filter((w) => !known.has(w));
  if (found && extra.length < 2) return undefined;
  return trimmed.slice(0, 200);
}

/** The choice in a free answer (exact words or number only: "after 10am" is not "Afternoon"). */
export function choiceInFreeAnswer(text: string, choices: Choice[]): FoundChoice | undefined {
  return recognizeParentChoice(text, choices, { exactOnly: true });
}

/** Whether a free answer has the words of a time in it ("after 10", "mornings", "not before 9am"). */
export function mentionsTime(text: string): boolean {
  return /\b(?:\d{1,2}(?:[:.]\d{2})?\s*(?:am|pm)?|morning|mornings|afternoon|afternoons|evening|evenings|lunch|after school|school run|weekend|weekends|any ?time)\b/.test(
    normaliseUtterance(text),
  );
}
