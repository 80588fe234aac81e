import { TurnContext } from 'botbuilder';
import { type DialogTurnResult, type FoundChoice, type WaterfallStepContext } from 'botbuilder-dialogs';
import { requestKeyOf } from '../src/turn/requestKey';
import { conversationKeyOf } from '../src/turn/conversationKey';
import { fillTemplate } from '../src/content/fillTemplate';
import type { School } from '../src/content/loadContent';
import { describeWhen, isWorkingTime, nextWorkingTime } from '../src/domain/workingHours';
import type { ConversationDeps, TaskResult } from './ConversationDeps';
import { PRIVACY_DIALOG, PrivacyDialog } from './PrivacyDialog';
import { callbackChoices } from './choiceLists';
import { ParentChoicePrompt } from './parentChoice';
import { choiceOptions } from './prompts';
import { chosenSchool, knownSchool, schoolPromptOptions } from './schoolChoice';
import { TaskDialog } from './waterfall';

export const TALK_TO_PERSON_DIALOG = 'talkToPersonDialog';
const TALK_TO_PERSON_WATERFALL = 'talkToPersonWaterfall';
const CHOICE_PROMPT = 'talkToPersonChoicePrompt';

interface StepValues {
  schoolId?: string;
  inHours?: boolean;
}

/**
 * "Talk to a person". In the school's PSW working hours (and after the privacy notice) it opens
 * a live-chat case, which the console's queue hands to a PSW, and the queue tells the parent
 * where they are (`LiveChatQueue.announceQueued`); the live chat itself runs through the
 * LiveChatRouter. Out of hours it says when a person will be back, gives the emergency
 * numbers, and offers a callback referral instead.
 */
export class TalkToPersonDialog extends TaskDialog {
  constructor(deps: ConversationDeps) {
    super(TALK_TO_PERSON_DIALOG, deps);
    this.waterfall(
      TALK_TO_PERSON_WATERFALL,
      [new ParentChoicePrompt(CHOICE_PROMPT), new PrivacyDialog(deps)],
      [this.askSchoolStep.bind(this), this.checkHoursStep.bind(this), this.connectOrOfferStep.bind(this)],
    );
  }

  private async askSchoolStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const school = await knownSchool(this.deps, step.context);
    if (school) return await step.next(school);
    return await step.prompt(CHOICE_PROMPT, schoolPromptOptions(this.deps));
  }

  private async checkHoursStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const { copy } = this.deps.content;
    const school = isSchool(step.result)
      ? step.result
      : await chosenSchool(this.deps, step.context, step.result as FoundChoice);
    if (!school) {
      await step.context.sendActivity(copy.school.notListedReply);
      return await step.endDialog({ next: { task: 'signposting' } } satisfies TaskResult);
    }
    const values = step.values as StepValues;
    values.schoolId = school.id;
    const now = this.deps.now();
    values.inHours = isWorkingTime(school, now);
    if (values.inHours) return await step.beginDialog(PRIVACY_DIALOG);

    const next = nextWorkingTime(school, now);
    await step.context.sendActivity(
      next
        ? fillTemplate(copy.person.outOfHours, {
            school: school.name,
            when: describeWhen(next, now, school.hours.timezone),
          })
        : fillTemplate(copy.person.outOfHoursNoTime, { school: school.name }),
    );
    await step.context.sendActivity(copy.person.emergencyNumbers);
    return await step.prompt(
      CHOICE_PROMPT,
      choiceOptions(copy, copy.person.offerCallback, callbackChoices(copy)),
    );
  }

  private async connectOrOfferStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const { copy } = this.deps.content;
    const values = step.values as StepValues;
    if (!values.inHours) {
      if ((step.result as FoundChoice).index === 0) {
        return await step.endDialog({ next: { task: 'referral', callback: true } } satisfies TaskResult);
      }
      await step.context.sendActivity(copy.person.callbackDeclined);
      return await step.endDialog({} satisfies TaskResult);
    }
    if (step.result !== true) return await step.endDialog({} satisfies TaskResult);

    const context = step.context;
    const profile = await this.deps.profiles.get(context, {});
    const conversationKey = conversationKeyOf(context);
    if (!conversationKey || !profile.privacy || !values.schoolId) {
      throw new Error(
        'A live chat cannot be opened without a conversation key, a school and privacy agreement',
      );
    }
    const urgent = profile.atRisk !== undefined;
    const opened = await this.deps.cases.open({
      kind: 'live_chat',
      schoolId: values.schoolId,
      channelId: context.activity.channelId,
      conversationKey,
      conversationRef: TurnContext.getConversationReference(context.activity),
      details: { privacyNoticeVersion: profile.privacy.version, privacyAgreedAt: profile.privacy.agreedAt },
      urgent,
      dueBy: this.deps.now(),
      openedBy: 'parent',
      ...requestKeyOf(context, conversationKey),
    });
    this.deps.logger.info({ caseId: opened.id, schoolId: values.schoolId, urgent }, 'live chat requested');
    // One message from the queue: a person is asked for, the reference, place and wait, how to
    // leave. The dialogs end here: the parent's next messages go to the PSW until the chat ends.
    await this.deps.liveChat.announceQueued(context, opened);
    return await step.endDialog({ end: true } satisfies TaskResult);
  }
}

function isSchool(value: unknown): value is School {
  return typeof value === 'object' && value !== null && 'hours' in value && 'termDates' in value;
}
