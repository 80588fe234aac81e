import {
  type DialogTurnResult,
  type FoundChoice,
  type PromptValidatorContext,
  type WaterfallStepContext,
} from 'botbuilder-dialogs';
import { areaFor } from '../src/turn/conversationProfile';
import { fillTemplate } from '../src/content/fillTemplate';
import type { Agency, Area, BotCopy, Topic } from '../src/content/loadContent';
import type { ConversationDeps, TaskResult } from './ConversationDeps';
import { ParentChoicePrompt } from './parentChoice';
import { choiceOptions, messageText, yesNoChoices } from './prompts';
import { agencyText } from './agencyText';
import { knownSchool } from './schoolChoice';
import { underFivesHelp, UNDER_FIVES_TOPIC } from './underFives';
import { TaskDialog } from './waterfall';

export const SIGNPOSTING_DIALOG = 'signpostingDialog';
const SIGNPOSTING_WATERFALL = 'signpostingWaterfall';
/** The list of topics; it also understands a problem told in words. */
export const TOPIC_PROMPT = 'signpostingTopicPrompt';
const OFFER_PROMPT = 'signpostingOfferPrompt';

/** The referral topic used when a signposting topic is not one of them. */
const OTHER_REFERRAL_TOPIC = 'something_else';

export interface SignpostingOptions {
  topicId?: string;
  /** The parent's own words, if they described the problem: kept for a referral. */
  words?: string;
}

/**
 * "Find other help": the parent picks a topic (or names one in words) and sees the agencies for
 * it, national and their area's, then is offered a PSW referral as well.
 */
export class SignpostingDialog extends TaskDialog {
  constructor(deps: ConversationDeps) {
    super(SIGNPOSTING_DIALOG, deps);
    this.waterfall(
      SIGNPOSTING_WATERFALL,
      [
        new ParentChoicePrompt(TOPIC_PROMPT, this.understandTopic.bind(this)),
        new ParentChoicePrompt(OFFER_PROMPT),
      ],
      [this.chooseTopicStep.bind(this), this.showAgenciesStep.bind(this), this.offerReferralStep.bind(this)],
    );
  }

  private async chooseTopicStep(step: WaterfallStepContext<SignpostingOptions>): Promise<DialogTurnResult> {
    const preset = this.topics().find((t) => t.id === step.options.topicId);
    if (preset)
      return await step.next({ value: preset.label, index: this.topics().indexOf(preset), score: 1 });
    const { copy } = this.deps.content;
    return await step.prompt(
      TOPIC_PROMPT,
      choiceOptions(
        copy,
        copy.signposting.prompt,
        this.topics().map((t) => t.label),
      ),
    );
  }

  private async showAgenciesStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const topic = this.topics()[(step.result as FoundChoice).index];
    if (!topic) return await step.endDialog({} satisfies TaskResult);
    (step.values as { topicId?: string }).topicId = topic.id;
    const { copy } = this.deps.content;
    const school = await knownSchool(this.deps, step.context);
    const area = areaFor(this.deps.content, school?.id, this.deps.defaultAreaId);
    // Shortest first: the quickest to read and act on (a phone number before a long description).
    const matching = this.deps.content.agencies.filter(
      (a) => a.topics.includes(topic.id) && (a.area === undefined || a.area === area.id),
    );
    const agencies = matching.map((a) => agencyText(copy, a)).sort((a, b) => a.length - b.length);

    await this.recordShown(topic.id, school?.id, matching);
    if (topic.id === UNDER_FIVES_TOPIC) {
      // PSWs help families of school-age children: the under-5s answer, and no PSW offer.
      for (const line of await underFivesHelp(this.deps, step.context)) await step.context.sendActivity(line);
      return await step.endDialog({} satisfies TaskResult);
    }
    await step.context.sendActivity(fillTemplate(copy.signposting.intro, { topic: topic.label }));
    if (topic.showFrontDoor) await step.context.sendActivity(frontDoorText(copy, area));
    for (const agency of agencies) await step.context.sendActivity(agency);
    if (agencies.length === 0 && !topic.showFrontDoor)
      await step.context.sendActivity(copy.signposting.noAgencies);
    return await step.prompt(
      OFFER_PROMPT,
      choiceOptions(copy, copy.signposting.offerReferral, yesNoChoices(copy)),
    );
  }

  private async offerReferralStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    if ((step.result as FoundChoice).index !== 0) return await step.endDialog({} satisfies TaskResult);
    const topicId = (step.values as { topicId?: string }).topicId;
    const referralTopic = this.deps.content.topics.find((t) => t.id === topicId && t.referral);
    const { words } = step.options as SignpostingOptions;
    return await step.endDialog({
      next: {
        task: 'referral',
        topicId: referralTopic?.id ?? OTHER_REFERRAL_TOPIC,
        ...(words ? { words } : {}),
      },
    } satisfies TaskResult);
  }

  /** Counts for the reports; a failure to count never stands between a parent and the help. */
  private async recordShown(
    topicId: string,
    schoolId: string | undefined,
    agencies: Agency[],
  ): Promise<void> {
    try {
      await this.deps.signposting.record({
        at: this.deps.now(),
        ...(schoolId ? { schoolId } : {}),
        topicId,
        agencyIds: agencies.map((a) => a.id),
      });
    } catch (err) {
      this.deps.logger.error({ err, topicId }, 'could not count the signposting shown for the reports');
    }
  }

  private topics(): Topic[] {
    return this.deps.content.topics.filter((t) => t.signposting);
  }

  /** At the topic list, a problem described in words ("we are in debt") counts as choosing its topic. */
  private async understandTopic(prompt: PromptValidatorContext<FoundChoice>): Promise<boolean> {
    if (prompt.recognized.succeeded) return true;
    const understood = await this.deps.understander.understand(messageText(prompt.context));
    if (understood.kind !== 'signpost') return false;
    const index = this.topics().findIndex((t) => t.id === understood.topicId);
    if (index < 0) return false;
    prompt.recognized.value = { value: this.topics()[index]?.label ?? '', index, score: 1 };
    return true;
  }
}

function frontDoorText(copy: BotCopy, area: Area): string {
  const frontDoor = area.childrensSocialCare;
  return fillTemplate(copy.signposting.frontDoor, {
    name: frontDoor.name,
    phone: frontDoor.phone,
    hours: frontDoor.hours,
    outOfHours: frontDoor.outOfHours,
  }).trim();
}
