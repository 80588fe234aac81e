import { textOrVoicemailChoices } from '../choiceLists';
import type { ConversationDeps } from '../ConversationDeps';
import { choiceOptions, yesNoChoices } from '../prompts';
import { found, PROMPTS, type Question, type QuestionTools } from './referralPrompts';
import { TEXT_OR_VOICEMAIL_IN_WORDS } from './referralValidators';

/**
 * Is it safe to text the parent, and to leave them a voicemail: one question for both ("Texts and
 * voicemail / Texts only / Voicemail only / Neither", or in their own words: "text is fine but no
 * voicemail"); each is asked on its own when only that answer is changed or was not said.
 */
export const SAFE_TO_TEXT_QUESTION: Question = {
  // One question for both (each is asked alone only when that answer alone is changed).
  field: 'safeToText',
  ask: async ({ deps, step, draft }) => {
    const { copy } = deps.content;
    if (draft.safeToLeaveMessage !== undefined)
      return await step.prompt(
        PROMPTS.textOrVoicemail,
        choiceOptions(copy, copy.referral.askSafeToText, yesNoChoices(copy)),
      );
    return await step.prompt(
      PROMPTS.textOrVoicemail,
      choiceOptions(copy, copy.referral.askSafeToTextOrVoicemail, textOrVoicemailChoices(copy)),
    );
  },
  record: async (t) => {
    const { draft } = t;
    const { index, value } = found(t);
    if (draft.safeToLeaveMessage !== undefined) {
      const answer = yesNoAnswer(t, 'text');
      if (answer === undefined) return await t.restart();
      draft.safeToText = answer;
      return undefined;
    }
    if (index === TEXT_OR_VOICEMAIL_IN_WORDS) {
      // In the parent's words; what they did not say is asked on its own.
      const said = JSON.parse(value) as { text?: boolean; voicemail?: boolean };
      if (said.voicemail !== undefined) draft.safeToLeaveMessage = said.voicemail;
      if (said.text === undefined) return await t.restart();
      draft.safeToText = said.text;
      return undefined;
    }
    draft.safeToText = index === 0 || index === 1;
    draft.safeToLeaveMessage = index === 0 || index === 2;
    return undefined;
  },
};

export const SAFE_TO_LEAVE_MESSAGE_QUESTION = yesNo(
  'safeToLeaveMessage',
  (c) => c.referral.askSafeToLeaveMessage,
);

function yesNo(
  field: 'safeToText' | 'safeToLeaveMessage',
  prompt: (copy: ConversationDeps['content']['copy']) => string,
): Question {
  return {
    field,
    // The texts-and-voicemail prompt: "please don't leave a voicemail" is an answer, not "leave".
    ask: async ({ deps, step }) => {
      const { copy } = deps.content;
      return await step.prompt(
        PROMPTS.textOrVoicemail,
        choiceOptions(copy, prompt(copy), yesNoChoices(copy)),
      );
    },
    record: async (t) => {
      const answer = yesNoAnswer(t, field === 'safeToText' ? 'text' : 'voicemail');
      if (answer === undefined) return await t.restart();
      t.draft[field] = answer;
      return undefined;
    },
  };
}

/** Yes or no to one of texts and voicemail, chosen or said ("voicemail is fine"); undefined if the words were about the other. */
function yesNoAnswer(t: QuestionTools, which: 'text' | 'voicemail'): boolean | undefined {
  const { index, value } = found(t);
  if (index !== TEXT_OR_VOICEMAIL_IN_WORDS) return index === 0;
  return (JSON.parse(value) as { text?: boolean; voicemail?: boolean })[which];
}
