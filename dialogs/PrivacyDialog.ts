import {
  ListStyle,
  type DialogTurnResult,
  type FoundChoice,
  type WaterfallStepContext,
} from 'botbuilder-dialogs';
import { conversationKeyOf } from '../src/turn/conversationKey';
import { fillTemplate } from '../src/content/fillTemplate';
import { areaOfSchool, noticeLines, noticeValues, privacyNoticeUrl } from '../src/privacy/privacySettings';
import type { ConversationDeps } from './ConversationDeps';
import { privacyChoices } from './choiceLists';
import { ParentChoicePrompt } from './parentChoice';
import { bySms, choiceOptions } from './prompts';
import { TaskDialog } from './waterfall';

export const PRIVACY_DIALOG = 'privacyDialog';
const PRIVACY_WATERFALL = 'privacyWaterfall';
const AGREE_PROMPT = 'privacyAgreePrompt';

const AGREE = 0;
const READ_MORE = 2;

/**
 * Shows the privacy notice and asks the parent to agree, before any personal data is asked for.
 * Agreement (notice version and time) is kept in the conversation profile; a parent who agreed
 * to the current version in this conversation is not asked again. Ends with true if agreed.
 */
export class PrivacyDialog extends TaskDialog {
  constructor(deps: ConversationDeps) {
    super(PRIVACY_DIALOG, deps);
    this.waterfall(
      PRIVACY_WATERFALL,
      [new ParentChoicePrompt(AGREE_PROMPT)],
      [this.showNoticeStep.bind(this), this.recordAnswerStep.bind(this)],
    );
  }

  private async showNoticeStep(step: WaterfallStepContext<{ full?: boolean }>): Promise<DialogTurnResult> {
    const { privacy } = this.deps.content;
    const profile = await this.deps.profiles.get(step.context, {});
    if (profile.privacy?.version === privacy.version) return await step.endDialog(true);
    const area = areaOfSchool(this.deps.content, profile.schoolId);
    // By SMS with a public address: the short first layer, with a link to the full notice (one text).
    if (!step.options.full && bySms(step.context) && this.deps.publicUrl) {
      return await this.shortNoticeStep(step, area, profile.schoolId, this.deps.publicUrl);
    }
    const lines = noticeLines(this.deps.content, step.options.full ? privacy.full : privacy.summary, area);
    for (const line of lines) await step.context.sendActivity(line);
    const choices = privacyChoices(this.deps.content, step.options.full === true);
    return await step.prompt(
      AGREE_PROMPT,
      choiceOptions(this.deps.content.copy, privacy.agreePrompt, choices),
    );
  }

  /**
   * The layered notice's first layer by SMS: who holds the data, what for, who sees it and the
   * link to the full notice; the question says they can say no, and that MORE sends it all by text.
   */
  private async shortNoticeStep(
    step: WaterfallStepContext,
    area: string | undefined,
    schoolId: string | undefined,
    publicUrl: string,
  ): Promise<DialogTurnResult> {
    const { privacy } = this.deps.content;
    const noticeUrl = privacyNoticeUrl(this.deps.content, publicUrl, schoolId);
    await step.context.sendActivity(
      fillTemplate(privacy.layered.sms, { ...noticeValues(this.deps.content, area), noticeUrl }),
    );
    const { smsAgreePrompt, smsAgreeRetry } = privacy.layered;
    return await step.prompt(AGREE_PROMPT, {
      ...choiceOptions(this.deps.content.copy, smsAgreePrompt, privacyChoices(this.deps.content, false)),
      retryPrompt: smsAgreeRetry,
      style: ListStyle.none,
    });
  }

  private async recordAnswerStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const choice = step.result as FoundChoice;
    const { privacy } = this.deps.content;
    if (choice.index === READ_MORE) return await step.replaceDialog(PRIVACY_WATERFALL, { full: true });
    if (choice.index !== AGREE) {
      await step.context.sendActivity(privacy.declined);
      return await step.endDialog(false);
    }
    const profile = await this.deps.profiles.get(step.context, {});
    const at = this.deps.now();
    profile.privacy = { version: privacy.version, agreedAt: at.toISOString() };
    // The register of consents (version, time, channel) a manager can see; no personal data.
    const conversationKey = conversationKeyOf(step.context);
    if (conversationKey) {
      await this.deps.privacy.consents.record({
        conversationKey,
        channelId: step.context.activity.channelId,
        ...(profile.schoolId ? { schoolId: profile.schoolId } : {}),
        version: privacy.version,
        at,
      });
    }
    return await step.endDialog(true);
  }
}
