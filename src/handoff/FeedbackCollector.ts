import { MessageFactory, type TurnContext } from 'botbuilder';
import type { HandoffCopy } from '../content/handoffCopy';
import { CaseTransitionError, type CaseService } from '../domain/CaseService';
import type { Case, CaseWellbeing } from '../domain/model/case';
import { SMS_CHANNEL_ID } from '../domain/smsIdentity';
import type { FeedbackStore } from '../store/ports';
import type { FeedbackAsk, HandoffState } from './handoffState';
import { isOneOf, parseRatingWithComment } from './parentWords';
import { scoreButtons } from './scoreButtons';
import { parseWellbeingScore } from './wellbeingScore';

/** A feedback question older than this is forgotten: the parent has moved on. */
const ASK_EXPIRES_MS = 7 * 24 * 60 * 60 * 1000;

/**
 * After a case closes the parent is asked for a rating (1 to 5), then for an optional comment,
 * then "On a scale of 0 to 10, how are things at home at the moment?" (kept on the case as
 * `wellbeing.end`, beside the `start` given at referral).
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
      ...(theCase.wellbeing?.start !== undefined ? { wellbeingStart: theCase.wellbeing.start } : {}),
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
        if (!isOneOf(text, this.copy.skipWords)) {
          await this.state.setFeedbackAsk(conversationKey, undefined);
          return false;
        }
        return await this.askWellbeing(context, conversationKey, ask, false);
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
        return await this.askWellbeing(context, conversationKey, ask, true);
      }
      await this.state.setFeedbackAsk(conversationKey, {
        ...ask,
        step: 'comment',
        feedbackId: stored.id,
        gaveFeedback: true,
      });
      await context.sendActivity(this.copy.askComment);
      return true;
    }
    if (ask.step === 'wellbeing') return await this.recordWellbeing(context, conversationKey, ask, text);
    if (!isOneOf(text, this.copy.skipWords) && ask.feedbackId && text?.trim()) {
      await this.feedback.addComment(ask.feedbackId, text.trim());
      // Noted on the case too, so an open case page shows the comment at once.
      await this.note(ask.caseId, 'comment');
    }
    return await this.askWellbeing(context, conversationKey, ask, true);
  }

  /** "On a scale of 0 to 10, how are things at home at the moment?", after the rating and its comment. */
  private async askWellbeing(
    context: TurnContext,
    conversationKey: string,
    ask: FeedbackAsk,
    gaveFeedback: boolean,
  ): Promise<boolean> {
    await this.state.setFeedbackAsk(conversationKey, {
      ...ask,
      step: 'wellbeing',
      gaveFeedback: gaveFeedback || ask.gaveFeedback === true,
    });
    await context.sendActivity(this.wellbeingQuestion(ask.channelId, false));
    return true;
  }

  /**
   * A score is kept with the case (`wellbeing.end`, beside the start); "skip" or "rather not say"
   * skips; anything else is asked once more, then let go (the message is then the bot's to answer).
   */
  private async recordWellbeing(
    context: TurnContext,
    conversationKey: string,
    ask: FeedbackAsk,
    text: string | undefined,
  ): Promise<boolean> {
    const score = parseWellbeingScore(text);
    const skipped = isOneOf(text, [...this.copy.skipWords, ...this.copy.wellbeingSkipWords]);
    if (score === undefined && !skipped) {
      if (ask.wellbeingReasked) {
        await this.state.setFeedbackAsk(conversationKey, undefined);
        return false;
      }
      await this.state.setFeedbackAsk(conversationKey, { ...ask, wellbeingReasked: true });
      await context.sendActivity(this.wellbeingQuestion(ask.channelId, true));
      return true;
    }
    await this.state.setFeedbackAsk(conversationKey, undefined);
    if (score !== undefined) {
      const wellbeing = {
        ...(ask.wellbeingStart !== undefined ? { start: ask.wellbeingStart } : {}),
        end: score,
      };
      await this.note(ask.caseId, 'wellbeing', wellbeing);
    }
    const gave = ask.gaveFeedback === true || score !== undefined;
    await context.sendActivity(gave ? this.copy.thanks : this.copy.feedbackSkipped);
    return true;
  }

  /**
   * The rating question for the channel: buttons 1 to 5 and Skip where there are buttons (web
   * chat); by SMS, words that say what to text back.
   */
  private ratingQuestion(channelId: string) {
    if (channelId === SMS_CHANNEL_ID) return MessageFactory.text(this.copy.askRatingBySms);
    return MessageFactory.suggestedActions(scoreButtons(1, 5, this.copy.skipButton), this.copy.askRating);
  }

  /** The scaling question for the channel: buttons 0 to 10 and Skip in web chat; by SMS, words. */
  private wellbeingQuestion(channelId: string, retry: boolean) {
    const { copy } = this;
    if (channelId === SMS_CHANNEL_ID)
      return MessageFactory.text(retry ? copy.wellbeingRetryBySms : copy.askWellbeingBySms);
    return MessageFactory.suggestedActions(
      scoreButtons(0, 10, copy.skipButton),
      retry ? copy.wellbeingRetry : copy.askWellbeing,
    );
  }

  /**
   * Notes the feedback in the case's history ("rating:4", "comment", "wellbeing"; never the comment
   * itself), with the wellbeing scores set on the case in the same update.
   */
  private async note(caseId: string, reason: string, wellbeing?: CaseWellbeing): Promise<void> {
    try {
      await this.cases.record({
        caseId,
        event: 'feedback_received',
        actorId: 'parent',
        reason,
        ...(wellbeing ? { set: { wellbeing } } : {}),
      });
    } catch (err) {
      // The case may have been erased since it closed; the feedback itself still counts.
      if (!(err instanceof CaseTransitionError && err.code === 'not_found')) throw err;
    }
  }
}
