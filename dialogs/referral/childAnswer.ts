import type { FoundChoice } from 'botbuilder-dialogs';
import { normaliseUtterance } from '../parentChoice';
import { isSkip, parseName } from '../validation';
import { notAtSchoolYet, yearFromText } from './referralValidators';

/**
 * By SMS the child's first name and school year are one question ("Jo, Year 3"): what the answer
 * gave. A name alone leaves the year to its own question; a year alone is a name not given.
 */
export interface ChildAnswer {
  skipped?: boolean;
  name?: string;
  year?: FoundChoice;
  /** The child is not at school yet ("Mia, she is 3"): never a year group. */
  notAtSchool?: boolean;
}

/** "Year 3", "yr 3", "Y3", "reception" inside an answer. */
const YEAR_IN_TEXT = /\b(?:year|yr|y)\s*(\d{1,2})\b|\breception\b/i;
/** Where a name stops: "Jo, year 3", "Jo is in year 3", "Mia - she is 3". */
const NAME_ENDS = /,|;|\s-\s|\b(?:is|in|and|shes|hes|she|he|who|aged?|year|yr|reception)\b/i;
/** Words that are not a child's name ("my son", "she's"). */
const NOT_A_NAME =
  /^(?:my|our|the|his|her|he|she|hes|shes|they|son|daughter|child|kid|boy|girl|its|it|name|called|not|no|nursery|toddler|baby)$/;
const NAME_LEAD =
  /^(?:(?:my|our)\s+(?:son|daughter|child|boy|girl|eldest|youngest)\s*(?:is\s+)?(?:called\s+)?|(?:his|her)\s+name\s+is\s+|(?:its|it's|it is)\s+|called\s+)/i;

/** Words after "called" that are not a name: "she gets called names", "he was called in". */
const AFTER_CALLED = /^(?:names?|a|an|me|him|them|out|back|up|in|into|to|by)$/;
/** A name said anywhere in the answer: "she's in year 4, her name's Mia", "he is called Leo". */
const NAMED = /\b(?:(?:his|her|their)\s+names?(?:'s|\s+is)?|called|named)\s+([a-z][a-z'-]*)/i;

export function readChildAnswer(text: string, years: string[], skipWords: readonly string[]): ChildAnswer {
  if (isSkip(text, skipWords)) return { skipped: true };
  const typed = yearFromText(text, years);
  if (typed && typed !== 'unclear') return { year: typed };
  const answer: ChildAnswer = {};
  if (notAtSchoolYet(text)) answer.notAtSchool = true;
  const year = YEAR_IN_TEXT.exec(text);
  if (year && !answer.notAtSchool) {
    const wanted = year[1] !== undefined ? `year ${Number(year[1])}` : 'reception';
    const index = years.findIndex((y) => y.toLowerCase() === wanted);
    if (index >= 0) answer.year = { value: years[index] ?? '', index, score: 1 };
  }
  const said = NAMED.exec(text)?.[1];
  const lower = said?.toLowerCase() ?? '';
  const named = said && !NOT_A_NAME.test(lower) && !AFTER_CALLED.test(lower) ? said : undefined;
  const start = named ?? text.replace(YEAR_IN_TEXT, ' ').trim().replace(NAME_LEAD, '');
  const cut = NAME_ENDS.exec(start);
  const candidate = (cut ? start.slice(0, cut.index) : start).trim().replace(/[.!]+$/, '');
  const name = parseName(candidate, 3);
  const words = name ? normaliseUtterance(name).split(' ') : [];
  if (name && words.every((w) => !NOT_A_NAME.test(w) && !/\d/.test(w))) answer.name = name;
  return answer;
}

/** Whether the answer gave anything: a skip, a name, a year or a child not at school yet. */
export function isChildAnswer(answer: ChildAnswer): boolean {
  return (
    answer.skipped === true ||
    answer.name !== undefined ||
    answer.year !== undefined ||
    answer.notAtSchool === true
  );
}
