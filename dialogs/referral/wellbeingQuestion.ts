import { MessageFactory, type Activity, type TurnContext } from 'botbuilder';
import type { PromptValidatorContext } from 'botbuilder-dialogs';
import type { Content } from '../../src/content/loadContent';
import { scoreButtons } from '../../src/handoff/scoreButtons';
import { parseWellbeingScore } from '../../src/handoff/wellbeingScore';
import { bySms } from '../prompts';
import { isSkip } from '../validation';
import type { Question } from './referralPrompts';

/**
 * "On a scale of 0 to 10, how are things at home at the moment?" at the start of the episode
 * (after the privacy agreement: the answer is personal data). Buttons 0 to 10 and Skip in web
 * chat; by SMS the question says what to text back. "7", "seven", "about a 6", "7/10" and "7 -
 * getting better" are answers; "skip" or "rather not say" skips; anything else is asked once
 * more, then the referral moves on without it. Not asked after a risk message (see below).
 */
export const WELLBEING_PROMPT = 'referralWellbeingPrompt';

/** Answers that are not a score or a skip, before the referral moves on without one. */
const MAX_ATTEMPTS = 2;

export function isWellbeingSkip(content: Content, text: string): boolean {
  return isSkip(text, [...content.handoff.wellbeingSkipWords, ...content.copy.skipWords]);
}

/** The question (or its re-ask) for the channel: buttons where there are buttons. */
export function wellbeingQuestion(context: TurnContext, content: Content, retry: boolean): Partial<Activity> {
  const { referral } = content.copy;
  if (bySms(context))
    return MessageFactory.text(retry ? content.sms.wellbeingRetry : content.sms.askWellbeing);
  return MessageFactory.suggestedActions(
    scoreButtons(0, 10, referral.skip),
    retry ? referral.wellbeingRetry : referral.askWellbeing,
  );
}

/** The prompt's validator: a score, a skip, or (after one re-ask) anything, so the parent is never stuck. */
export function validateWellbeing(content: Content) {
  return (prompt: PromptValidatorContext<string>): Promise<boolean> => {
    const said = prompt.recognized.value ?? '';
    const answered = parseWellbeingScore(said) !== undefined || isWellbeingSkip(content, said);
    return Promise.resolve(answered || prompt.attemptCount >= MAX_ATTEMPTS);
  };
}

export const WELLBEING_QUESTION: Question = {
  field: 'wellbeing',
  // Not asked after a risk message in this conversation: the emergency message has been given and
  // the referral is urgent; a score is not what matters then.
  ask: async ({ deps, step, draft }) => {
    const profile = await deps.profiles.get(step.context, {});
    if (profile.atRisk !== undefined) {
      draft.wellbeing = null;
      return undefined;
    }
    return await step.prompt(WELLBEING_PROMPT, {
      prompt: wellbeingQuestion(step.context, deps.content, false),
      retryPrompt: wellbeingQuestion(step.context, deps.content, true),
    });
  },
  record: ({ step, draft }) => {
    draft.wellbeing = parseWellbeingScore(String(step.result)) ?? null;
    return Promise.resolve(undefined);
  },
};
