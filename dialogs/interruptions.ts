import { TextPrompt, type DialogContext, type PromptOptions } from 'botbuilder-dialogs';
import type { ConversationDeps } from './ConversationDeps';
import { describesProblem } from './DescribedProblemDialog';
import { TOPIC_PROMPT } from './SignpostingDialog';
import { FAQ_MENU_PROMPT } from './FaqDialog';
import { choicesOf, ParentChoicePrompt, recognizeParentChoice } from './parentChoice';
import { looksLikeQuestion, wordCount, type Understanding } from './understanding';

/** The main menu's prompt (it routes everything typed there itself). */
export const MENU_PROMPT = 'mainMenuPrompt';

/** Prompts that understand a typed question themselves, so it is not an interruption there. */
const QUESTION_PROMPTS = new Set([MENU_PROMPT, FAQ_MENU_PROMPT]);

/** Prompts that understand a problem told in words themselves (the topic list). */
const STORY_PROMPTS = new Set([TOPIC_PROMPT]);

/** In a free-text answer, only a short question is taken as a question rather than the answer. */
const MAX_QUESTION_WORDS_IN_TEXT_ANSWER = 12;

/** What breaks into a step: a command, a request for a person, an FAQ, or a question I cannot answer. */
export type Interruption = Understanding | { kind: 'question' } | { kind: 'story' };

/** At a choice, a message this long that tells of the parent's life is their story, not a wrong answer. */
const MIN_WORDS_OF_A_STORY = 6;

/** Whether the waiting prompt takes the parent's own words (a name, their story, a contact time). */
export function expectsFreeText(deepest: DialogContext): boolean {
  const waiting = deepest.findDialog(deepest.activeDialog?.id ?? '');
  return waiting instanceof TextPrompt || (waiting instanceof ParentChoicePrompt && waiting.acceptsFreeText);
}

/**
 * What in a message breaks into the step the parent is at: not a choice offered there; a command
 * typed word for word; in a free-text answer only a short question; at a choice any command, a
 * request for a person, or a question (an FAQ, or one I cannot answer).
 */
export async function findInterruption(
  deps: ConversationDeps,
  deepest: DialogContext,
  text: string,
  expectsText: boolean,
): Promise<Interruption | undefined> {
  const { understander } = deps;
  if (matchesActiveChoice(deepest, text)) return undefined;
  const waiting = deepest.findDialog(deepest.activeDialog?.id ?? '');
  if (waiting instanceof ParentChoicePrompt && waiting.acceptsAnswer(text)) return undefined;
  const exact = understander.exactCommand(text);
  if (exact) return exact;
  if (expectsText) {
    if (!looksLikeQuestion(text) || wordCount(text) > MAX_QUESTION_WORDS_IN_TEXT_ANSWER) return undefined;
    const understood = await understander.understand(text);
    return understood.kind === 'faq' && understood.confident ? understood : undefined;
  }
  const understood = await understander.understand(text);
  if (understood.kind === 'command' || understood.kind === 'person' || understood.kind === 'erase')
    return understood;
  const activeId = deepest.activeDialog?.id ?? '';
  if (QUESTION_PROMPTS.has(activeId)) return undefined;
  if (understood.kind === 'faq' && understood.confident) return understood;
  // A question asked at a choice ("who would contact me?"): answered as well as I can, then the same step.
  if (looksLikeQuestion(text)) return { kind: 'question' };
  // A problem told at a choice is heard, never "Sorry, I did not understand".
  if (!STORY_PROMPTS.has(activeId) && describesProblem(text) && wordCount(text) >= MIN_WORDS_OF_A_STORY)
    return { kind: 'story' };
  return undefined;
}

/** The innermost dialog context: where the prompt waiting for this message is. */
export function deepestContext(dc: DialogContext): DialogContext {
  let current = dc;
  for (let child = current.child; child; child = current.child) current = child;
  return current;
}

/** Whether the message is one of the choices the waiting prompt offered (its words or its number). */
export function matchesActiveChoice(dc: DialogContext, text: string): boolean {
  const state: unknown = dc.activeDialog?.state;
  if (typeof state !== 'object' || state === null || !('options' in state)) return false;
  const options = state.options as PromptOptions | undefined;
  return recognizeParentChoice(text, choicesOf(options)) !== undefined;
}
