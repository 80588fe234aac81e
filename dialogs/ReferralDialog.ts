import type { StatePropertyAccessor, TurnContext } from 'botbuilder';
import {
  ComponentDialog,
  DialogContext,
  TextPrompt,
  WaterfallDialog,
  type DialogTurnResult,
  type FoundChoice,
  type PromptValidatorContext,
  type WaterfallStep,
  type WaterfallStepContext,
} from 'botbuilder-dialogs';
import { checkAnswersChoices } from './choiceLists';
import type { ConversationDeps, TaskResult } from './ConversationDeps';
import { ParentChoicePrompt } from './parentChoice';
import { PRIVACY_DIALOG, PrivacyDialog } from './PrivacyDialog';
import { bySms, choiceOptions, messageText } from './prompts';
import { forgetAnswer, type ReferralDraft, type ReferralField } from './referral/referralDraft';
import {
  ownUkPhone,
  PROMPTS,
  REFERRAL_QUESTIONS,
  yearGroupsFor,
  type Question,
} from './referral/referralQuestions';
import { isChildAnswer, readChildAnswer } from './referral/childAnswer';
import { submitReferral } from './referral/referralSubmission';
import { validateWellbeing, WELLBEING_PROMPT, WELLBEING_QUESTION } from './referral/wellbeingQuestion';
import { ReferralSummary } from './referral/referralSummary';
import {
  NOT_AT_SCHOOL_YET,
  notAtSchoolYet,
  readTextOrVoicemail,
  sameNumber,
  TEXT_OR_VOICEMAIL_IN_WORDS,
  TYPED_ANOTHER_NUMBER,
  yearFromText,
} from './referral/referralValidators';
import { isSkip, MAX_WORDS_LENGTH, parseEmail, parseName, parseUkPhone } from './validation';

export { nextStepsMessage } from './referral/referralSubmission';

/** "text is fine but no voicemail": the parent's own words about texts and voicemail come before the choices. */
function validateTextOrVoicemail(prompt: PromptValidatorContext<FoundChoice>): Promise<boolean> {
  const said = readTextOrVoicemail(messageText(prompt.context));
  if (said) {
    prompt.recognized.value = { value: JSON.stringify(said), index: TEXT_OR_VOICEMAIL_IN_WORDS, score: 1 };
    return Promise.resolve(true);
  }
  return Promise.resolve(prompt.recognized.succeeded);
}
export type { ReferralDraft } from './referral/referralDraft';

export const REFERRAL_DIALOG = 'referralDialog';
const REFERRAL_WATERFALL = 'referralWaterfall';
const CHECK_PROMPT = 'referralCheckPrompt';

/** At "check your answers": the parent named the answer to change ("change the phone number"). */
const NAMED_CHANGE = -4;

export interface ReferralOptions {
  topicId?: string;
  /** The parent's own words, when they described the problem before asking for a PSW. */
  words?: string;
  callback?: boolean;
  /** Set when the waterfall restarts itself after "back" or "change": keep the draft. */
  resume?: boolean;
}

interface StepValues {
  asking?: ReferralField;
  changeFields?: ReferralField[];
}

/**
 * Self-referral: privacy notice and agreement first; then the questions (`referral/referralQuestions.ts`,
 * each "ask it unless it is answered", so "back" and "change" simply forget an answer and run the
 * waterfall again), then "how are things at home, 0 to 10" (`referral/wellbeingQuestion.ts`);
 * check your answers (`referral/referralSummary.ts`: change any one, or name
 * it); submit as a case and say truthfully what happens next (`referral/referralSubmission.ts`).
 */
export class ReferralDialog extends ComponentDialog {
  private readonly drafts: StatePropertyAccessor<ReferralDraft | undefined>;
  private readonly summary: ReferralSummary;

