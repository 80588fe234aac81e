import { ActivityTypes, type StatePropertyAccessor, type TurnContext } from 'botbuilder';
import {
  ChoicePrompt,
  ComponentDialog,
  Dialog,
  DialogSet,
  DialogTurnStatus,
  ListStyle,
  TextPrompt,
  WaterfallDialog,
  recognizeChoices,
  type Choice,
  type DialogContext,
  type DialogState,
  type DialogTurnResult,
  type FoundChoice,
  type WaterfallStepContext,
} from 'botbuilder-dialogs';
import { areaOfSchool, retentionFor } from '../src/privacy/privacySettings';
import { fillTemplate } from '../src/content/fillTemplate';
import { riskOf } from '../src/safeguarding/SafeguardingCheck';
import type { ConversationDeps, TaskRequest, TaskResult } from './ConversationDeps';
import { ERASE_DIALOG, EraseDialog } from './EraseDialog';
import { FAQ_DIALOG, FAQ_MENU_PROMPT, FaqDialog, type FaqOptions } from './FaqDialog';
import { bySms, choiceOptions, faqAnswer, helpLines, messageText, welcomeLines } from './prompts';
import { REFERRAL_DIALOG, ReferralDialog, type ReferralOptions } from './ReferralDialog';
import { knownSchool } from './schoolChoice';
import { SIGNPOSTING_DIALOG, SignpostingDialog, type SignpostingOptions } from './SignpostingDialog';
import { TALK_TO_PERSON_DIALOG, TalkToPersonDialog } from './TalkToPersonDialog';
import { looksLikeQuestion, wordCount, type Understanding } from './understanding';

export const MAIN_DIALOG = 'mainDialog';
const MAIN_WATERFALL = 'mainWaterfall';
export const MENU_PROMPT = 'mainMenuPrompt';

/** The menu's choices, in order. */
const MENU_TASKS: TaskRequest[] = [
  { task: 'referral' },
  { task: 'faq' },
  { task: 'signposting' },
  { task: 'person' },
];

/** Prompts that understand a typed question themselves, so it is not an interruption there. */
const QUESTION_PROMPTS = new Set([MENU_PROMPT, FAQ_MENU_PROMPT]);

/** In a free-text answer, only a short question is taken as a question rather than the answer. */
const MAX_QUESTION_WORDS_IN_TEXT_ANSWER = 12;

interface MainOptions {
  /** Show "anything else?" rather than "what would you like to do?". */
  again?: boolean;
  /** Route this turn's message instead of showing the menu (a new conversation's first message). */
  routeText?: boolean;
  /** The welcome was sent this turn. */
  justWelcomed?: boolean;
  /** Start this task straight away. */
  task?: TaskRequest;
}

/**
 * The conversation's root: the welcome, the menu, routing of free text (FAQ, signposting,
 * referral, talk to a person), and every interruption ("back", "start again", "stop", "help",
 * "talk to a person", a question) in one place, at whatever step the parent is.
 */
export class MainDialog extends ComponentDialog {
  private readonly referral: ReferralDialog;

  constructor(private readonly deps: ConversationDeps) {
    super(MAIN_DIALOG);
    // The menu accepts any text: what is not a choice is routed by what it means.
    const menu = new ChoicePrompt(MENU_PROMPT, () => Promise.resolve(true));
    menu.style = ListStyle.suggestedAction;
    this.addDialog(menu);
    this.referral = new ReferralDialog(deps);
    this.addDialog(this.referral);
    this.addDialog(new FaqDialog(deps));
    this.addDialog(new SignpostingDialog(deps));
    this.addDialog(new TalkToPersonDialog(deps));
    this.addDialog(new EraseDialog(deps));
    this.addDialog(
      new WaterfallDialog(MAIN_WATERFALL, [
        this.menuStep.bind(this),
        this.routeStep.bind(this),
        this.afterTaskStep.bind(this),
      ]),
    );
    this.initialDialogId = MAIN_WATERFALL;
  }

