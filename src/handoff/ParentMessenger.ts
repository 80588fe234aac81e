import type { Activity, TurnContext } from 'botbuilder';
import type { ChannelGateway } from '../channels/ChannelGateway';
import type { HandoffCopy } from '../content/handoffCopy';
import { fill } from '../content/handoffCopy';
import type { SenderMark } from '../bot/TranscriptRecorder';
import type { Case } from '../store/ports';
import { mayMessageParent } from './contactPreferences';
import type { FeedbackCollector } from './FeedbackCollector';

export class ParentUnreachableError extends Error {
  constructor(readonly reason: 'not_safe_to_text' | 'channel_failed') {
    super(
      reason === 'not_safe_to_text'
        ? 'The parent said it is not safe to text them'
        : "The message could not be delivered on the parent's channel",
    );
    this.name = 'ParentUnreachableError';
  }
}

/** Outcomes after which the parent is not asked for feedback. */
const NO_FEEDBACK_OUTCOMES = new Set(['no_contact', 'escalated']);

/**
 * Everything the service says to a parent outside their own turn (proactive messages), on the
 * channel they used: a PSW's words, "a person has joined", "the chat has ended" and the feedback
 * question. Nothing is sent to an SMS parent who said it is not safe to text them.
 */
export class ParentMessenger {
  constructor(
    private readonly gateway: ChannelGateway,
    private readonly copy: HandoffCopy,
    private readonly feedback: FeedbackCollector,
  ) {}

  /** Sends a PSW's message; throws ParentUnreachableError if it cannot or must not be sent. */
  async sendAsPsw(theCase: Case, staffId: string, text: string): Promise<void> {
    if (!mayMessageParent(theCase)) throw new ParentUnreachableError('not_safe_to_text');
    await this.continue(theCase, async (context) => {
      await context.sendActivity(marked(text, { psaSender: { kind: 'psw', staffId } }));
    });
  }

  async tellConnected(theCase: Case, staffName: string): Promise<void> {
    if (theCase.kind !== 'live_chat') return;
    await this.continue(theCase, async (context) => {
      await context.sendActivity(system(fill(this.copy.connected, { name: staffName })));
    });
  }

  async tellBackInQueue(theCase: Case): Promise<void> {
    if (theCase.kind !== 'live_chat') return;
    await this.continue(theCase, async (context) => {
      await context.sendActivity(system(this.copy.backInQueue));
    });
  }

  /**
   * Tells the parent the chat or request is over and asks for feedback (unless the outcome makes
   * that wrong: no contact was made, or it went to the safeguarding lead). Returns whether it asked.
   */
  async tellClosed(theCase: Case): Promise<{ told: boolean; feedbackAsked: boolean }> {
    if (!mayMessageParent(theCase)) return { told: false, feedbackAsked: false };
    const askFeedback = !NO_FEEDBACK_OUTCOMES.has(theCase.outcome ?? '');
    const closing =
      theCase.kind === 'live_chat'
        ? fill(this.copy.chatEnded, { reference: theCase.reference })
        : fill(this.copy.referralClosed, { reference: theCase.reference });
    await this.continue(theCase, async (context) => {
      await context.sendActivity(system(closing));
      if (askFeedback) await this.feedback.ask(context, theCase.conversationKey, theCase);
    });
    return { told: true, feedbackAsked: askFeedback };
  }

  private async continue(theCase: Case, logic: (context: TurnContext) => Promise<void>): Promise<void> {
    try {
      await this.gateway.continueConversation(theCase.conversationRef, logic);
    } catch (err) {
      throw Object.assign(new ParentUnreachableError('channel_failed'), { cause: err });
    }
  }
}

function marked(text: string, mark: SenderMark): Partial<Activity> {
  return { type: 'message', text, channelData: { ...mark } };
}

function system(text: string): Partial<Activity> {
  return marked(text, { psaSender: { kind: 'system' } });
}