  constructor(private readonly deps: ConversationDeps) {
    super(REFERRAL_DIALOG);
    this.drafts = deps.conversationState.createProperty<ReferralDraft | undefined>('referralDraft');
    this.summary = new ReferralSummary(deps.content);
    const { copy } = deps.content;
    const check = (ok: (text: string) => boolean) => (p: PromptValidatorContext<string>) =>
      Promise.resolve(ok(p.recognized.value ?? ''));

    this.addDialog(new ParentChoicePrompt(PROMPTS.choice));
    this.addDialog(new ParentChoicePrompt(CHECK_PROMPT, this.validateCheck.bind(this)));
    this.addDialog(
      new TextPrompt(
        PROMPTS.name,
        check((v) => parseName(v) !== undefined),
      ),
    );
    this.addDialog(new TextPrompt(PROMPTS.phone, this.validatePhone.bind(this)));
    this.addDialog(new ParentChoicePrompt(PROMPTS.ownPhone, this.validateOwnPhoneAnswer.bind(this)));
    this.addDialog(
      new ParentChoicePrompt(PROMPTS.contactTime, undefined, { exactOnly: true, freeText: true }),
    );
    this.addDialog(
      new ParentChoicePrompt(PROMPTS.yearGroup, this.validateYearGroup.bind(this), {
        alsoAccepts: notAtSchoolYet,
      }),
    );
    this.addDialog(
      new TextPrompt(
        PROMPTS.email,
        check((v) => parseEmail(v) !== undefined),
      ),
    );
    this.addDialog(
      new TextPrompt(
        PROMPTS.childName,
        check((v) => isSkip(v, copy.skipWords) || parseName(v, 3) !== undefined),
      ),
    );
    this.addDialog(new TextPrompt(PROMPTS.words, this.validateWords.bind(this)));
    this.addDialog(new TextPrompt(PROMPTS.childAndYear, this.validateChildAndYear.bind(this)));
    // "please don't leave a voicemail" is an answer here, not "leave" (stop).
    this.addDialog(
      new ParentChoicePrompt(PROMPTS.textOrVoicemail, validateTextOrVoicemail, {
        alsoAccepts: (text) => readTextOrVoicemail(text) !== undefined,
      }),
    );
    this.addDialog(new TextPrompt(WELLBEING_PROMPT, validateWellbeing(deps.content)));
    this.addDialog(new PrivacyDialog(deps));

    const steps: WaterfallStep[] = [
      this.privacyStep.bind(this),
      this.startStep.bind(this),
      ...[...REFERRAL_QUESTIONS, WELLBEING_QUESTION].flatMap((q) => this.question(q)),
      this.checkAnswersStep.bind(this),
      this.confirmStep.bind(this),
      this.changeAnswerStep.bind(this),
    ];
    this.addDialog(new WaterfallDialog(REFERRAL_WATERFALL, steps));
    this.initialDialogId = REFERRAL_WATERFALL;
  }

  /** Forgets a referral in progress (on "stop" and "start again"). Returns whether there was one. */
  async discardDraft(context: TurnContext): Promise<boolean> {
    const had = (await this.drafts.get(context)) !== undefined;
    await this.drafts.delete(context);
    return had;
  }

  /**
   * "Back": forgets the last answer given and asks that question again. Returns false when
   * there is nothing to go back to (the main dialog then shows the menu).
   */
  async goBack(innerDc: DialogContext): Promise<boolean> {
    const draft = await this.drafts.get(innerDc.context);
    const last = draft?.asked.pop();
    if (!draft || !last) return false;
    forgetAnswer(draft, last);
    await innerDc.cancelAllDialogs();
    await innerDc.beginDialog(REFERRAL_WATERFALL, { resume: true } satisfies ReferralOptions);
    return true;
  }

  // ---- Steps --------------------------------------------------------------------------------

  private async privacyStep(step: WaterfallStepContext<ReferralOptions>): Promise<DialogTurnResult> {
    const { topicId, words, callback, resume } = step.options;
    if (!resume) {
      await this.drafts.set(step.context, {
        asked: [],
        ...(topicId ? { topicId } : {}),
        ...(words ? { words } : {}),
        ...(callback ? { callback: true, contactMethod: 'phone' as const, email: null } : {}),
      });
    }
    return await step.beginDialog(PRIVACY_DIALOG);
  }

  private async startStep(step: WaterfallStepContext<ReferralOptions>): Promise<DialogTurnResult> {
    if (!step.options.resume) {
      if (step.result !== true) {
        await this.discardDraft(step.context);
        return await step.endDialog({} satisfies TaskResult);
      }
      const draft = await this.draft(step.context);
      const { referral } = this.deps.content.copy;
      await step.context.sendActivity(draft.callback ? referral.callbackIntro : referral.intro);
    }
    return await step.next();
  }

