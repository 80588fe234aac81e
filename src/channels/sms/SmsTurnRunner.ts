import type { Activity, ConversationState, StatePropertyAccessor, TurnContext } from 'botbuilder';
import type { SmsCopy } from '../../content/smsCopy';
import { smsIdentity } from '../../domain/smsIdentity';
import type { BackgroundWork } from '../../http/BackgroundWork';
import type { Logger } from '../../observability/logger';
import type { Sealer } from '../../security/sealer';
import type {
  InboundSms,
  InboxMessage,
  SmsConversation,
  SmsStores,
  SmsTransportKind,
} from '../../store/smsPorts';
import { NO_REPLY } from '../../turn/noReply';
import { SENDER_PHONE } from '../../turn/senderPhone';
import type { ConversationLeases } from './ConversationLeases';
import type { SmsDispatcher } from './SmsDispatcher';
import { composeMessages } from './composeMessages';
import { keywordFromOptOutType, keywordOf, matchChoice } from './interpretReply';
import { fixedReplyFor, type FixedReply } from './keywordPolicy';
import {
  choiceHints,
  endOfConversationActivity,
  inboundActivity,
  type MatchedChoice,
  type TurnBuffer,
} from './smsActivities';
import { TurnLimiter } from './TurnLimiter';

/** After this many tries at one text's turn (each cut short by a crash), it is given up. */
export const MAX_TURN_ATTEMPTS = 5;
/** The longest wait between two tries at sending a turn's replies while the provider is down. */
export const MAX_RETRY_DELAY_MS = 15 * 60_000;
/** Conversations whose turns run at the same time in one process (more wait; see TurnLimiter). */
const MAX_CONCURRENT_TURNS = 8;

/** A text as it arrives, from Twilio's webhook or the simulator. */
export interface ReceivedText extends Omit<InboundSms, 'transport' | 'schoolId'> {
  messageSid: string;
}

export interface SmsAdapterDeps {
  stores: SmsStores;
  sealer: Sealer;
  copy: SmsCopy;
  /** Our numbers that belong to a school (from content/schools.json). */
  schoolByNumber: ReadonlyMap<string, string>;
  dispatcher: SmsDispatcher;
  leases: ConversationLeases;
  conversationState: ConversationState;
  /** Runs the bot for a parent's text (the same bot every channel runs). */
  runTurn: (context: TurnContext) => Promise<void>;
  work: BackgroundWork;
  logger: Logger;
  retry: {
    /** How long after the parent's text its replies are still sent; older ones are dropped. */
    horizonMs: number;
    /** The first wait before sending again while the provider is down; it doubles each time. */
    firstDelayMs: number;
  };
  /** Called when a text's replies were dropped (the provider was down past the horizon). */
  onRepliesDropped?: (conversationId: string) => Promise<void>;
  now?: () => Date;
}

/** What the runner needs of the adapter: turn contexts on it, and its middleware (transcript). */
export interface SmsTurnHost {
  /** A turn context on the SMS adapter whose replies go to `buffer`. */
  contextFor(activity: Partial<Activity>, buffer: TurnBuffer): TurnContext;
  /** Runs `logic` through the adapter's middleware. */
  runThroughMiddleware(context: TurnContext, logic: (context: TurnContext) => Promise<void>): Promise<void>;
}

/**
 * Runs the turns of received texts: a text is stored first (idempotent on its MessageSid), then
 * its turn runs (one conversation's turns one at a time, in arrival order, across instances by a
 * lease), through the keyword policy or the bot, and its replies are sent together; texts whose
 * turn did not finish are run again, and replies the provider could not take in time are dropped.
 */
export class SmsTurnRunner {
  /** In conversation state: the last text the bot took, saved with the dialog state it changed. */
  private readonly lastTakenText: StatePropertyAccessor<string | undefined>;
  private readonly turns = new TurnLimiter(MAX_CONCURRENT_TURNS);

  constructor(
    private readonly deps: SmsAdapterDeps,
    private readonly host: SmsTurnHost,
    private readonly now: () => Date,
  ) {
    this.lastTakenText = deps.conversationState.createProperty<string | undefined>('smsLastMessageSid');
  }

  /**
   * Stores a received text and starts its conversation's turns in the background. Resolves once
   * the text is stored durably; false if the same MessageSid had been stored already.
   */
  async receive(text: ReceivedText, transport: SmsTransportKind, schoolId?: string): Promise<boolean> {
    const identity = smsIdentity(this.deps.sealer, transport, text.from, text.to);
    const school = schoolId ?? this.deps.schoolByNumber.get(text.to);
    const { messageSid, ...message } = text;
    // The one write before the acknowledgement; the conversation record is kept up to date by the turn.
    const stored = await this.deps.stores.inbox.add({
      messageSid,
      conversationId: identity.conversationId,
      receivedAt: this.now(),
      message: { ...message, transport, ...(school ? { schoolId: school } : {}) },
    });
    this.deps.logger.info({ messageSid, transport, duplicate: !stored }, 'text received');
    // Also for a duplicate: if the first delivery's turn never ran, this runs it (once).
    this.runPendingInBackground(identity.conversationId);
    return stored;
  }

