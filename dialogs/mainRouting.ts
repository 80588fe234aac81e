import type { DialogTurnResult, WaterfallStepContext } from 'botbuilder-dialogs';
import { whatElseWasAsked } from '../src/safeguarding/parentQuestion';
import { riskOf } from '../src/turn/risk';
import { menuChoices } from './choiceLists';
import type { ConversationDeps, TaskRequest } from './ConversationDeps';
import {
  DESCRIBED_PROBLEM_DIALOG,
  describesProblem,
  type DescribedProblemOptions,
} from './DescribedProblemDialog';
import { goodbyeMessage, stoppedMessage } from './endings';
import { ERASE_DIALOG } from './EraseDialog';
import { FAQ_DIALOG, type FaqOptions } from './FaqDialog';
import { answerFaq } from './faqAnswers';
import { recognizeParentChoice } from './parentChoice';
import { helpLines } from './prompts';
import { REFERRAL_DIALOG, type ReferralOptions } from './ReferralDialog';
import { SIGNPOSTING_DIALOG, type SignpostingOptions } from './SignpostingDialog';
import { TALK_TO_PERSON_DIALOG } from './TalkToPersonDialog';
import { UNDER_FIVES_TOPIC } from './underFives';
import { looksLikeQuestion, normaliseWords, type Understanding } from './understanding';

/**
 * The main dialog's routing: from the menu or from free text to a task's dialog. MainDialog
 * (dialogs/MainDialog.ts) runs the waterfall and the interruptions.
 */

export const MAIN_WATERFALL = 'mainWaterfall';

/** The menu's choices, in order. */
export const MENU_TASKS: TaskRequest[] = [
  { task: 'referral' },
  { task: 'faq' },
  { task: 'signposting' },
  { task: 'person' },
];

/** Asking for the menu itself. */
const MENU_WORDS = new Set(['menu', 'main menu', 'options', 'show menu', 'show me the menu', 'show options']);
const UNKNOWN: Understanding = { kind: 'unknown' };

export interface MainOptions {
  /** Show "anything else?" rather than "what would you like to do?". */
  again?: boolean;
  /** Route this turn's message instead of showing the menu (a new conversation's first message). */
  routeText?: boolean;
  /** The welcome was sent this turn. */
  justWelcomed?: boolean;
  /** Start this task straight away. */
  task?: TaskRequest;
  /** A task was finished (a referral sent): by SMS the whole menu follows, not the short "anything else?". */
  finished?: boolean;
  /** The last message was not understood: ask a clarifying question ('again': offer a person). */
  unclear?: true | 'again';
  /**
   * The menu right after the welcome to a greeting: by SMS the short opening question instead
   * (`sms.opening`), so the whole first text is one text.
   */
  opening?: true;
}

/**
 * Routes what the parent wrote at the menu (or as a new conversation's first message) by what it
 * means: a menu choice, "menu", "no thanks", an FAQ, a topic, a referral, a person, a command, a
 * greeting, thanks, goodbye, erasure; after a risk message, only a clear request; otherwise a
 * clarifying question, then the offer of a person.
 */
