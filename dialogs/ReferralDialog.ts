import { TurnContext, type StatePropertyAccessor } from 'botbuilder';
import {
  ChoicePrompt,
  ComponentDialog,
  DialogContext,
  ListStyle,
  TextPrompt,
  WaterfallDialog,
  type DialogTurnResult,
  type FoundChoice,
  type PromptValidatorContext,
  type WaterfallStep,
  type WaterfallStepContext,
} from 'botbuilder-dialogs';
import { schoolFromChannel } from '../src/bot/conversationProfile';
import { senderPhoneOf } from '../src/bot/senderPhone';
import { requestKeyOf } from '../src/bot/requestKey';
import { conversationKeyOf } from '../src/bot/TranscriptRecorder';
import { fillTemplate } from '../src/content/fillTemplate';
import type { School } from '../src/content/loadContent';
import {
  CONTACT_METHODS,
  CONTACT_TIMES,
  type ContactMethod,
  type ContactTime,
  type ReferralDetails,
} from '../src/domain/referralDetails';
import { describeWhen, isWorkingTime, nextWorkingTime } from '../src/domain/workingHours';
import { dueByFor } from '../src/handoff/dueBy';
import type { ConversationDeps, TaskResult } from './ConversationDeps';
import { PRIVACY_DIALOG, PrivacyDialog } from './PrivacyDialog';
import { bySms, choiceOptions, messageText, yesNoChoices } from './prompts';
import { chosenSchool, knownSchool, schoolPromptOptions } from './schoolChoice';
import { isSkip, MAX_WORDS_LENGTH, parseEmail, parseName, parseUkPhone } from './validation';

export const REFERRAL_DIALOG = 'referralDialog';
const REFERRAL_WATERFALL = 'referralWaterfall';
const CHOICE_PROMPT = 'referralChoicePrompt';
const NAME_PROMPT = 'referralNamePrompt';
const PHONE_PROMPT = 'referralPhonePrompt';
const OWN_PHONE_PROMPT = 'referralOwnPhonePrompt';
const YEAR_GROUP_PROMPT = 'referralYearGroupPrompt';
const EMAIL_PROMPT = 'referralEmailPrompt';
const CHILD_NAME_PROMPT = 'referralChildNamePrompt';
const WORDS_PROMPT = 'referralWordsPrompt';

/** At "use the number you are texting from?": the parent typed another number instead of choosing. */
const TYPED_ANOTHER_NUMBER = -1;
/** By SMS, "check your answers" shows the start of the parent's own words (they have just typed them). */
const SMS_SUMMARY_WORDS_LENGTH = 60;

/** A self-referral in progress. `null` means "asked and not needed or skipped". */
export interface ReferralDraft {
  callback?: boolean;
  /** The school came from the channel, so it is not offered for change. */
  schoolFromChannel?: boolean;
  schoolId?: string;
  parentName?: string;
  contactMethod?: ContactMethod;
  phone?: string | null;
  /** The parent said no to "use the number you are texting from?": ask them to type one. */
  ownPhoneDeclined?: boolean;
  email?: string | null;
  contactTime?: ContactTime;
  safeToText?: boolean | null;
  safeToLeaveMessage?: boolean | null;
  childFirstName?: string | null;
  yearGroup?: string | null;
  topicId?: string;
  words?: string;
  /** Fields in the order the parent answered them, for "back". */
  asked: ReferralField[];
}

type ReferralField = Exclude<
  keyof ReferralDraft,
  'callback' | 'schoolFromChannel' | 'asked' | 'ownPhoneDeclined'
>;

/** Changing one answer clears the answers that depend on it, so they are asked again. */
const DEPENDENT_FIELDS: Partial<Record<ReferralField, ReferralField[]>> = {
  schoolId: ['yearGroup'],
  contactMethod: ['phone', 'email', 'safeToText', 'safeToLeaveMessage'],
};

/** Order of the answers in "check your answers" and in "which answer do you want to change". */
const SUMMARY_ORDER: ReferralField[] = [
  'schoolId',
  'parentName',
  'contactMethod',
  'phone',
  'email',
  'contactTime',
  'safeToText',
  'safeToLeaveMessage',
  'childFirstName',
  'yearGroup',
  'topicId',
  'words',
];