  runPendingInBackground(conversationId: string): void {
    void this.deps.work.run(
      () => this.turns.run(() => this.runPending(conversationId)),
      (err) => this.deps.logger.error({ err }, 'SMS turn failed; it will be retried'),
    );
  }

  /**
   * Runs the conversation's pending texts in order, unless another instance holds the
   * conversation (it looks for new texts again after letting go, so none is left behind).
   */
  async runPending(conversationId: string): Promise<void> {
    const { inbox } = this.deps.stores;
    for (let round = 0; round < 10; round++) {
      const result = await this.deps.leases.hold(conversationId, 0, () => this.runHeld(conversationId));
      if (!result.ran || result.value === 'stalled') return;
      if (!(await inbox.nextPending(conversationId))) return;
    }
  }

  /**
   * Looks for texts whose turn did not finish (a crash, a restart, Twilio down) and runs them;
   * with `dueOnly`, not those waiting for a later retry (at start, every one is tried at once).
   */
  async sweep(limit = 100, dueOnly = true): Promise<number> {
    const { inbox } = this.deps.stores;
    const conversationIds = await inbox.conversationsWithPending(limit, dueOnly ? this.now() : undefined);
    for (const conversationId of conversationIds) {
      try {
        await this.runPending(conversationId);
      } catch (err) {
        this.deps.logger.error({ err }, 'SMS turn failed during the sweep; it will be retried');
      }
    }
    return conversationIds.length;
  }

  private async runHeld(conversationId: string): Promise<'idle' | 'stalled'> {
    const { inbox } = this.deps.stores;
    for (;;) {
      const message = await inbox.nextPending(conversationId);
      if (!message) return 'idle';
      // Read again for every text: the previous turn may have offered new choices.
      const conversation = await this.conversationOf(message);
      if ((await this.runText(conversation, message)) === 'stalled') return 'stalled';
    }
  }

  /** Creates or refreshes the conversation a text belongs to (sealed number, school, last text). */
  private async conversationOf(message: InboxMessage): Promise<SmsConversation> {
    const { from, to, transport, schoolId } = message.message;
    const identity = smsIdentity(this.deps.sealer, transport, from, to);
    return await this.deps.stores.conversations.upsert({
      id: identity.conversationId,
      userId: identity.userId,
      phoneHash: identity.phoneHash,
      phone: from,
      serviceNumber: to,
      transport,
      at: message.receivedAt,
      ...(schoolId ? { schoolId } : {}),
    });
  }

  private async runText(conversation: SmsConversation, message: InboxMessage): Promise<'done' | 'stalled'> {
    const { inbox, conversations } = this.deps.stores;
    const { copy, logger } = this.deps;
    const sid = message.messageSid;
    // Counts tries at the turn itself; waiting for the provider to come back is not a failed try.
    if (!message.taken) {
      const attempts = await inbox.recordAttempt(sid);
      if (attempts > MAX_TURN_ATTEMPTS) {
        logger.error({ messageSid: sid, attempts }, 'gave up on a text after repeated failures');
        await inbox.markDone(sid, 'abandoned', this.now());
        return 'done';
      }
    }

    const body = message.message.body.trim();
    const keyword = keywordFromOptOutType(message.message.optOutType) ?? keywordOf(body, copy.keywords);
    let choice: MatchedChoice = undefined;
    let taken = message.taken;
    if (!taken) {
      const fixedReply = await fixedReplyFor(
        { optOuts: this.deps.stores.optOuts, copy, now: this.now },
        keyword,
        conversation,
        message,
      );
      if (fixedReply === null) {
        await inbox.markDone(sid, 'ignored', this.now());
        return 'done';
      }
      if (fixedReply === 'readForRiskOnly') {
        // Opted out: no text may go back (Twilio refuses it), but a disclosure must still reach a person.
        await this.runTurnFor(conversation, message, undefined, undefined, { noReply: true });
        await inbox.markDone(sid, 'ignored', this.now());
        logger.info({ messageSid: sid }, 'text from an opted-out number read for risk only; no reply');
        return 'done';
      }
      choice = fixedReply ? undefined : matchChoice(body, conversation.lastChoices);
      await this.runTurnFor(conversation, message, choice, fixedReply);
      taken = { by: fixedReply ? 'channel' : 'bot', evenIfOptedOut: fixedReply?.evenIfOptedOut ?? false };
      await inbox.markTaken(sid, taken);
    }

    if (this.now().getTime() - message.receivedAt.getTime() > this.deps.retry.horizonMs) {
      await this.dropReplies(message);
      return 'done';
    }
    const parts = (await inbox.get(sid))?.replyParts ?? [];
    const composed = composeMessages(parts, choiceHints(copy));
    // The channel's own answers (START, a picture) leave the choices on offer, so "2" still
    // answers the question before; STOP ended the conversation, so its choices go too.
    if (taken.by === 'bot' || keyword === 'optOut') {
      await conversations.setLastChoices(conversation.id, composed.choices);
    }
    const outcome = await this.deps.dispatcher.send({
      turnKey: sid,
      phone: conversation.phone,
      phoneHash: conversation.phoneHash,
      from: conversation.serviceNumber,
      transport: conversation.transport,
      purpose: 'reply',
      conversationId: conversation.id,
      bodies: composed.bodies,
      evenIfOptedOut: taken.evenIfOptedOut,
    });
    if (outcome === 'retry_later') {
      const tries = (message.sendTries ?? 0) + 1;
      const delay = Math.min(MAX_RETRY_DELAY_MS, this.deps.retry.firstDelayMs * 2 ** (tries - 1));
      await inbox.deferRetry(sid, new Date(this.now().getTime() + delay));
      logger.warn({ messageSid: sid, tries, retryInMs: delay }, 'replies not sent yet; will try again');
      return 'stalled';
    }
    await inbox.markDone(
      sid,
      taken.by === 'channel' ? 'keyword' : outcome === 'failed' ? 'failed' : 'replied',
      this.now(),
    );
    logger.info(
      { messageSid: sid, keyword, choice: choice ? choice.index + 1 : undefined, outcome },
      'SMS turn done',
    );
    return 'done';
  }

