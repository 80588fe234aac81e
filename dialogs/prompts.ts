import type { TurnContext } from 'botbuilder';
import { ListStyle, type Choice, type PromptOptions } from 'botbuilder-dialogs';
import { fillTemplate } from '../src/content/fillTemplate';
import type { BotCopy, Content, Faq, School } from '../src/content/loadContent';
import { bySms } from '../src/turn/channelStyle';

/** The welcome, help and FAQ answers use their short forms by SMS (src/turn/channelStyle.ts). */
export { bySms };

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
  return bySms(context) ? faq.smsAnswer : faq.answer;
}

/** The welcome: by SMS one short text (it goes out with the menu in the same text); it names the school when known. */
export function welcomeLines(context: TurnContext, content: Content, school?: School): string[] {
  if (bySms(context))
    return [
      school ? fillTemplate(content.sms.welcomeAtSchool, { school: school.name }) : content.sms.welcome,
    ];
  if (!school) return content.copy.welcome;
  return [
    fillTemplate(content.copy.welcomeAtSchool, { school: school.name }),
    ...content.copy.welcome.slice(1),
  ];
}

/** "help": by SMS one text that also says how to stop texts (STOP is the carrier's keyword there). */
export function helpLines(context: TurnContext, content: Content): string[] {
  return bySms(context) ? [content.sms.help] : content.copy.help;
}

/** The text a parent sent this turn ('' for none). */
export function messageText(context: TurnContext): string {
  const { text } = context.activity;
  return typeof text === 'string' ? text.trim() : '';
}
