import type { DialogTurnResult, FoundChoice, WaterfallStepContext } from 'botbuilder-dialogs';
import type { ConversationDeps } from '../ConversationDeps';
import type { ReferralDraft, ReferralField } from './referralDraft';

/** The referral's prompts (registered by ReferralDialog with their validators). */
export const PROMPTS = {
  choice: 'referralChoicePrompt',
  name: 'referralNamePrompt',
  phone: 'referralPhonePrompt',
  ownPhone: 'referralOwnPhonePrompt',
  contactTime: 'referralContactTimePrompt',
  yearGroup: 'referralYearGroupPrompt',
  email: 'referralEmailPrompt',
  childName: 'referralChildNamePrompt',
  words: 'referralWordsPrompt',
  /** Texts and voicemail in one question, also in the parent's own words. */
  textOrVoicemail: 'referralTextOrVoicemailPrompt',
  /** By SMS: the child's first name and year in one answer ("Jo, Year 3"). */
  childAndYear: 'referralChildAndYearPrompt',
} as const;

export interface QuestionTools {
  deps: ConversationDeps;
  step: WaterfallStepContext;
  draft: ReferralDraft;
  /** Runs the questions again from the first unanswered one (e.g. after "no, use another number"). */
  restart(): Promise<DialogTurnResult>;
  /** Ends the referral with another task next (e.g. signposting for a school not listed). */
  leave(next: 'signposting'): Promise<DialogTurnResult>;
}

/** One question: asked unless answered (undefined = not needed), then its answer recorded. */
export interface Question {
  field: ReferralField;
  ask(t: QuestionTools): Promise<DialogTurnResult | undefined>;
  record(t: QuestionTools): Promise<DialogTurnResult | undefined>;
}

/** The choice a choice prompt recognised. */
export const found = (t: QuestionTools) => t.step.result as FoundChoice;
/** "Nothing more to do" for a question's record step. */
export const none = Promise.resolve(undefined);
