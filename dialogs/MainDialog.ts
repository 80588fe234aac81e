import { ActivityTypes, type StatePropertyAccessor, type TurnContext } from 'botbuilder';
import {
  ComponentDialog,
  Dialog,
  DialogTurnStatus,
  ListStyle,
  type Choice,
  type DialogContext,
  type DialogState,
  type DialogTurnResult,
  type FoundChoice,
  type WaterfallStepContext,
} from 'botbuilder-dialogs';
import { areaOfSchool, retentionFor } from '../src/privacy/privacySettings';
import { fillTemplate } from '../src/content/fillTemplate';
import { riskOf } from '../src/turn/risk';
import type { ConversationDeps, TaskResult } from './ConversationDeps';
import { stoppedMessage } from './endings';
import {
  deepestContext,
  expectsFreeText,
  findInterruption,
  matchesActiveChoice,
  MENU_PROMPT,
  type Interruption,
} from './interruptions';

export { MENU_PROMPT } from './interruptions';
import { DescribedProblemDialog } from './DescribedProblemDialog';
import { EraseDialog } from './EraseDialog';
import { FaqDialog } from './FaqDialog';
import { menuChoices, openingChoices } from './choiceLists';
import { MenuChoicePrompt } from './parentChoice';
import { RootContexts } from './rootContexts';
import { answerFaq } from './faqAnswers';
import { bySms, choiceOptions, helpLines, messageText, welcomeLines } from './prompts';
import { ReferralDialog } from './ReferralDialog';
import { knownSchool } from './schoolChoice';
import { SignpostingDialog } from './SignpostingDialog';
import { TalkToPersonDialog } from './TalkToPersonDialog';
import { MAIN_WATERFALL, MENU_TASKS, routeMessage, startTask, type MainOptions } from './mainRouting';
import { looksLikeQuestion, normaliseWords } from './understanding';
import { addWaterfall } from './waterfall';

function isNo(noWords: readonly string[], text: string): boolean {
  const said = normaliseWords(text);
  return noWords.some((w) => normaliseWords(w) === said);
}

export const MAIN_DIALOG = 'mainDialog';

/**
 * The conversation's root: the welcome, the menu, and every interruption ("back", "start again",
 * "stop", "help", "talk to a person", a question) in one place, at whatever step the parent is.
 * Routing free text and starting a task's dialog: mainRouting.ts.
 */
export class MainDialog extends ComponentDialog {
  private readonly referral: ReferralDialog;
  private readonly roots = new RootContexts(this);

  constructor(private readonly deps: ConversationDeps) {
    super(MAIN_DIALOG);
    // The menu accepts any text: what is not a choice is routed by what it means.
    const menu = new MenuChoicePrompt(MENU_PROMPT, () => Promise.resolve(true));
    menu.style = ListStyle.suggestedAction;
    this.referral = new ReferralDialog(deps);
    const tasks = [FaqDialog, SignpostingDialog, TalkToPersonDialog, DescribedProblemDialog, EraseDialog];
    this.initialDialogId = addWaterfall(
      this,
      MAIN_WATERFALL,
      [menu, this.referral, ...tasks.map((Task) => new Task(deps))],
      [this.menuStep.bind(this), this.routeStep.bind(this), this.afterTaskStep.bind(this)],
    );
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
    return await this.roots.create(context, accessor);
  }

  /** Sends the welcome (automated assistant, what it can do, how to reach a person, 999) once per conversation. */
  private async welcomeIfNew(context: TurnContext): Promise<boolean> {
    const profile = await this.deps.profiles.get(context, {});
    const school = await knownSchool(this.deps, context);
    if (profile.welcomed) return false;
    profile.welcomed = true;
    for (const line of welcomeLines(context, this.deps.content, school)) await context.sendActivity(line);
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
    const expectsText = expectsFreeText(deepest);

    // After the emergency reply, a choice question is asked again rather than "I did not understand".
    // (In a free-text answer, the message is the answer: the parent's own words; and a message
    // that is one of the choices, like the topic "Domestic abuse", is taken as that choice.)
    if (riskOf(context)?.atRisk && !expectsText && !matchesActiveChoice(deepest, text)) {
      await context.sendActivity(this.deps.content.copy.safeguarding.resume);
      await innerDc.repromptDialog();
      return Dialog.EndOfTurn;
    }

    const interruption = await findInterruption(this.deps, deepest, text, expectsText);
    if (interruption) return await this.interrupt(innerDc, interruption);
    const waitingFor = deepest.activeDialog;
    const result = await super.onContinueDialog(innerDc);
    // A free-text question that refused the risk message as its answer (it is not a name): the
    // prompt stays silent because the turn has replied already (the emergency message), so it is
    // asked again here, as a choice question is.
    if (
      riskOf(context)?.atRisk &&
      result.status === DialogTurnStatus.waiting &&
      deepestContext(innerDc).activeDialog === waitingFor
    ) {
      await context.sendActivity(this.deps.content.copy.safeguarding.resume);
      await innerDc.repromptDialog();
    }
    return result;
  }

