import type { TurnContext } from 'botbuilder';
import {
  ChoiceFactory,
  ChoicePrompt,
  ListStyle,
  recognizeChoices,
  type Choice,
  type FindChoicesOptions,
  type FoundChoice,
  type PromptOptions,
  type PromptRecognizerResult,
  type PromptValidator,
} from 'botbuilder-dialogs';
import { looksLikeQuestion } from './understanding';

/**
 * Understanding a choice in a parent's own words, at every prompt: the choice's words or any of
 * its synonyms anywhere in the message ("phone is best but not before 10" is "Phone call"), its
 * number or ordinal ("2", "the second one"), part of its words ("oakfield" for "Oakfield Primary
 * School"), and small typos ("oakfeild", "moring"). A message that says "not" or "don't" never
 * counts as a choice that does not (so "I don't agree" is never "Yes, I agree").
 */

/** botbuilder's choice recognizer: every word of a value or synonym, numbers and ordinals. */
const EXACT: FindChoicesOptions = {
  recognizeNumbers: true,
  recognizeOrdinals: true,
  allowPartialMatches: false,
};
/** The same, where some of a choice's words are enough ("oakfield", "another number"). */
const PARTIAL: FindChoicesOptions = { ...EXACT, allowPartialMatches: true };

/**
 * Words in which botbuilder's number and ordinal recognizers (@microsoft/recognizers-text, English)
 * can find a number: every word of their English number, ordinal, round-number and relative-ordinal
 * tables (without "a", "an" and the one-letter multipliers, which count only beside a number).
 * Those recognizers cost about 0.2-0.5 ms a call; a message with no digit and none of these words
 * cannot name a choice by its number, so they are called only when one is there. Checked against
 * the recognizers in test/conversation/parentChoiceNumbers.test.ts.
 */
const NUMBER_WORDS =
  'antepenultimate billion billions billionth billionths bln crore crores current doz dozen dozens ' +
  'dozs dz dzs eight eighteen eighteenth eighteenths eighth eighths eightieth eightieths eighty ' +
  'eleven eleventh elevenths fifteen fifteenth fifteenths fifth fifths fiftieth fiftieths fifty ' +
  'first firsts five fortieth fortieths forty four fourteen fourteenth fourteenths fourth fourths ' +
  'half halves hundred hundreds hundredth hundredths lakh lakhs last million millions millionth ' +
  'millionths mln naught next nine nineteen nineteenth nineteenths nineth nineths ninetieth ' +
  'ninetieths ninety ninth ninths nought one penultimate previous quarter quarters second secondary ' +
  'seven seventeen seventeenth seventeenths seventh sevenths seventieth seventieths seventy six ' +
  'sixteen sixteenth sixteenths sixth sixths sixtieth sixtieths sixty ten tenth tenths third thirds ' +
  'thirteen thirteenth thirteenths thirtieth thirtieths thirty thousand thousands thousandth ' +
  'thousandths three tln trillion trillions trillionth trillionths twelfth twelfths twelve ' +
  'twentieth twentieths twenty two zero';
const MAY_NAME_A_NUMBER = new RegExp(`\\d|\\b(?:${NUMBER_WORDS.split(' ').join('|')})\\b`);

/** Whether botbuilder's number and ordinal recognizers could find anything in this (normalised) text. */
export function mayNameANumber(utterance: string): boolean {
  return MAY_NAME_A_NUMBER.test(utterance);
}

/**
 * botbuilder's `recognizeChoices`, the same answers: by the choices' words first, and by number or
 * ordinal only when the words found nothing (as botbuilder does) and the text holds a number word.
 */
function findChoice(
  utterance: string,
  choices: Choice[],
  options: FindChoicesOptions,
): ReturnType<typeof recognizeChoices> {
  const byWords = recognizeChoices(utterance, choices, {
    ...options,
    recognizeNumbers: false,
    recognizeOrdinals: false,
  });
  if (byWords.length > 0 || !mayNameANumber(utterance)) return byWords;
  return recognizeChoices(utterance, choices, options);
}

