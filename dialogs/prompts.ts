import type { TurnContext } from 'botbuilder';
import { ListStyle, type Choice, type PromptOptions } from 'botbuilder-dialogs';
import type { BotCopy, Faq } from '../src/content/loadContent';

/** Channel id of the SMS adapter: FAQ answers use their short form there. */
export const SMS_CHANNEL_ID = 'sms';

/**
 * Options for a choice prompt: the choices go out as suggested actions (buttons in web chat, a
 * numbered list by SMS); the parent can type a choice's words or its number.
 */
export function choiceOptions(copy: BotCopy, prompt: string, choices: Array<string | Choice>): PromptOptions {
  return {
    prompt,
    retryPrompt: copy.choiceRetry,
    choices: choices.map((c) => (typeof c === 'string' ? { value: c } : c)),
    style: ListStyle.suggestedAction,
  };
}

export function yesNoChoices(copy: BotCopy, yes = copy.yes, no = copy.no): Choice[] {
  return [
    { value: yes, synonyms: copy.yesWords },
    { value: no, synonyms: copy.noWords },
  ];
}

/** The FAQ answer for this channel: the short one by SMS, the full one elsewhere. */
export function faqAnswer(context: TurnContext, faq: Faq): string {
  return context.activity.channelId === SMS_CHANNEL_ID ? faq.smsAnswer : faq.answer;
}

/** The text a parent sent this turn ('' for none). */
export function messageText(context: TurnContext): string {
  const { text } = context.activity;
  return typeof text === 'string' ? text.trim() : '';
}
