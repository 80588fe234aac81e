import { MessageFactory, type CardAction, type TurnContext } from 'botbuilder';
import type { HandoffCopy } from '../content/handoffCopy';
import { CaseTransitionError, type CaseService } from '../domain/CaseService';
import type { Case, FeedbackStore } from '../store/ports';
import type { HandoffState } from './handoffState';
import { isOneOf, parseRatingWithComment } from './parentWords';

/** A feedback question older than this is forgotten: the parent has moved on. */
const ASK_EXPIRES_MS = 7 * 24 * 60 * 60 * 1000;

/**
 * After a case closes the parent is asked for a rating (1 to 5), then for an optional comment.
 * The question in progress is kept per conversation in the store; the answers go to the
 * FeedbackStore with the case id, and the rating is noted in the case's history.
 */
export class FeedbackCollector {
  constructor(
    private readonly state: HandoffState,
    private readonly feedback: FeedbackStore,
    private readonly cases: CaseService,
    private readonly copy: HandoffCopy,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Asks for a rating in the current (usually proactive) turn and remembers that it asked. */
  async ask(context: TurnContext, conversationKey: string, theCase: Case): Promise<void> {
    await this.state.setFeedbackAsk(conversationKey, {
      caseId: theCase.id,
      schoolId: theCase.schoolId,
      channelId: theCase.channelId,
      step: 'rating',
      askedAt: this.now().toISOString(),
    });
    await context.sendActivity(this.ratingQuestion(theCase.channelId));
    await this.cases.record({ caseId: theCase.id, event: 'feedback_requested', actorId: 'bot' });
  }

  /**
   * Takes the parent's message as an answer if a feedback question is open. Anything that is not
   * an answer closes the question and returns false, so the parent is never stuck in it.
   */
  async continueIfAsked(context: TurnContext, conversationKey: string): Promise<boolean> {
    const ask = await this.state.feedbackAsk(conversationKey);
    if (!ask) return false;
    if (this.now().getTime() - Date.parse(ask.askedAt) > ASK_EXPIRES_MS) {
      await this.state.setFeedbackAsk(conversationKey, undefined);
      return false;
    }
    const text = context.activity.text;
    if (ask.step === 'rating') {
      // "5", "five", "5 - she was lovely": the rating, and a comment given with it.
      const given = parseRatingWithComment(text);
      const rating = given?.rating;
      if (rating === undefined) {
        await this.state.setFeedbackAsk(conversationKey, undefined);
        if (!isOneOf(text, this.copy.skipWords)) return false;
        await context.sendActivity(this.copy.feedbackSkipped);
        return true;
      }
      const stored = await this.feedback.add({
        at: this.now(),
        schoolId: ask.schoolId,
        channelId: ask.channelId,
        caseId: ask.caseId,
        rating,
      });
      await this.note(ask.caseId, `rating:${rating}`);
      if (given?.comment) {
        await this.feedback.addComment(stored.id, given.comment);
        await this.note(ask.caseId, 'comment');
        await this.state.setFeedbackAsk(conversationKey, undefined);
        await context.sendActivity(this.copy.thanks);
        return true;
      }
      await this.state.setFeedbackAsk(conversationKey, { ...ask, step: 'comment', feedbackId: stored.id });
      await context.sendActivity(this.copy.askComment);
      return true;
    }
    await this.state.setFeedbackAsk(conversationKey, undefined);
    if (!isOneOf(text, this.copy.skipWords) && ask.feedbackId && text?.trim()) {
      await this.feedback.addComment(ask.feedbackId, text.trim());
      // Noted on the case too, so an open case page shows the comment at once.
      await this.note(ask.caseId, 'comment');
    }
    await context.sendActivity(this.copy.thanks);
    return true;
  }

  /**
   * The rating question for the channel: buttons 1 to 5 and Skip where there are buttons (web
   * chat); by SMS, words that say what to text back.
   */
  private ratingQuestion(channelId: string) {
    if (channelId === 'sms') return MessageFactory.text(this.copy.askRatingBySms);
    const actions: CardAction[] = [
      ...['1', '2', '3', '4', '5'].map((n) => ({ type: 'imBack', title: n, value: n })),
      { type: 'imBack', title: this.copy.skipButton, value: this.copy.skipButton },
    ];
    return MessageFactory.suggestedActions(actions, this.copy.askRating);
  }

  /** Notes the feedback in the case's history ("rating:4", "comment"; never the comment itself). */
  private async note(caseId: string, reason: string): Promise<void> {
    try {
      await this.cases.record({ caseId, event: 'feedback_received', actorId: 'parent', reason });
    } catch (err) {
      // The case may have been erased since it closed; the feedback itself still counts.
      if (!(err instanceof CaseTransitionError && err.code === 'not_found')) throw err;
    }
  }
}