/** The longest answer in which part of a choice's words, or a typo, still counts as the choice. */
const MAX_WORDS_FOR_PARTIAL = 4;

/** Words that say nothing about which choice is meant: a partial or fuzzy match on them alone does not count. */
const FILLER = new Set(
  (
    'a an the i im me my you your we us our it its is are be to of in on at by for with and or ' +
    'please use this that these those one some any can could would will do want like just not'
  ).split(' '),
);
const NEGATION = /\b(?:not|dont|do not|never|cant|cannot|wont|isnt|nope|no)\b/;

/** Lower case, apostrophes dropped ("don't" is "dont"), other punctuation as spaces. */
export function normaliseUtterance(text: string): string {
  return text
    .toLowerCase()
    .replace(/[\u2018\u2019']/g, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

function wordsOf(choice: Choice): string[] {
  return [choice.value, ...(choice.synonyms ?? [])].map(normaliseUtterance);
}

function isNegative(choice: Choice): boolean {
  return wordsOf(choice).some((w) => NEGATION.test(w));
}

/** Whether this match stands: a message with a negation is not a choice without one, when a negative choice is offered. */
function allowed(found: FoundChoice, utterance: string, choices: Choice[]): boolean {
  const choice = choices[found.index];
  if (!choice || !NEGATION.test(utterance) || isNegative(choice)) return true;
  return !choices.some(isNegative);
}

function best(results: Array<{ resolution: FoundChoice; text: string }>): FoundChoice | undefined {
  const sorted = [...results].sort((a, b) => b.resolution.score - a.resolution.score);
  return sorted[0]?.resolution;
}

/** The edit distance between two short words (for typos). */
function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let previous = row[0] ?? 0;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const current = row[j] ?? 0;
      row[j] = Math.min(current + 1, (row[j - 1] ?? 0) + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1));
      previous = current;
    }
  }
  return row[b.length] ?? 0;
}

function closeEnough(typed: string, word: string): boolean {
  if (typed.length < 5 || word.length < 5) return false;
  return distance(typed, word) <= (word.length >= 8 ? 2 : 1);
}

/** A choice one of whose (non-filler) words the parent typed with a small typo; only if exactly one choice fits. */
function fuzzy(utterance: string, choices: Choice[]): FoundChoice | undefined {
  const typed = utterance.split(' ').filter((w) => !FILLER.has(w));
  const hits = choices
    .map((choice, index) => ({
      index,
      count: typed.filter((t) =>
        wordsOf(choice).some((phrase) => phrase.split(' ').some((w) => !FILLER.has(w) && closeEnough(t, w))),
      ).length,
    }))
    .filter((h) => h.count > 0)
    .sort((a, b) => b.count - a.count);
  const [first, second] = hits;
  if (!first || (second && second.count === first.count)) return undefined;
  const choice = choices[first.index];
  return choice ? { value: choice.value, index: first.index, score: 0.5 } : undefined;
}

/**
 * The choice a parent meant, or undefined. A question ("will the school be told?") is matched
 * only by whole words of a choice, never by part of one or a typo: it is a question, not a choice.
 */
export function recognizeParentChoice(
  text: string,
  choices: Choice[],
  options: { exactOnly?: boolean } = {},
): FoundChoice | undefined {
  const utterance = normaliseUtterance(text);
  if (utterance === '' || choices.length === 0) return undefined;
  const exact = findChoice(utterance, choices, EXACT).filter((r) =>
    allowed(r.resolution, utterance, choices),
  );
  const fromExact = best(exact);
  // Part of a choice's words, or a typo, only in a short answer ("oakfield", "another number"):
  // in a longer message one shared word ("...won't go to school") is not a choice ("Meet at school").
  const short = utterance.split(' ').length <= MAX_WORDS_FOR_PARTIAL;
  if (fromExact || options.exactOnly || !short || looksLikeQuestion(text)) return fromExact;
  const partial = findChoice(utterance, choices, PARTIAL).filter(
    (r) =>
      allowed(r.resolution, utterance, choices) &&
      normaliseUtterance(r.text)
        .split(' ')
        .some((w) => !FILLER.has(w) && w.length > 2),
  );
  const distinct = new Set(partial.map((r) => r.resolution.index));
  if (distinct.size === 1) return best(partial);
  const typo = fuzzy(utterance, choices);
  return typo && allowed(typo, utterance, choices) ? typo : undefined;
}