  /** Runs the dialogs for one message, starting the conversation if nothing is active. */
  async run(context: TurnContext, accessor: StatePropertyAccessor<DialogState>): Promise<void> {
    const dialogContext = await this.rootContext(context, accessor);
    const justWelcomed = await this.welcomeIfNew(context);
    const result = await dialogContext.continueDialog();
    if (result.status === DialogTurnStatus.empty) {
      await dialogContext.beginDialog(this.id, { routeText: true, justWelcomed } satisfies MainOptions);
    }
  }

  /** When a parent opens a chat (conversationUpdate): the welcome and the menu, once. */
  async greet(context: TurnContext, accessor: StatePropertyAccessor<DialogState>): Promise<void> {
    const dialogContext = await this.rootContext(context, accessor);
    if (!(await this.welcomeIfNew(context))) return;
    if (!dialogContext.activeDialog) await dialogContext.beginDialog(this.id, {} satisfies MainOptions);
  }

  /**
   * When the channel ends the conversation (the parent texted STOP): ends every dialog and forgets
   * a referral in progress, as "stop" does, without a word (nothing more may be sent).
   */
  async end(context: TurnContext, accessor: StatePropertyAccessor<DialogState>): Promise<void> {
    await this.referral.discardDraft(context);
    const dialogContext = await this.rootContext(context, accessor);
    await dialogContext.cancelAllDialogs();
  }

  private async rootContext(context: TurnContext, accessor: StatePropertyAccessor<DialogState>) {
    const dialogSet = new DialogSet(accessor);
    dialogSet.add(this);
    return await dialogSet.createContext(context);
  }

  /** Sends the welcome (automated assistant, what it can do, how to reach a person, 999) once per conversation. */
  private async welcomeIfNew(context: TurnContext): Promise<boolean> {
    const profile = await this.deps.profiles.get(context, {});
    await knownSchool(this.deps, context);
    if (profile.welcomed) return false;
    profile.welcomed = true;
    for (const line of welcomeLines(context, this.deps.content)) await context.sendActivity(line);
    await context.sendActivity(this.beforeConsentLine(context, profile.schoolId));
    return true;
  }

  /** One plain sentence: until the parent agrees to the privacy notice, messages are kept briefly. */
  private beforeConsentLine(context: TurnContext, schoolId: string | undefined): string {
    const { privacy } = this.deps.content;
    const days = retentionFor(this.deps.content, areaOfSchool(this.deps.content, schoolId)).beforeConsentDays;
    return fillTemplate(bySms(context) ? privacy.beforeConsentSms : privacy.beforeConsent, {
      days: String(days),
    });
  }

  // ---- Interruptions --------------------------------------------------------------------------

  protected override async onContinueDialog(innerDc: DialogContext): Promise<DialogTurnResult> {
    const { context } = innerDc;
    const text = messageText(context);
    if (context.activity.type !== (ActivityTypes.Message as string) || text === '')
      return await super.onContinueDialog(innerDc);
    // At the menu itself, the menu routes everything.
    if (innerDc.activeDialog?.id === MENU_PROMPT) return await super.onContinueDialog(innerDc);

    const deepest = deepestContext(innerDc);
    const activeId = deepest.activeDialog?.id ?? '';
    const expectsText = deepest.findDialog(activeId) instanceof TextPrompt;

    // After the emergency reply, a choice question is asked again rather than "I did not understand".
    // (In a free-text answer, the message is the answer: the parent's own words; and a message
    // that is one of the choices, like the topic "Domestic abuse", is taken as that choice.)
    if (riskOf(context)?.atRisk && !expectsText && !matchesActiveChoice(deepest, text)) {
      await context.sendActivity(this.deps.content.copy.safeguarding.resume);
      await innerDc.repromptDialog();
      return Dialog.EndOfTurn;
    }

    const interruption = await this.findInterruption(deepest, text, expectsText);
    if (!interruption) return await super.onContinueDialog(innerDc);
    return await this.interrupt(innerDc, interruption);
  }