  private async checkAnswersStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const draft = await this.draft(step.context);
    const { copy } = this.deps.content;
    const lines = this.summary.lines(draft, bySms(step.context));
    const intro = bySms(step.context) ? this.deps.content.sms.checkIntro : copy.referral.checkIntro;
    await step.context.sendActivity([intro, ...lines].join('\n'));
    return await step.prompt(
      CHECK_PROMPT,
      choiceOptions(copy, copy.referral.checkPrompt, checkAnswersChoices(copy)),
    );
  }

  private async confirmStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const draft = await this.draft(step.context);
    const { copy } = this.deps.content;
    const answer = step.result as FoundChoice;
    if (answer.index === 0) {
      await submitReferral(this.deps, step.context, draft);
      await this.discardDraft(step.context);
      return await step.endDialog({ finished: true } satisfies TaskResult);
    }
    if (answer.index === NAMED_CHANGE) return await this.change(step, draft, answer.value as ReferralField);
    const fields = this.summary.changeable(draft);
    (step.values as StepValues).changeFields = fields;
    const labels = fields.map((f) => this.summary.label(f));
    return await step.prompt(PROMPTS.choice, choiceOptions(copy, copy.referral.changePrompt, labels));
  }

  private async changeAnswerStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const field = (step.values as StepValues).changeFields?.[(step.result as FoundChoice).index];
    return await this.change(step, await this.draft(step.context), field);
  }

  private async change(
    step: WaterfallStepContext,
    draft: ReferralDraft,
    field: ReferralField | undefined,
  ): Promise<DialogTurnResult> {
    if (field) forgetAnswer(draft, field);
    return await step.replaceDialog(REFERRAL_WATERFALL, { resume: true } satisfies ReferralOptions);
  }

  // ---- Helpers --------------------------------------------------------------------------------

  /** Two waterfall steps for one question: ask it unless answered, then record the answer. */
  private question(question: Question): WaterfallStep[] {
    const { field } = question;
    const tools = async (step: WaterfallStepContext) => ({
      deps: this.deps,
      step,
      draft: await this.draft(step.context),
      restart: () => step.replaceDialog(REFERRAL_WATERFALL, { resume: true } satisfies ReferralOptions),
      leave: async (next: 'signposting') => {
        await this.discardDraft(step.context);
        return await step.endDialog({ next: { task: next } } satisfies TaskResult);
      },
    });
    const askStep = async (step: WaterfallStepContext): Promise<DialogTurnResult> => {
      const t = await tools(step);
      if (t.draft[field] !== undefined) return await step.next();
      const asked = await question.ask(t);
      if (!asked) return await step.next();
      (step.values as StepValues).asking = field;
      return asked;
    };
    const recordStep = async (step: WaterfallStepContext): Promise<DialogTurnResult> => {
      const values = step.values as StepValues;
      if (values.asking !== field) return await step.next();
      delete values.asking;
      const t = await tools(step);
      const ended = await question.record(t);
      if (ended) return ended;
      if (t.draft[field] !== undefined) t.draft.asked.push(field);
      return await step.next();
    };
    return [askStep, recordStep];
  }

  private async draft(context: TurnContext): Promise<ReferralDraft> {
    const draft = await this.drafts.get(context);
    if (draft) return draft;
    const fresh: ReferralDraft = { asked: [] };
    await this.drafts.set(context, fresh);
    return fresh;
  }

  // ---- Validators -----------------------------------------------------------------------------

  /** "same number as before" reuses a number given earlier in this referral, or the one texting. */
  private async validatePhone(prompt: PromptValidatorContext<string>): Promise<boolean> {
    const value = prompt.recognized.value ?? '';
    if (parseUkPhone(value) !== undefined) return true;
    const draft = await this.draft(prompt.context);
    return sameNumber(value, [draft.previousPhone, ownUkPhone(prompt.context)]) !== undefined;
  }

  /** At "use the number you are texting from?", typing another number is an answer too. */
  private validateOwnPhoneAnswer(prompt: PromptValidatorContext<FoundChoice>): Promise<boolean> {
    if (prompt.recognized.succeeded) return Promise.resolve(true);
    const typed = messageText(prompt.context);
    if (parseUkPhone(typed) === undefined) return Promise.resolve(false);
    prompt.recognized.value = { value: typed, index: TYPED_ANOTHER_NUMBER, score: 1 };
    return Promise.resolve(true);
  }

  /** A child not at school yet ("she is 3", "nursery"); a year typed as a number is that year. */
  private async validateYearGroup(prompt: PromptValidatorContext<FoundChoice>): Promise<boolean> {
    const text = messageText(prompt.context);
    if (notAtSchoolYet(text)) {
      prompt.recognized.value = { value: text, index: NOT_AT_SCHOOL_YET, score: 1 };
      return true;
    }
    const year = yearFromText(text, yearGroupsFor(this.deps, await this.draft(prompt.context)));
    if (year === 'unclear') return false;
    if (year) {
      prompt.recognized.value = year;
      return true;
    }
    return prompt.recognized.succeeded;
  }

  /** At "is this right?", "change the phone number" changes that answer. */
  private async validateCheck(prompt: PromptValidatorContext<FoundChoice>): Promise<boolean> {
    const draft = await this.draft(prompt.context);
    const text = messageText(prompt.context);
    const field = /\b(change|wrong|edit|fix|update|correct)\b/i.test(text)
      ? this.summary.namedField(text, draft)
      : undefined;
    if (field) {
      prompt.recognized.value = { value: field, index: NAMED_CHANGE, score: 1 };
      return true;
    }
    return prompt.recognized.succeeded;
  }

  /** By SMS, "Jo, Year 3": a name, a year, a child not at school yet, or "skip". */
  private async validateChildAndYear(prompt: PromptValidatorContext<string>): Promise<boolean> {
    const draft = await this.draft(prompt.context);
    const years = yearGroupsFor(this.deps, draft);
    return isChildAnswer(
      readChildAnswer(prompt.recognized.value ?? '', years, this.deps.content.copy.skipWords),
    );
  }

  private async validateWords(prompt: PromptValidatorContext<string>): Promise<boolean> {
    const value = (prompt.recognized.value ?? '').trim();
    if (value.length > MAX_WORDS_LENGTH) {
      await prompt.context.sendActivity(this.deps.content.copy.referral.wordsTooLong);
      return false;
    }
    return value.length > 0;
  }
}