export async function routeMessage(
  deps: ConversationDeps,
  step: WaterfallStepContext,
  text: string,
  justWelcomed: boolean,
): Promise<DialogTurnResult> {
  const { copy, faqs } = deps.content;
  const menuChoice = looksLikeQuestion(text)
    ? undefined
    : recognizeParentChoice(text, menuChoices(deps.content.copy), { exactOnly: true });
  const fromMenu = menuChoice ? MENU_TASKS[menuChoice.index] : undefined;
  if (fromMenu) return await startTask(step, fromMenu);

  // "menu" (by SMS the short "anything else?" says to text it): the menu itself.
  if (MENU_WORDS.has(normaliseWords(text)))
    return await step.replaceDialog(MAIN_WATERFALL, {} satisfies MainOptions);
  // "no", "no thanks" at "anything else?": a polite and truthful goodbye.
  if (copy.noWords.some((w) => normaliseWords(w) === normaliseWords(text))) {
    await step.context.sendActivity(await goodbyeMessage(deps, step.context));
    return await step.endDialog();
  }
  const showMenu = (options: MainOptions = {}) => step.replaceDialog(MAIN_WATERFALL, options);
  // After the emergency reply, the conversation goes on with what else the parent asked: only a
  // clear question or request is acted on; otherwise a kind way on.
  const atRisk = riskOf(step.context)?.atRisk === true;
  const asked = atRisk ? whatElseWasAsked(text) : text;
  const understood = asked === '' ? UNKNOWN : await deps.understander.understand(asked);
  const clearRequest =
    (understood.kind === 'faq' && understood.confident) ||
    understood.kind === 'signpost' ||
    understood.kind === 'person' ||
    understood.kind === 'referral';
  if (atRisk && !clearRequest) {
    await step.context.sendActivity(copy.safeguarding.followUp);
    return await showMenu();
  }
  switch (understood.kind) {
    case 'faq': {
      const faq = faqs.find((f) => f.id === understood.faqId);
      if (!faq) return await showMenu();
      if (!understood.confident) return await startTask(step, { task: 'faq', candidateFaqId: faq.id });
      await step.context.sendActivity(await answerFaq(deps, step.context, faq));
      // The question asked alongside a risk message is answered, and a person is offered too.
      if (riskOf(step.context)?.atRisk) await step.context.sendActivity(copy.safeguarding.offerPsw);
      return await step.next();
    }
    case 'signpost':
      // A problem told in the parent's words is acknowledged and a PSW offered first.
      // (After a risk message the help comes at once: the PSW is offered with it.)
      if (!atRisk && describesProblem(text, true) && understood.topicId !== UNDER_FIVES_TOPIC)
        return await startTask(step, { task: 'described', topicId: understood.topicId, words: text });
      return await startTask(step, { task: 'signposting', topicId: understood.topicId });
    case 'referral':
      return await startTask(step, { task: 'referral' });
    case 'person':
      return await startTask(step, { task: 'person' });
    case 'command':
      if (understood.command === 'stop') {
        await step.context.sendActivity(await stoppedMessage(deps, step.context, false));
        return await step.endDialog();
      }
      if (understood.command === 'help') {
        for (const line of helpLines(step.context, deps.content)) await step.context.sendActivity(line);
      } else if (understood.command === 'restart') {
        // A first message of "start" (or START by text) has just been welcomed: nothing to restart.
        if (!justWelcomed) await step.context.sendActivity(copy.commands.restarted);
        else return await showMenu({ opening: true });
      } else {
        await step.context.sendActivity(copy.commands.backAtStart);
      }
      return await showMenu();
    case 'greeting':
      if (!justWelcomed) await step.context.sendActivity(copy.commands.greeting);
      return await showMenu(justWelcomed ? { opening: true } : {});
    case 'thanks':
      await step.context.sendActivity(copy.commands.thanks);
      return await showMenu({ again: true });
    case 'goodbye':
      await step.context.sendActivity(await goodbyeMessage(deps, step.context));
      return await step.endDialog();
    case 'erase':
      return await startTask(step, { task: 'erase' });
    case 'unknown':
      if (describesProblem(text)) return await startTask(step, { task: 'described', words: text });
      // Genuinely unclear: one specific clarifying question, then the offer of a person.
      return await showMenu({ unclear: (step.options as MainOptions).unclear ? 'again' : true });
  }
}

/** Starts the dialog of a task the parent chose or asked for. */
export async function startTask(step: WaterfallStepContext, request: TaskRequest): Promise<DialogTurnResult> {
  switch (request.task) {
    case 'referral':
      return await step.beginDialog(REFERRAL_DIALOG, {
        ...(request.topicId ? { topicId: request.topicId } : {}),
        ...(request.words ? { words: request.words } : {}),
        ...(request.callback ? { callback: true } : {}),
      } satisfies ReferralOptions);
    case 'faq':
      return await step.beginDialog(FAQ_DIALOG, {
        ...(request.faqId ? { faqId: request.faqId } : {}),
        ...(request.candidateFaqId ? { candidateFaqId: request.candidateFaqId } : {}),
      } satisfies FaqOptions);
    case 'signposting':
      return await step.beginDialog(SIGNPOSTING_DIALOG, {
        ...(request.topicId ? { topicId: request.topicId } : {}),
        ...(request.words ? { words: request.words } : {}),
      } satisfies SignpostingOptions);
    case 'person':
      return await step.beginDialog(TALK_TO_PERSON_DIALOG);
    case 'described':
      return await step.beginDialog(DESCRIBED_PROBLEM_DIALOG, {
        words: request.words,
        ...(request.topicId ? { topicId: request.topicId } : {}),
      } satisfies DescribedProblemOptions);
    case 'erase':
      return await step.beginDialog(ERASE_DIALOG);
  }
}