export interface ReferralOptions {
  topicId?: string;
  callback?: boolean;
  /** Set when the waterfall restarts itself after "back" or "change": keep the draft. */
  resume?: boolean;
}

interface StepValues {
  asking?: ReferralField;
  changeFields?: ReferralField[];
}

/**
 * Self-referral: privacy notice and agreement first; then school, name, how and when to be
 * contacted, child's first name and year (optional), what it is about and the parent's own
 * words; check your answers (change any one); submit as a case with a short reference; and say
 * truthfully what happens next, from the school's working hours.
 *
 * Every question is "ask it unless it is answered", so "back" and "change" simply forget an
 * answer and run the waterfall again.
 */
export class ReferralDialog extends ComponentDialog {
  private readonly drafts: StatePropertyAccessor<ReferralDraft | undefined>;

  constructor(private readonly deps: ConversationDeps) {
    super(REFERRAL_DIALOG);
    this.drafts = deps.conversationState.createProperty<ReferralDraft | undefined>('referralDraft');
    const { copy } = deps.content;

    const choice = new ChoicePrompt(CHOICE_PROMPT);
    choice.style = ListStyle.suggestedAction;
    this.addDialog(choice);
    this.addDialog(
      new TextPrompt(NAME_PROMPT, (p) => Promise.resolve(parseName(p.recognized.value ?? '') !== undefined)),
    );
    this.addDialog(
      new TextPrompt(PHONE_PROMPT, (p) =>
        Promise.resolve(parseUkPhone(p.recognized.value ?? '') !== undefined),
      ),
    );
    const ownPhone = new ChoicePrompt(OWN_PHONE_PROMPT, this.validateOwnPhoneAnswer.bind(this));
    ownPhone.style = ListStyle.suggestedAction;
    this.addDialog(ownPhone);
    const yearGroup = new ChoicePrompt(YEAR_GROUP_PROMPT, this.validateYearGroup.bind(this));
    yearGroup.style = ListStyle.suggestedAction;
    this.addDialog(yearGroup);
    this.addDialog(
      new TextPrompt(EMAIL_PROMPT, (p) =>
        Promise.resolve(parseEmail(p.recognized.value ?? '') !== undefined),
      ),
    );
    this.addDialog(
      new TextPrompt(CHILD_NAME_PROMPT, (p) => {
        const value = p.recognized.value ?? '';
        return Promise.resolve(isSkip(value, copy.skipWords) || parseName(value, 3) !== undefined);
      }),
    );
    this.addDialog(new TextPrompt(WORDS_PROMPT, this.validateWords.bind(this)));
    this.addDialog(new PrivacyDialog(deps));

    const steps: WaterfallStep[] = [
      this.privacyStep.bind(this),
      this.startStep.bind(this),
      ...this.question('schoolId', this.askSchoolStep.bind(this), this.recordSchoolStep.bind(this)),
      ...this.question('parentName', this.askNameStep.bind(this), this.recordNameStep.bind(this)),
      ...this.question(
        'contactMethod',
        this.askContactMethodStep.bind(this),
        this.recordContactMethodStep.bind(this),
      ),
      ...this.question('phone', this.askPhoneStep.bind(this), this.recordPhoneStep.bind(this)),
      ...this.question('email', this.askEmailStep.bind(this), this.recordEmailStep.bind(this)),
      ...this.question(
        'contactTime',
        this.askContactTimeStep.bind(this),
        this.recordContactTimeStep.bind(this),
      ),
      ...this.question('safeToText', this.askSafeToTextStep.bind(this), this.recordSafeToTextStep.bind(this)),
      ...this.question(
        'safeToLeaveMessage',
        this.askSafeToLeaveMessageStep.bind(this),
        this.recordSafeToLeaveMessageStep.bind(this),
      ),
      ...this.question(
        'childFirstName',
        this.askChildNameStep.bind(this),
        this.recordChildNameStep.bind(this),
      ),
      ...this.question('yearGroup', this.askYearGroupStep.bind(this), this.recordYearGroupStep.bind(this)),
      ...this.question('topicId', this.askTopicStep.bind(this), this.recordTopicStep.bind(this)),
      ...this.question('words', this.askWordsStep.bind(this), this.recordWordsStep.bind(this)),
      this.checkAnswersStep.bind(this),
      this.confirmStep.bind(this),
      this.changeAnswerStep.bind(this),
    ];
    this.addDialog(new WaterfallDialog(REFERRAL_WATERFALL, steps));
    this.initialDialogId = REFERRAL_WATERFALL;
  }

