import type { Choice } from 'botbuilder-dialogs';
import type { BotCopy, Content, School } from '../src/content/loadContent';
import { CONTACT_METHODS, CONTACT_TIMES } from '../src/domain/referralDetails';

/**
 * Every choice the conversation offers, with the other words a parent may use for it
 * (`copy.choiceWords` in content/copy.json), so any prompt understands "ring me", "text",
 * "oakfield" or "I agree".
 */

export function menuChoices(copy: BotCopy): Choice[] {
  const { menu, choiceWords } = copy;
  return (['referral', 'faq', 'signposting', 'person'] as const).map((key) => ({
    value: menu[key],
    synonyms: choiceWords.menu[key],
  }));
}

/** The menu's choices at the SMS opening question: "yes" is a referral (the question offers a PSW). */
export function openingChoices(copy: BotCopy): Choice[] {
  return menuChoices(copy).map((choice, i) =>
    i === 0 ? { ...choice, synonyms: [...(choice.synonyms ?? []), ...copy.yesWords] } : choice,
  );
}

export function contactMethodChoices(copy: BotCopy): Choice[] {
  return CONTACT_METHODS.map((m) => ({
    value: copy.referral.contactMethods[m],
    synonyms: copy.choiceWords.contactMethods[m],
  }));
}

export function contactTimeChoices(copy: BotCopy): Choice[] {
  return CONTACT_TIMES.map((t) => ({
    value: copy.referral.contactTimes[t],
    synonyms: copy.choiceWords.contactTimes[t],
  }));
}

export function privacyChoices(content: Content, full: boolean): Choice[] {
  const { privacy, copy } = content;
  const [agree, disagree] = yesAndNo(
    copy,
    [privacy.agree, copy.choiceWords.agree],
    [privacy.disagree, copy.choiceWords.disagree],
  );
  const readMore = { value: privacy.readMore, synonyms: copy.choiceWords.readMore };
  return full ? [agree, disagree] : [agree, disagree, readMore];
}

/**
 * A choice that says yes and one that says no, each understood by its own words and by the words
 * for "yes" or "no" (`copy.yesWords`, `copy.noWords`).
 */
function yesAndNo(copy: BotCopy, [yes, yesWords]: ChoiceWords, [no, noWords]: ChoiceWords): [Choice, Choice] {
  return [
    { value: yes, synonyms: [...yesWords, ...copy.yesWords] },
    { value: no, synonyms: [...noWords, ...copy.noWords] },
  ];
}

/** A choice's words as the parent sees them, and the other words that mean it. */
type ChoiceWords = [value: string, synonyms: string[]];

export function ownPhoneChoices(copy: BotCopy): Choice[] {
  const { referral, choiceWords } = copy;
  return yesAndNo(
    copy,
    [referral.useOwnPhone, choiceWords.ownPhone],
    [referral.useOtherPhone, choiceWords.otherPhone],
  );
}

/** Texts and voicemail in one question (the parent's own words are read first: referralValidators.ts). */
export function textOrVoicemailChoices(copy: BotCopy): Choice[] {
  const { both, textOnly, voicemailOnly, neither } = copy.referral.textOrVoicemail;
  return [
    { value: both, synonyms: ['both', ...copy.yesWords] },
    { value: textOnly },
    { value: voicemailOnly },
    { value: neither, synonyms: ['none', ...copy.noWords] },
  ];
}

export function checkAnswersChoices(copy: BotCopy): Choice[] {
  const { referral, choiceWords } = copy;
  return yesAndNo(copy, [referral.send, choiceWords.send], [referral.change, choiceWords.change]);
}

export function callbackChoices(copy: BotCopy): Choice[] {
  const { person, choiceWords } = copy;
  return yesAndNo(
    copy,
    [person.callbackYes, choiceWords.callbackYes],
    [person.callbackNo, choiceWords.callbackNo],
  );
}

/** A school's name without "Primary School", "High School"... ("Oakfield"), and without "School". */
export function schoolNameWords(school: School): string[] {
  const name = school.name.toLowerCase();
  const short = name.replace(
    /\s+(?:(?:c of e|ce|rc|catholic|junior|infant|primary|high|secondary|community)\s+)*(?:school|academy|college)$/,
    '',
  );
  const noSchool = name.replace(/\s+(?:school|academy|college)$/, '');
  return [...new Set([short, noSchool].filter((n) => n !== name && n !== ''))];
}

export function schoolChoices(content: Content): Choice[] {
  const { copy, schools } = content;
  return [
    ...schools.map((s) => ({ value: s.name, synonyms: schoolNameWords(s) })),
    { value: copy.school.notListed, synonyms: copy.choiceWords.notListed },
  ];
}