  private async findInterruption(
    deepest: DialogContext,
    text: string,
    expectsText: boolean,
  ): Promise<Understanding | undefined> {
    const { understander } = this.deps;
    if (matchesActiveChoice(deepest, text)) return undefined;
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
    if (understood.kind === 'faq' && understood.confident && !QUESTION_PROMPTS.has(activeId))
      return understood;
    return undefined;
  }

  private async interrupt(innerDc: DialogContext, interruption: Understanding): Promise<DialogTurnResult> {
    const { context } = innerDc;
    const { copy } = this.deps.content;
    if (interruption.kind === 'faq') {
      const faq = this.deps.content.faqs.find((f) => f.id === interruption.faqId);
      if (faq) await context.sendActivity(faqAnswer(context, faq));
      await context.sendActivity(copy.commands.resume);
      await innerDc.repromptDialog();
      return Dialog.EndOfTurn;
    }
    if (interruption.kind === 'person' || interruption.kind === 'erase') {
      await this.referral.discardDraft(context);
      await innerDc.cancelAllDialogs();
      return await innerDc.beginDialog(MAIN_WATERFALL, {
        task: { task: interruption.kind },
      } satisfies MainOptions);
    }
    if (interruption.kind !== 'command') return await super.onContinueDialog(innerDc);
    switch (interruption.command) {
      case 'help':
        for (const line of helpLines(context, this.deps.content)) await context.sendActivity(line);
        await innerDc.repromptDialog();
        return Dialog.EndOfTurn;
      case 'back':
        if (await this.goBack(innerDc)) return Dialog.EndOfTurn;
        await innerDc.cancelAllDialogs();
        return await innerDc.beginDialog(MAIN_WATERFALL, {} satisfies MainOptions);
      case 'restart':
        await this.referral.discardDraft(context);
        await innerDc.cancelAllDialogs();
        await context.sendActivity(copy.commands.restarted);
        return await innerDc.beginDialog(MAIN_WATERFALL, {} satisfies MainOptions);
      case 'stop':
        await this.referral.discardDraft(context);
        await innerDc.cancelAllDialogs();
        await context.sendActivity(copy.commands.stopped);
        return { status: DialogTurnStatus.complete };
    }
  }

  /** "Back" in a referral goes to the previous question; anywhere else it goes to the menu. */
  private async goBack(innerDc: DialogContext): Promise<boolean> {
    let level: DialogContext | undefined = innerDc;
    while (level) {
      const active = level.activeDialog;
      const child: DialogContext | undefined = level.child;
      if (active && child && level.findDialog(active.id) instanceof ReferralDialog) {
        return await this.referral.goBack(child);
      }
      level = child;
    }
    return false;
  }

  // ---- The menu and routing -------------------------------------------------------------------

  private async menuStep(step: WaterfallStepContext<MainOptions>): Promise<DialogTurnResult> {
    if (step.options.task || step.options.routeText) return await step.next();
    const { copy } = this.deps.content;
    const prompt = step.options.again ? copy.menu.promptAgain : copy.menu.prompt;
    return await step.prompt(MENU_PROMPT, choiceOptions(copy, prompt, this.menuChoices()));
  }

  private async routeStep(step: WaterfallStepContext<MainOptions>): Promise<DialogTurnResult> {
    const { task, routeText, justWelcomed } = step.options;
    if (task) return await this.startTask(step, task);
    const choice = step.result as FoundChoice | undefined;
    const chosen = choice ? MENU_TASKS[choice.index] : undefined;
    if (chosen) return await this.startTask(step, chosen);
    return await this.routeText(step, messageText(step.context), routeText === true && justWelcomed === true);
  }