  private async interrupt(innerDc: DialogContext, interruption: Interruption): Promise<DialogTurnResult> {
    const { context } = innerDc;
    const { copy } = this.deps.content;
    if (interruption.kind === 'question' || interruption.kind === 'story') {
      await context.sendActivity(
        interruption.kind === 'story' ? copy.commands.heard : copy.commands.cannotAnswer,
      );
      await innerDc.repromptDialog();
      return Dialog.EndOfTurn;
    }
    if (interruption.kind === 'faq') {
      const faq = this.deps.content.faqs.find((f) => f.id === interruption.faqId);
      if (faq) await context.sendActivity(await answerFaq(this.deps, context, faq));
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
      case 'stop': {
        const hadForm = await this.referral.discardDraft(context);
        await innerDc.cancelAllDialogs();
        await context.sendActivity(await stoppedMessage(this.deps, context, hadForm));
        return { status: DialogTurnStatus.complete };
      }
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
    const { unclear, again, finished, opening } = step.options;
    // By SMS after the welcome to a greeting: one question, so that the first text is one text.
    if (bySms(step.context) && opening) {
      return await step.prompt(MENU_PROMPT, {
        ...choiceOptions(copy, this.deps.content.sms.opening, openingChoices(copy)),
        style: ListStyle.none,
      });
    }
    // By SMS, the whole menu costs a text: after an answer, a short "anything else?" (MENU shows it).
    if (bySms(step.context) && again && !finished && !unclear) {
      return await step.prompt(MENU_PROMPT, {
        ...choiceOptions(copy, this.deps.content.sms.anythingElse, this.menuChoices()),
        style: ListStyle.none,
      });
    }
    const prompt =
      unclear === 'again'
        ? copy.described.offerPerson
        : unclear
          ? copy.described.clarify
          : step.options.again
            ? copy.menu.promptAgain
            : copy.menu.prompt;
    return await step.prompt(MENU_PROMPT, choiceOptions(copy, prompt, this.menuChoices()));
  }

  private async routeStep(step: WaterfallStepContext<MainOptions>): Promise<DialogTurnResult> {
    const { task, routeText, justWelcomed, opening } = step.options;
    if (task) return await startTask(step, task);
    // A question is answered, even if it uses a choice's words ("how do I get help from a PSW?").
    const typed = messageText(step.context);
    // "No" to the opening question ("Want a PSW to contact you?"): the menu, not a goodbye.
    if (opening && bySms(step.context) && isNo(this.deps.content.copy.noWords, typed))
      return await step.replaceDialog(MAIN_WATERFALL, {} satisfies MainOptions);
    const choice = looksLikeQuestion(typed) ? undefined : (step.result as FoundChoice | undefined);
    const chosen = choice ? MENU_TASKS[choice.index] : undefined;
    if (chosen) return await startTask(step, chosen);
    return await routeMessage(
      this.deps,
      step,
      messageText(step.context),
      routeText === true && justWelcomed === true,
    );
  }

  private async afterTaskStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const result = step.result as TaskResult | undefined;
    if (result?.end) return await step.endDialog();
    if (result?.next)
      return await step.replaceDialog(MAIN_WATERFALL, { task: result.next } satisfies MainOptions);
    return await step.replaceDialog(MAIN_WATERFALL, {
      again: true,
      ...(result?.finished ? { finished: true } : {}),
    } satisfies MainOptions);
  }

  private menuChoices(): Choice[] {
    return menuChoices(this.deps.content.copy);
  }
}