  /**
   * The provider could not take the replies to a text within the retry horizon: they are dropped
   * (an answer a day late would confuse more than help), logged, and noted on the parent's case.
   */
  private async dropReplies(message: InboxMessage): Promise<void> {
    const hours = (this.now().getTime() - message.receivedAt.getTime()) / 3_600_000;
    this.deps.logger.error(
      {
        messageSid: message.messageSid,
        ageHours: Math.round(hours * 10) / 10,
        tries: message.sendTries ?? 0,
      },
      'replies to a text dropped: they could not be sent within SMS_RETRY_HORIZON_SECONDS',
    );
    await this.deps.stores.inbox.markDone(message.messageSid, 'expired', this.now());
    try {
      await this.deps.onRepliesDropped?.(message.conversationId);
    } catch (err) {
      this.deps.logger.error(
        { err, messageSid: message.messageSid },
        'could not note dropped replies on a case',
      );
    }
  }

  /**
   * Runs the text's turn through the middleware (transcript): to the bot, or with the channel's own
   * answer. The replies are kept with the text in the inbox, durably, as they are sent.
   */
  private async runTurnFor(
    conversation: SmsConversation,
    message: InboxMessage,
    choice: MatchedChoice,
    fixedReply: FixedReply | undefined,
    options: { noReply?: boolean } = {},
  ): Promise<void> {
    const { inbox } = this.deps.stores;
    const sid = message.messageSid;
    const context = this.host.contextFor(inboundActivity(conversation, message, choice), {
      turnKey: sid,
      inboundSid: sid,
      parts: [],
      sent: 0,
    });
    if (options.noReply) context.turnState.set(NO_REPLY, true);
    await this.host.runThroughMiddleware(context, async (turnContext) => {
      if (fixedReply !== undefined) {
        await inbox.clearReplyParts(sid);
        await turnContext.sendActivity(fixedReply.text);
        if (fixedReply.endsConversation) await this.endConversation(conversation, message);
        return;
      }
      // For the dialogs only (e.g. "use the number you are texting from?"); never in the activity.
      turnContext.turnState.set(SENDER_PHONE, conversation.phone);
      // After a crash between the bot saving its state and the turn being marked as taken: the
      // bot already took this text, so it must not take it again; its replies are kept.
      if ((await this.lastTakenText.get(turnContext)) === sid) return;
      await inbox.clearReplyParts(sid);
      await this.lastTakenText.set(turnContext, sid);
      await this.deps.runTurn(turnContext);
    });
  }

  /**
   * Tells the bot the parent ended the conversation (they texted STOP), so that it forgets a
   * referral in progress and ends its dialogs, as "stop" does. It sends nothing (nothing may be
   * sent after the opt-out confirmation); a failure is logged and does not undo the opt-out.
   */
  private async endConversation(conversation: SmsConversation, message: InboxMessage): Promise<void> {
    const context = this.host.contextFor(endOfConversationActivity(conversation, message), {
      turnKey: `${message.messageSid}.end`,
      parts: [],
      sent: 0,
    });
    try {
      await this.deps.runTurn(context);
    } catch (err) {
      this.deps.logger.error(
        { err, messageSid: message.messageSid },
        'could not end the conversation after an opt-out',
      );
    }
  }
}