/** The choices of a prompt's options (strings or Choice objects). */
export function choicesOf(options: PromptOptions | undefined): Choice[] {
  return (options?.choices ?? []).map((c) => (typeof c === 'string' ? { value: c } : c));
}

/** At a prompt that also takes the parent's own words: the words, when they are not a choice. */
export const FREE_TEXT = -3;
/** The longest free answer kept beside a choice. */
const MAX_FREE_TEXT = 200;

export interface ParentChoiceOptions {
  /** Only whole words of a choice (a time question: "after 10am" is not "Afternoon"). */
  exactOnly?: boolean;
  /** Any other words are an answer too (`index` FREE_TEXT, `value` the words). */
  freeText?: boolean;
  /** Words its validator takes as an answer ("nursery" at "which year?"): never an interruption there. */
  alsoAccepts?: (text: string) => boolean;
}

/**
 * A ChoicePrompt that understands the parent's own words (above). Its choices go out as
 * suggested actions (buttons in web chat, a numbered list by SMS).
 */
export class ParentChoicePrompt extends ChoicePrompt {
  readonly acceptsFreeText: boolean;

  constructor(
    dialogId: string,
    validator?: PromptValidator<FoundChoice>,
    private readonly parentOptions: ParentChoiceOptions = {},
  ) {
    super(dialogId, validator);
    this.style = ListStyle.suggestedAction;
    this.acceptsFreeText = parentOptions.freeText === true;
  }

  /** Whether its validator takes these words as an answer, though they are not one of the choices. */
  acceptsAnswer(text: string): boolean {
    return this.parentOptions.alsoAccepts?.(text) === true;
  }

  protected override onRecognize(
    context: TurnContext,
    _state: Record<string, unknown>,
    options: PromptOptions,
  ): Promise<PromptRecognizerResult<FoundChoice>> {
    const text = typeof context.activity.text === 'string' ? context.activity.text.trim() : '';
    const found = recognizeParentChoice(text, choicesOf(options), {
      exactOnly: this.parentOptions.exactOnly === true,
    });
    if (found) return Promise.resolve({ succeeded: true, value: found });
    if (this.acceptsFreeText && /\p{L}/u.test(text) && text.length <= MAX_FREE_TEXT)
      return Promise.resolve({ succeeded: true, value: { value: text, index: FREE_TEXT, score: 1 } });
    return Promise.resolve({ succeeded: false });
  }
}

/**
 * botbuilder's ChoicePrompt, the same answers, without its number recognizers when an English
 * message holds no number (see `mayNameANumber`): the main menu, where most messages are typed
 * words routed by what they mean.
 */
export class MenuChoicePrompt extends ChoicePrompt {
  protected override async onRecognize(
    context: TurnContext,
    state: Record<string, unknown>,
    options: PromptOptions,
  ): Promise<PromptRecognizerResult<FoundChoice>> {
    const { text, locale } = context.activity;
    const english = (locale === undefined || /^en\b/i.test(locale)) && this.defaultLocale === undefined;
    if (!text || !english || this.style !== ListStyle.suggestedAction || mayNameANumber(text.toLowerCase()))
      return await super.onRecognize(context, state, options);
    const found = recognizeChoices(text, ChoiceFactory.toChoices(options.choices ?? []), {
      ...this.recognizerOptions,
      locale: 'en-us',
      recognizeNumbers: false,
      recognizeOrdinals: false,
    });
    const first = found[0];
    return first ? { succeeded: true, value: first.resolution } : { succeeded: false };
  }
}
