import { OPEN_CASE_STATUSES } from '../domain/caseLifecycle';
import type { TurnContext } from 'botbuilder';
import type { LiveChatRouter } from '../turn/LiveChatRouter';
import { bySms } from '../turn/channelStyle';
import { conversationKeyOf } from '../turn/conversationKey';
import { fill, type HandoffCopy } from '../content/handoffCopy';
import type { Content } from '../content/loadContent';
import { CaseTransitionError, type CaseService } from '../domain/CaseService';
import type { Case } from '../domain/model/case';
import type { CaseStore } from '../store/ports';
import type { FeedbackCollector } from './FeedbackCollector';
import type { HandoffState } from './handoffState';
import { isOneOf } from './parentWords';
import { estimateWait, type WaitEstimate } from './waitEstimate';

export interface CaseLiveChatRouterDeps {
  cases: CaseService;
  caseStore: CaseStore;
  state: HandoffState;
  feedback: FeedbackCollector;
  content: Pick<Content, 'schools' | 'areas' | 'handoff'>;
  minutesPerWaitingCase: number;
  now?: () => Date;
}

/**
 * The live handoff, between the safeguarding check and the dialogs. Its memory is the store:
 * the conversation's open cases and a small per-conversation state, so any instance can take
 * any turn.
 *
 * - A live chat waiting for a PSW: the parent is told their place and roughly how long; "leave"
 *   (or "stop") takes them out of the queue; everything they write is kept for the PSW.
 * - A live chat (or a referral a PSW has written to) that a PSW holds: the parent's words go to
 *   the PSW (the transcript is what the console shows, live); the bot stays quiet.
 * - After a case closes: the feedback question, if one is open.
 */
export class CaseLiveChatRouter implements LiveChatRouter {
  private readonly now: () => Date;
  private readonly copy: HandoffCopy;

  constructor(private readonly deps: CaseLiveChatRouterDeps) {
    this.now = deps.now ?? (() => new Date());
    this.copy = deps.content.handoff;
  }

  async routeIfLive(context: TurnContext): Promise<boolean> {
    if (context.activity.type !== 'message') return false;
    const conversationKey = conversationKeyOf(context);
    if (!conversationKey) return false;
    const live = await this.liveCaseOf(conversationKey);
    if (live) return await this.routeToCase(context, conversationKey, live);
    return await this.deps.feedback.continueIfAsked(context, conversationKey);
  }

  /**
   * For the dialog that has just opened a live chat case, in the same turn: one message that says
   * a person has been asked for (with the case's reference), the parent's place in the queue and
   * roughly how long (or when the PSWs are back), and how to leave. From the next message on,
   * the parent's words go to the PSW, not to the dialogs.
   */
  async announceQueued(context: TurnContext, theCase: Case): Promise<void> {
    await this.tellWaiting(context, theCase.conversationKey, theCase, [
      fill(bySms(context) ? this.copy.queuedBySms : this.copy.queued, {
        reference: theCase.reference,
      }),
    ]);
  }

  /** The conversation's open live chat, or an open referral whose PSW has written to the parent. */
  private async liveCaseOf(conversationKey: string): Promise<Case | undefined> {
    const open = await this.deps.caseStore.list({
      conversationKey,
      statuses: [...OPEN_CASE_STATUSES],
    });
    return (
      open.find((c) => c.kind === 'live_chat') ??
      open.find(
        (c) => c.status !== 'new' && c.history.some((h) => h.action === 'reply' || h.action === 'psw_joined'),
      )
    );
  }

  private async routeToCase(context: TurnContext, conversationKey: string, theCase: Case): Promise<boolean> {
    if (theCase.kind === 'live_chat' && isOneOf(context.activity.text, this.copy.leaveWords)) {
      await this.leave(context, conversationKey, theCase);
      return true;
    }
    if (theCase.status !== 'new') return true; // a PSW has it: they read it in the console
    await this.tellWaiting(context, conversationKey, theCase);
    return true;
  }

  private async leave(context: TurnContext, conversationKey: string, theCase: Case): Promise<void> {
    try {
      await this.deps.cases.transition({
        caseId: theCase.id,
        action: 'withdraw',
        actorId: 'parent',
        reason: theCase.status === 'new' ? 'parent_left_queue' : 'parent_ended_chat',
      });
    } catch (err) {
      // Closed by a PSW at the same moment: the parent has left either way.
      if (!(err instanceof CaseTransitionError)) throw err;
    }
    await this.deps.state.setWaitingNotice(conversationKey, undefined);
    await context.sendActivity(theCase.status === 'new' ? this.copy.leftQueue : this.copy.leftChat);
  }

  private async tellWaiting(
    context: TurnContext,
    conversationKey: string,
    theCase: Case,
    opening: string[] = [],
  ): Promise<void> {
    const now = this.now();
    const school = this.deps.content.schools.find((s) => s.id === theCase.schoolId);
    const estimate = await estimateWait({
      cases: this.deps.caseStore,
      theCase,
      school,
      minutesPerCase: this.deps.minutesPerWaitingCase,
      now,
    });
    const notice = await this.deps.state.waitingNotice(conversationKey);
    if (notice?.caseId === theCase.id && opening.length === 0) {
      await context.sendActivity(this.stillWaiting(estimate));
      return;
    }
    const area = this.deps.content.areas.find((a) => a.id === school?.area);
    const paragraphs = [
      ...opening,
      this.waiting(estimate, school?.name ?? 'your school'),
      ...(estimate.kind === 'out_of_hours' || estimate.kind === 'unknown'
        ? [
            this.copy.howToLeave,
            fill(this.copy.emergencyReminder, {
              frontDoorName: area?.childrensSocialCare.name ?? "your council's children's social care",
              frontDoorPhone: area?.childrensSocialCare.phone ?? '',
            }),
          ]
        : [`${this.copy.howToLeave} ${this.copy.dangerNow}`]),
    ];
    // One message: the channel shows the paragraphs together (SMS splits it only if it must).
    await context.sendActivity(paragraphs.join('\n\n'));
    await this.deps.state.setWaitingNotice(conversationKey, {
      caseId: theCase.id,
      sentAt: now.toISOString(),
    });
  }

  private waiting(estimate: WaitEstimate, school: string): string {
    switch (estimate.kind) {
      case 'in_hours':
        return fill(this.copy.waitingInHours, {
          position: estimate.position,
          minutes: estimate.minutes,
          school,
        });
      case 'near_close':
        return fill(this.copy.waitingNearClose, {
          position: estimate.position,
          until: estimate.until,
          when: estimate.when,
          school,
        });
      case 'out_of_hours':
        return fill(this.copy.waitingOutOfHours, { when: estimate.when, school });
      case 'unknown':
        return this.copy.waitingNoHours;
    }
  }

  private stillWaiting(estimate: WaitEstimate): string {
    if (estimate.kind === 'out_of_hours')
      return fill(this.copy.stillWaitingOutOfHours, { when: estimate.when });
    return fill(this.copy.stillWaiting, { position: estimate.position });
  }
}
