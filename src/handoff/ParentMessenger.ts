import type { Activity, TurnContext } from 'botbuilder';
import type { ProactiveTurns } from '../turn/proactive';
import type { HandoffCopy } from '../content/handoffCopy';
import { fill } from '../content/handoffCopy';
import type { SenderMark } from '../turn/conversationKey';
import type { Case } from '../domain/model/case';
import { mayMessageParent } from './contactPreferences';
import type { FeedbackCollector } from './FeedbackCollector';
import { SMS_CHANNEL_ID } from '../domain/smsIdentity';

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
    private readonly gateway: ProactiveTurns,
    private readonly copy: HandoffCopy,
    private readonly feedback: FeedbackCollector,
  ) {}

  /**
   * Sends a PSW's message, named as theirs: on web chat the activity comes `from` the PSW's first
   * name with `channelData.psaFrom` (the page shows the name and reads it out); by SMS the first
   * message of a case starts "Pat, Parent Support Worker: ". Throws ParentUnreachableError if it
   * cannot or must not be sent.
   */
  async sendAsPsw(
    theCase: Case,
    staff: { id: string; displayName: string },
    text: string,
    options: { first: boolean },
  ): Promise<void> {
    if (!mayMessageParent(theCase)) throw new ParentUnreachableError('not_safe_to_text');
    const name = firstNameOf(staff.displayName);
    const body =
      theCase.channelId === SMS_CHANNEL_ID && options.first
        ? `${fill(this.copy.pswSmsPrefix, { name })}${text}`
        : text;
    await this.continue(theCase, async (context) => {
      context.onSendActivities(async (_context, activities, next) => {
        for (const activity of activities) if (activity.from) activity.from = { ...activity.from, name };
        return await next();
      });
      await context.sendActivity({
        type: 'message',
        text: body,
        channelData: {
          psaSender: { kind: 'psw', staffId: staff.id },
          psaFrom: { role: 'psw', name, title: this.copy.pswTitle },
        },
      });
    });
  }

  /** "Pat has joined": a referral's parent who is still in the web chat when a PSW picks it up. */
  async tellReferralPickedUp(theCase: Case, staffName: string): Promise<void> {
    await this.continue(theCase, async (context) => {
      await context.sendActivity(system(fill(this.copy.referralJoined, { name: firstNameOf(staffName) })));
    });
  }

  /** "Pat, a Parent Support Worker, has joined the chat" (first names only, to parents). */
  async tellConnected(theCase: Case, staffName: string): Promise<void> {
    if (theCase.kind !== 'live_chat') return;
    await this.continue(theCase, async (context) => {
      await context.sendActivity(system(fill(this.copy.connected, { name: firstNameOf(staffName) })));
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
  /** What closing the case will say to the parent (decided before anything is sent). */
  closingPlan(theCase: Case): { tell: boolean; askFeedback: boolean } {
    if (!mayMessageParent(theCase)) return { tell: false, askFeedback: false };
    // The bot opened it on a risk message, not the parent: nothing to close for them unless a PSW wrote.
    if (theCase.kind === 'safeguarding' && !theCase.history.some((h) => h.action === 'reply'))
      return { tell: false, askFeedback: false };
    return { tell: true, askFeedback: !NO_FEEDBACK_OUTCOMES.has(theCase.outcome ?? '') };
  }

  async tellClosed(theCase: Case): Promise<void> {
    const { tell, askFeedback } = this.closingPlan(theCase);
    if (!tell) return;
    const closing =
      theCase.kind === 'live_chat'
        ? fill(this.copy.chatEnded, { reference: theCase.reference })
        : fill(this.copy.referralClosed, { reference: theCase.reference });
    await this.continue(theCase, async (context) => {
      await context.sendActivity(system(closing));
      if (askFeedback) await this.feedback.ask(context, theCase.conversationKey, theCase);
    });
  }

  /**
   * Runs a proactive turn. A failure inside it is caught here rather than left to the adapter's
   * turn error handler (which would log it, try to apologise to the parent, and report success).
   */
  private async continue(theCase: Case, logic: (context: TurnContext) => Promise<void>): Promise<void> {
    let failure: unknown;
    try {
      await this.gateway.continueConversation(theCase.conversationRef, async (context) => {
        try {
          await logic(context);
        } catch (err) {
          failure = err;
        }
      });
    } catch (err) {
      failure = err;
    }
    if (failure !== undefined)
      throw Object.assign(new ParentUnreachableError('channel_failed'), { cause: failure });
  }
}

function firstNameOf(displayName: string): string {
  return displayName.trim().split(/\s+/)[0] ?? displayName;
}

function marked(text: string, mark: SenderMark): Partial<Activity> {
  return { type: 'message', text, channelData: { ...mark } };
}

function system(text: string): Partial<Activity> {
  return marked(text, { psaSender: { kind: 'system' } });
}
