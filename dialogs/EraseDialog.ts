import {
  ChoicePrompt,
  ListStyle,
  type DialogTurnResult,
  type FoundChoice,
  type WaterfallStepContext,
} from 'botbuilder-dialogs';
import { CONVERSATION_ERASED, conversationKeyOf } from '../src/turn/conversationKey';
import type { ConversationDeps, TaskResult } from './ConversationDeps';
import { bySms, choiceOptions } from './prompts';
import { TaskDialog } from './waterfall';

export const ERASE_DIALOG = 'eraseDialog';
const ERASE_WATERFALL = 'eraseWaterfall';
const CONFIRM_PROMPT = 'eraseConfirmPrompt';

const CONFIRM = 0;

/**
 * A parent's "delete my data" / "forget me": says what will and will not be deleted (a record a
 * PSW must keep for child protection stays), asks to confirm, then erases the conversation's
 * state, transcript, drafts and contact details; the channel forgets the conversation.
 */
export class EraseDialog extends TaskDialog {
  constructor(deps: ConversationDeps) {
    super(ERASE_DIALOG, deps);
    const prompt = new ChoicePrompt(CONFIRM_PROMPT);
    prompt.style = ListStyle.suggestedAction;
    this.waterfall(ERASE_WATERFALL, [prompt], [this.explainStep.bind(this), this.eraseStep.bind(this)]);
  }

  private async explainStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const { erasure } = this.deps.content.privacy;
    const lines = bySms(step.context) ? [erasure.explainSms] : erasure.explain;
    for (const line of lines) await step.context.sendActivity(line);
    return await step.prompt(
      CONFIRM_PROMPT,
      choiceOptions(this.deps.content.copy, erasure.confirmPrompt, [erasure.confirm, erasure.cancel]),
    );
  }

  private async eraseStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const { context } = step;
    const { erasure } = this.deps.content.privacy;
    const choice = step.result as FoundChoice;
    const conversationKey = conversationKeyOf(context);
    const { channelId, conversation, from } = context.activity;
    if (choice.index !== CONFIRM || !conversationKey || !conversation?.id) {
      await context.sendActivity(erasure.cancelled);
      return await step.endDialog({} satisfies TaskResult);
    }
    const profile = await this.deps.profiles.get(context, {});
    const result = await this.deps.privacy.erasure.eraseForParent({
      channelId,
      conversationId: conversation.id,
      ...(from?.id ? { userId: from.id } : {}),
      conversationKey,
      ...(profile.schoolId ? { schoolId: profile.schoolId } : {}),
    });
    // Forget the conversation's state (dialogs, drafts, profile) as this turn ends.
    await this.deps.conversationState.delete(context);
    context.turnState.set(CONVERSATION_ERASED, true);
    this.deps.logger.info(
      { erasedCases: result.erasedCases, keptCases: result.keptCases },
      "conversation erased at the parent's request",
    );
    await context.sendActivity(result.keptCases > 0 ? erasure.doneKept : erasure.done);
    return await step.endDialog({ end: true } satisfies TaskResult);
  }
}