  /** Forgets a referral in progress (on "stop" and "start again"). */
  async discardDraft(context: TurnContext): Promise<void> {
    await this.drafts.delete(context);
  }

  /**
   * "Back": forgets the last answer given and asks that question again. Returns false when
   * there is nothing to go back to (the main dialog then shows the menu).
   */
  async goBack(innerDc: DialogContext): Promise<boolean> {
    const draft = await this.drafts.get(innerDc.context);
    const last = draft?.asked.pop();
    if (!draft || !last) return false;
    this.forget(draft, last);
    await innerDc.cancelAllDialogs();
    await innerDc.beginDialog(REFERRAL_WATERFALL, { resume: true } satisfies ReferralOptions);
    return true;
  }

  // ---- Steps --------------------------------------------------------------------------------

  private async privacyStep(step: WaterfallStepContext<ReferralOptions>): Promise<DialogTurnResult> {
    if (!step.options.resume) {
      await this.drafts.set(step.context, {
        asked: [],
        ...(step.options.topicId ? { topicId: step.options.topicId } : {}),
        ...(step.options.callback
          ? { callback: true, contactMethod: 'phone' as const, email: null, safeToText: undefined }
          : {}),
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

  /** Not asked when the channel (or an earlier answer) already says which school. */
  private async askSchoolStep(
    step: WaterfallStepContext,
    draft: ReferralDraft,
  ): Promise<DialogTurnResult | undefined> {
    const school = await knownSchool(this.deps, step.context);
    if (school) {
      draft.schoolId = school.id;
      draft.schoolFromChannel = schoolFromChannel(step.context, this.deps.content.schools) !== undefined;
      return undefined;
    }
    return await step.prompt(CHOICE_PROMPT, schoolPromptOptions(this.deps));
  }

  private async recordSchoolStep(
    step: WaterfallStepContext,
    draft: ReferralDraft,
  ): Promise<DialogTurnResult | undefined> {
    const school = await chosenSchool(this.deps, step.context, step.result as FoundChoice);
    if (!school) {
      await step.context.sendActivity(this.deps.content.copy.school.notListedReply);
      await this.discardDraft(step.context);
      return await step.endDialog({ next: { task: 'signposting' } } satisfies TaskResult);
    }
    draft.schoolId = school.id;
    return undefined;
  }

  private async askNameStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const { referral } = this.deps.content.copy;
    return await step.prompt(NAME_PROMPT, { prompt: referral.askName, retryPrompt: referral.nameRetry });
  }

  private recordNameStep(step: WaterfallStepContext, draft: ReferralDraft): Promise<undefined> {
    draft.parentName = parseName(String(step.result));
    return Promise.resolve(undefined);
  }

  private async askContactMethodStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const { copy } = this.deps.content;
    const labels = CONTACT_METHODS.map((m) => copy.referral.contactMethods[m]);
    return await step.prompt(CHOICE_PROMPT, choiceOptions(copy, copy.referral.askContactMethod, labels));
  }

  private recordContactMethodStep(step: WaterfallStepContext, draft: ReferralDraft): Promise<undefined> {
    const method = CONTACT_METHODS[(step.result as FoundChoice).index] ?? 'phone';
    draft.contactMethod = method;
    if (method === 'email') {
      draft.phone = null;
      draft.safeToText = null;
      draft.safeToLeaveMessage = null;
    } else {
      draft.email = null;
    }
    if (method === 'text') {
      draft.safeToText = true;
      draft.safeToLeaveMessage = null;
    }
    return Promise.resolve(undefined);
  }

  /**
   * When the channel knows the parent's own number (SMS), it is offered first ("use the number
   * you are texting from? It ends in 123"); otherwise, or if they say no, they type one.
   */
  private async askPhoneStep(step: WaterfallStepContext, draft: ReferralDraft): Promise<DialogTurnResult> {
    const { copy } = this.deps.content;
    const { referral } = copy;
    const own = ownUkPhone(step.context);
    if (own && !draft.ownPhoneDeclined) {
      const prompt = fillTemplate(referral.askUseOwnPhone, { ending: own.slice(-3) });
      return await step.prompt(
        OWN_PHONE_PROMPT,
        choiceOptions(copy, prompt, yesNoChoices(copy, referral.useOwnPhone, referral.useOtherPhone)),
      );
    }
    const prompt = draft.contactMethod === 'meet' ? referral.askPhoneForMeeting : referral.askPhone;
    return await step.prompt(PHONE_PROMPT, { prompt, retryPrompt: referral.phoneRetry });
  }

  private async recordPhoneStep(
    step: WaterfallStepContext,
    draft: ReferralDraft,
  ): Promise<DialogTurnResult | undefined> {
    if (typeof step.result === 'string') {
      draft.phone = parseUkPhone(step.result);
      return undefined;
    }
    const answer = step.result as FoundChoice;
    if (answer.index === 0) draft.phone = ownUkPhone(step.context);
    else if (answer.index === TYPED_ANOTHER_NUMBER) draft.phone = parseUkPhone(answer.value);
    else {
      // "No, use another number": ask for it (the waterfall runs again up to the first unanswered question).
      draft.ownPhoneDeclined = true;
      return await step.replaceDialog(REFERRAL_WATERFALL, { resume: true } satisfies ReferralOptions);
    }
    return undefined;
  }

  private async askEmailStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const { referral } = this.deps.content.copy;
    return await step.prompt(EMAIL_PROMPT, { prompt: referral.askEmail, retryPrompt: referral.emailRetry });
  }

  private recordEmailStep(step: WaterfallStepContext, draft: ReferralDraft): Promise<undefined> {
    draft.email = parseEmail(String(step.result));
    return Promise.resolve(undefined);
  }

  private async askContactTimeStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const { copy } = this.deps.content;
    const labels = CONTACT_TIMES.map((t) => copy.referral.contactTimes[t]);
    return await step.prompt(CHOICE_PROMPT, choiceOptions(copy, copy.referral.askContactTime, labels));
  }