  private async afterTaskStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const result = step.result as TaskResult | undefined;
    if (result?.end) return await step.endDialog();
    if (result?.next)
      return await step.replaceDialog(MAIN_WATERFALL, { task: result.next } satisfies MainOptions);
    return await step.replaceDialog(MAIN_WATERFALL, { again: true } satisfies MainOptions);
  }

  private async routeText(
    step: WaterfallStepContext,
    text: string,
    justWelcomed: boolean,
  ): Promise<DialogTurnResult> {
    const { copy, faqs } = this.deps.content;
    const menuChoice = recognizeChoices(text, this.menuChoices())[0]?.resolution;
    const fromMenu = menuChoice ? MENU_TASKS[menuChoice.index] : undefined;
    if (fromMenu) return await this.startTask(step, fromMenu);

    const understood = await this.deps.understander.understand(text);
    const showMenu = (options: MainOptions = {}) => step.replaceDialog(MAIN_WATERFALL, options);
    // After the emergency reply, only a clear question or request is acted on; otherwise a kind way on.
    const clearRequest =
      (understood.kind === 'faq' && understood.confident) ||
      understood.kind === 'person' ||
      understood.kind === 'referral';
    if (riskOf(step.context)?.atRisk && !clearRequest) {
      await step.context.sendActivity(copy.safeguarding.followUp);
      return await showMenu();
    }
    switch (understood.kind) {
      case 'faq': {
        const faq = faqs.find((f) => f.id === understood.faqId);
        if (!faq) return await showMenu();
        if (!understood.confident) return await this.startTask(step, { task: 'faq', candidateFaqId: faq.id });
        await step.context.sendActivity(faqAnswer(step.context, faq));
        return await step.next();
      }
      case 'signpost':
        return await this.startTask(step, { task: 'signposting', topicId: understood.topicId });
      case 'referral':
        return await this.startTask(step, { task: 'referral' });
      case 'person':
        return await this.startTask(step, { task: 'person' });
      case 'command':
        if (understood.command === 'stop') {
          await step.context.sendActivity(copy.commands.stopped);
          return await step.endDialog();
        }
        if (understood.command === 'help') {
          for (const line of helpLines(step.context, this.deps.content))
            await step.context.sendActivity(line);
        } else if (understood.command === 'restart') {
          // A first message of "start" (or START by text) has just been welcomed: nothing to restart.
          if (!justWelcomed) await step.context.sendActivity(copy.commands.restarted);
        } else {
          await step.context.sendActivity(copy.commands.backAtStart);
        }
        return await showMenu();
      case 'greeting':
        if (!justWelcomed) await step.context.sendActivity(copy.commands.greeting);
        return await showMenu();
      case 'thanks':
        await step.context.sendActivity(copy.commands.thanks);
        return await showMenu({ again: true });
      case 'goodbye':
        await step.context.sendActivity(copy.commands.goodbye);
        return await step.endDialog();
      case 'erase':
        return await this.startTask(step, { task: 'erase' });
      case 'unknown':
        if (!justWelcomed) await step.context.sendActivity(copy.notUnderstood);
        return await showMenu();
    }
  }

  private async startTask(step: WaterfallStepContext, request: TaskRequest): Promise<DialogTurnResult> {
    switch (request.task) {
      case 'referral':
        return await step.beginDialog(REFERRAL_DIALOG, {
          ...(request.topicId ? { topicId: request.topicId } : {}),
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
        } satisfies SignpostingOptions);
      case 'person':
        return await step.beginDialog(TALK_TO_PERSON_DIALOG);
      case 'erase':
        return await step.beginDialog(ERASE_DIALOG);
    }
  }

  private menuChoices(): Choice[] {
    const { menu } = this.deps.content.copy;
    return [menu.referral, menu.faq, menu.signposting, menu.person].map((value) => ({ value }));
  }
}

/** The innermost dialog context: where the prompt waiting for this message is. */
function deepestContext(dc: DialogContext): DialogContext {
  let current = dc;
  for (let child = current.child; child; child = current.child) current = child;
  return current;
}

/** Whether the message is one of the choices the waiting prompt offered (its words or its number). */
function matchesActiveChoice(dc: DialogContext, text: string): boolean {
  const state: unknown = dc.activeDialog?.state;
  if (typeof state !== 'object' || state === null || !('options' in state)) return false;
  const options: unknown = state.options;
  if (typeof options !== 'object' || options === null || !('choices' in options)) return false;
  const { choices } = options;
  if (!Array.isArray(choices) || choices.length === 0) return false;
  return recognizeChoices(text, choices as Choice[]).length > 0;
}