  private recordContactTimeStep(step: WaterfallStepContext, draft: ReferralDraft): Promise<undefined> {
    draft.contactTime = CONTACT_TIMES[(step.result as FoundChoice).index] ?? 'any';
    return Promise.resolve(undefined);
  }

  private async askSafeToTextStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const { copy } = this.deps.content;
    return await step.prompt(
      CHOICE_PROMPT,
      choiceOptions(copy, copy.referral.askSafeToText, yesNoChoices(copy)),
    );
  }

  private recordSafeToTextStep(step: WaterfallStepContext, draft: ReferralDraft): Promise<undefined> {
    draft.safeToText = (step.result as FoundChoice).index === 0;
    return Promise.resolve(undefined);
  }

  private async askSafeToLeaveMessageStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const { copy } = this.deps.content;
    return await step.prompt(
      CHOICE_PROMPT,
      choiceOptions(copy, copy.referral.askSafeToLeaveMessage, yesNoChoices(copy)),
    );
  }

  private recordSafeToLeaveMessageStep(step: WaterfallStepContext, draft: ReferralDraft): Promise<undefined> {
    draft.safeToLeaveMessage = (step.result as FoundChoice).index === 0;
    return Promise.resolve(undefined);
  }

  private async askChildNameStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const { referral } = this.deps.content.copy;
    return await step.prompt(CHILD_NAME_PROMPT, {
      prompt: referral.askChildName,
      retryPrompt: referral.childNameRetry,
    });
  }

  private recordChildNameStep(step: WaterfallStepContext, draft: ReferralDraft): Promise<undefined> {
    const answer = String(step.result);
    draft.childFirstName = isSkip(answer, this.deps.content.copy.skipWords)
      ? null
      : (parseName(answer, 3) ?? null);
    return Promise.resolve(undefined);
  }

  private async askYearGroupStep(
    step: WaterfallStepContext,
    draft: ReferralDraft,
  ): Promise<DialogTurnResult> {
    const { copy } = this.deps.content;
    const years = this.yearGroupsFor(draft);
    // The years hold numbers of their own: by SMS they are listed without numbers, so "2" is Year 2.
    const unnumbered = { sms: { numberedChoices: false } };
    return await step.prompt(YEAR_GROUP_PROMPT, {
      ...choiceOptions(copy, copy.referral.askYearGroup, [...years, copy.referral.skip]),
      prompt: { type: 'message', text: copy.referral.askYearGroup, channelData: unnumbered },
      retryPrompt: { type: 'message', text: copy.referral.yearGroupRetry, channelData: unnumbered },
    });
  }

  private recordYearGroupStep(step: WaterfallStepContext, draft: ReferralDraft): Promise<undefined> {
    draft.yearGroup = this.yearGroupsFor(draft)[(step.result as FoundChoice).index] ?? null;
    return Promise.resolve(undefined);
  }

  private async askTopicStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const { copy } = this.deps.content;
    const labels = this.referralTopics().map((t) => t.label);
    return await step.prompt(CHOICE_PROMPT, choiceOptions(copy, copy.referral.askTopic, labels));
  }

  private recordTopicStep(step: WaterfallStepContext, draft: ReferralDraft): Promise<undefined> {
    draft.topicId = this.referralTopics()[(step.result as FoundChoice).index]?.id;
    return Promise.resolve(undefined);
  }

  private async askWordsStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const { referral } = this.deps.content.copy;
    return await step.prompt(WORDS_PROMPT, { prompt: referral.askWords, retryPrompt: referral.wordsRetry });
  }

  private recordWordsStep(step: WaterfallStepContext, draft: ReferralDraft): Promise<undefined> {
    draft.words = String(step.result).trim();
    return Promise.resolve(undefined);
  }

  private async checkAnswersStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const draft = await this.draft(step.context);
    const { copy } = this.deps.content;
    const summary = this.summaryFields(draft).map((field) => {
      const shown = this.display(draft, field);
      const short =
        field === 'words' && bySms(step.context) ? shorten(shown, SMS_SUMMARY_WORDS_LENGTH) : shown;
      return `${this.label(field)}: ${short}`;
    });
    await step.context.sendActivity([copy.referral.checkIntro, ...summary].join('\n'));
    return await step.prompt(
      CHOICE_PROMPT,
      choiceOptions(
        copy,
        copy.referral.checkPrompt,
        yesNoChoices(copy, copy.referral.send, copy.referral.change),
      ),
    );
  }

  private async confirmStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const draft = await this.draft(step.context);
    const { copy } = this.deps.content;
    if ((step.result as FoundChoice).index === 0) return await this.submit(step, draft);
    const fields = this.summaryFields(draft).filter((f) => !(f === 'schoolId' && draft.schoolFromChannel));
    (step.values as StepValues).changeFields = fields;
    const labels = fields.map((f) => this.label(f));
    return await step.prompt(CHOICE_PROMPT, choiceOptions(copy, copy.referral.changePrompt, labels));
  }

  private async changeAnswerStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const field = (step.values as StepValues).changeFields?.[(step.result as FoundChoice).index];
    const draft = await this.draft(step.context);
    if (field) this.forget(draft, field);
    return await step.replaceDialog(REFERRAL_WATERFALL, { resume: true } satisfies ReferralOptions);
  }

  // ---- Submitting -----------------------------------------------------------------------------

  private async submit(step: WaterfallStepContext, draft: ReferralDraft): Promise<DialogTurnResult> {
    const { content, cases, now } = this.deps;
    const { copy } = content;
    const context = step.context;
    const school = content.schools.find((s) => s.id === draft.schoolId);
    const conversationKey = conversationKeyOf(context);
    const profile = await this.deps.profiles.get(context, {});
    if (!school || !conversationKey || !profile.privacy) {
      throw new Error(
        'A referral cannot be submitted without a school, a conversation key and privacy agreement',
      );
    }
    const at = now();
    const urgent = profile.atRisk !== undefined;
    const opened = await cases.open({
      kind: 'referral',
      schoolId: school.id,
      channelId: context.activity.channelId,
      conversationKey,
      conversationRef: TurnContext.getConversationReference(context.activity),
      details: this.caseDetails(draft, profile.privacy),
      urgent,
      ...this.dueBy(school, at, urgent),
      openedBy: 'parent',
      ...requestKeyOf(context, conversationKey),
    });
    await this.discardDraft(context);
    this.deps.logger.info({ caseId: opened.id, schoolId: school.id, urgent }, 'self-referral opened');

    await context.sendActivity(fillTemplate(copy.referral.submitted, { reference: opened.reference }));
    if (urgent) await context.sendActivity(copy.referral.urgentNote);
    await context.sendActivity(nextStepsMessage(copy.referral, school, at));
    await context.sendActivity(copy.referral.emergencyReminder);
    return await step.endDialog({} satisfies TaskResult);
  }

  private caseDetails(draft: ReferralDraft, privacy: { version: string; agreedAt: string }): ReferralDetails {
    const topic = this.deps.content.topics.find((t) => t.id === draft.topicId);
    const details: { [K in keyof Required<ReferralDetails>]: ReferralDetails[K] | null } = {
      parentName: draft.parentName,
      contactMethod: draft.contactMethod,
      phone: draft.phone,
      email: draft.email,
      contactTime: draft.contactTime,
      safeToText: draft.safeToText,
      safeToLeaveMessage: draft.safeToLeaveMessage,
      childFirstName: draft.childFirstName,
      yearGroup: draft.yearGroup,
      topic: draft.topicId,
      topicLabel: topic?.label,
      words: draft.words,
      callback: draft.callback === true,
      privacyNoticeVersion: privacy.version,
      privacyAgreedAt: privacy.agreedAt,
    };
    return Object.fromEntries(Object.entries(details).filter(([, v]) => v !== undefined && v !== null));
  }

  /** The service level's first-contact deadline (content/schools.json `serviceLevel`). */
  private dueBy(school: School, at: Date, urgent: boolean): { dueBy?: Date } {
    const due = dueByFor(this.deps.content, school, at, 'referral', urgent);
    return due ? { dueBy: due } : {};
  }

  // ---- Helpers --------------------------------------------------------------------------------

  /** Two waterfall steps for one question: ask it unless answered, then record the answer. */
  private question(
    field: ReferralField,
    ask: (step: WaterfallStepContext, draft: ReferralDraft) => Promise<DialogTurnResult | undefined>,
    record: (step: WaterfallStepContext, draft: ReferralDraft) => Promise<DialogTurnResult | undefined>,
  ): WaterfallStep[] {
    const askStep = async (step: WaterfallStepContext): Promise<DialogTurnResult> => {
      const draft = await this.draft(step.context);
      if (draft[field] !== undefined) return await step.next();
      const asked = await ask(step, draft);
      if (!asked) return await step.next();
      (step.values as StepValues).asking = field;
      return asked;
    };
    const recordStep = async (step: WaterfallStepContext): Promise<DialogTurnResult> => {
      const values = step.values as StepValues;
      if (values.asking !== field) return await step.next();
      delete values.asking;
      const draft = await this.draft(step.context);
      const ended = await record(step, draft);
      if (ended) return ended;
      if (draft[field] !== undefined) draft.asked.push(field);
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

  private forget(draft: ReferralDraft, field: ReferralField): void {
    for (const f of [field, ...(DEPENDENT_FIELDS[field] ?? [])]) {
      delete draft[f];
      draft.asked = draft.asked.filter((a) => a !== f);
      if (f === 'phone') delete draft.ownPhoneDeclined;
    }
  }

  private referralTopics() {
    return this.deps.content.topics.filter((t) => t.referral);
  }

  private yearGroupsFor(draft: ReferralDraft): string[] {
    const { yearGroups } = this.deps.content.copy.referral;
    const phase = this.deps.content.schools.find((s) => s.id === draft.schoolId)?.phase;
    if (phase === 'primary') return yearGroups.primary;
    if (phase === 'secondary') return yearGroups.secondary;
    return [...yearGroups.primary, ...yearGroups.secondary];
  }

  /** The answers shown in "check your answers": those that apply to this referral. */
  private summaryFields(draft: ReferralDraft): ReferralField[] {
    return SUMMARY_ORDER.filter(
      (f) =>
        draft[f] !== null &&
        !(f === 'contactMethod' && draft.callback) &&
        // Choosing "text message" is saying texts are safe.
        !(f === 'safeToText' && draft.contactMethod === 'text'),
    );
  }

  private label(field: ReferralField): string {
    const { labels } = this.deps.content.copy.referral;
    if (field === 'schoolId') return labels.school;
    if (field === 'topicId') return labels.topic;
    return labels[field];
  }

  private display(draft: ReferralDraft, field: ReferralField): string {
    const { copy, schools, topics } = this.deps.content;
    const value = draft[field];
    if (value === undefined || value === null) return copy.referral.notGiven;
    if (typeof value === 'boolean') return value ? copy.yes : copy.no;
    switch (field) {
      case 'schoolId':
        return schools.find((s) => s.id === value)?.name ?? value;
      case 'contactMethod':
        return copy.referral.contactMethods[draft.contactMethod ?? 'phone'];
      case 'contactTime':
        return copy.referral.contactTimes[draft.contactTime ?? 'any'];
      case 'topicId':
        return topics.find((t) => t.id === value)?.label ?? value;
      default:
        return value;
    }
  }

  /** At "use the number you are texting from?", typing another number is an answer too. */
  private validateOwnPhoneAnswer(prompt: PromptValidatorContext<FoundChoice>): Promise<boolean> {
    if (prompt.recognized.succeeded) return Promise.resolve(true);
    const typed = messageText(prompt.context);
    if (parseUkPhone(typed) === undefined) return Promise.resolve(false);
    prompt.recognized.value = { value: typed, index: TYPED_ANOTHER_NUMBER, score: 1 };
    return Promise.resolve(true);
  }

  /**
   * A year typed as a number ("2", "year 2", "Y2", "yr 2") is that year, not the second choice
   * (a number that is not one of the school's years is asked again); otherwise the usual choice.
   */
  private async validateYearGroup(prompt: PromptValidatorContext<FoundChoice>): Promise<boolean> {
    const draft = await this.draft(prompt.context);
    const years = this.yearGroupsFor(draft);
    const typed = /^(?:year|yr|y)?\s*(\d{1,2})$/i.exec(messageText(prompt.context).replace(/[.!]+$/, ''));
    if (typed?.[1] !== undefined) {
      const index = years.findIndex(
        (y) => y.toLowerCase().replace(/\s+/g, ' ') === `year ${Number(typed[1])}`,
      );
      if (index < 0) return false;
      prompt.recognized.value = { value: years[index] ?? '', index, score: 1 };
      return true;
    }
    return prompt.recognized.succeeded;
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

/** "What happens next", truthfully, from the school's working hours and term dates. */
export function nextStepsMessage(
  copy: { nextInHours: string; nextOutOfHours: string; nextUnknown: string },
  school: School,
  at: Date,
): string {
  if (isWorkingTime(school, at)) return fillTemplate(copy.nextInHours, { school: school.name });
  const next = nextWorkingTime(school, at);
  if (!next) return fillTemplate(copy.nextUnknown, { school: school.name });
  return fillTemplate(copy.nextOutOfHours, {
    school: school.name,
    when: describeWhen(next, at, school.hours.timezone),
  });
}

/** The parent's own number as a UK number ("07700 900123"), if the channel knows it (SMS). */
function ownUkPhone(context: TurnContext): string | undefined {
  const own = senderPhoneOf(context);
  return own ? parseUkPhone(own) : undefined;
}

/** The start of a long answer, cut at a word, with "..." when something was left out. */
function shorten(text: string, length: number): string {
  if (text.length <= length) return text;
  const cut = text.slice(0, length + 1).replace(/\s+\S*$/, '');
  return `${(cut.length > length / 2 ? cut : text.slice(0, length)).trimEnd()}...`;
}
