import { randomUUID } from 'node:crypto';
import {
  ActivityTypes,
  BotAdapter,
  EndOfConversationCodes,
  TurnContext,
  type Activity,
  type ConversationReference,
  type ConversationState,
  type ResourceResponse,
  type StatePropertyAccessor,
} from 'botbuilder';
import { NO_REPLY } from '../../turn/noReply';
import { SENDER_PHONE } from '../../turn/senderPhone';
import type { SmsCopy } from '../../content/smsCopy';
import type { BackgroundWork } from '../../http/BackgroundWork';
import type { Logger } from '../../observability/logger';
import type { Sealer } from '../../security/sealer';
import type {
  InboundSms,
  InboxMessage,
  SmsConversation,
  SmsReplyPart,
  SmsStores,
  SmsTransportKind,
} from '../../store/smsPorts';
import type { ConversationChannel } from '../ChannelGateway';
import { composeMessages, type ChoiceHints } from './composeMessages';
import type { ConversationLeases } from './ConversationLeases';
import { keywordFromOptOutType, keywordOf, matchChoice, type SmsKeyword } from './interpretReply';
import { renderActivity } from './renderActivity';
import type { SmsDispatcher } from './SmsDispatcher';
import { SmsNotSentError, SmsOptedOutError } from './smsErrors';
import { SMS_CHANNEL_ID, smsIdentity } from '../../domain/smsIdentity';
import { TurnLimiter } from './TurnLimiter';

/** A stable service URL for SMS conversation references (nothing is ever posted to it). */
export const SMS_SERVICE_URL = 'urn:parent-support-assistant:sms';
/** After this many tries at one text's turn (each cut short by a crash), it is given up. */
export const MAX_TURN_ATTEMPTS = 5;
/** The longest wait between two tries at sending a turn's replies while the provider is down. */
export const MAX_RETRY_DELAY_MS = 15 * 60_000;
/** Conversations whose turns run at the same time in one process (more wait; see TurnLimiter). */
const MAX_CONCURRENT_TURNS = 8;
/** How long a proactive message waits for a parent's turn in progress to finish. */
const PROACTIVE_WAIT_MS = 30_000;
const TURN = Symbol('smsTurn');

/** A text as it arrives, from Twilio's webhook or the simulator. */
export interface ReceivedText extends Omit<InboundSms, 'transport' | 'schoolId'> {
  messageSid: string;
}

/** The channel's own answer to a text, which does not go to the bot. */
interface FixedReply {
  text: string;
  /** The answer to STOP goes even to a number that opted out. */
  evenIfOptedOut: boolean;
  /** The parent opted out: the bot ends the conversation (forgets a referral in progress). */
  endsConversation?: boolean;
}

/** Where a turn's replies go while it runs. */
interface TurnBuffer {
  turnKey: string;
  /** Set for a parent's text: replies are kept in the inbox, durably, until they are sent. */
  inboundSid?: string;
  parts: SmsReplyPart[];
  sent: number;
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

/**
 * The SMS channel as a botbuilder adapter. A received text is stored first (idempotent on its
 * MessageSid), then its turn runs: one conversation's turns one at a time, in arrival order.
 * Replies are collected during the turn, then rendered for SMS (GSM-7, numbered choices, at most
 * two segments a text) and sent together. Proactive messages (a PSW's reply, a feedback request)
 * go out through `continueConversation`.
 */
export class SmsAdapter extends BotAdapter implements ConversationChannel {
  readonly channelIds = [SMS_CHANNEL_ID];
  /** In conversation state: the last text the bot took, saved with the dialog state it changed. */
  private readonly lastTakenText: StatePropertyAccessor<string | undefined>;
  private readonly now: () => Date;
  private readonly turns = new TurnLimiter(MAX_CONCURRENT_TURNS);

  constructor(private readonly deps: SmsAdapterDeps) {
    super();
    this.now = deps.now ?? (() => new Date());
    this.lastTakenText = deps.conversationState.createProperty<string | undefined>('smsLastMessageSid');
  }

  // ---- Receiving ----------------------------------------------------------------------------

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
    let choice: ReturnType<typeof matchChoice> = undefined;
    let taken = message.taken;
    if (!taken) {
      const fixedReply = await this.fixedReplyFor(keyword, conversation, message);
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
    choice: ReturnType<typeof matchChoice>,
    fixedReply: FixedReply | undefined,
    options: { noReply?: boolean } = {},
  ): Promise<void> {
    const { inbox } = this.deps.stores;
    const sid = message.messageSid;
    const context = new TurnContext(this, this.inboundActivity(conversation, message, choice));
    context.turnState.set(TURN, { turnKey: sid, inboundSid: sid, parts: [], sent: 0 } satisfies TurnBuffer);
    if (options.noReply) context.turnState.set(NO_REPLY, true);
    await this.runMiddleware(context, async (turnContext) => {
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
   * The channel's own answers, which do not go to the bot: STOP (and the other opt-out keywords),
   * START from a number that opted out, pictures without words. `undefined`: the bot answers;
   * `null`: nothing to answer; `readForRiskOnly`: any other text from a number that opted out,
   * which gets no answer but is still read for risk (docs/safeguarding.md).
   *
   * HELP goes to the bot, whose "help" by SMS says what this is, how to stop texts and to call 999,
   * then asks the same question again. START from a number that never opted out is an ordinary
   * text (it may be a parent's first text, and deserves the welcome, not "welcome back").
   */
  private async fixedReplyFor(
    keyword: SmsKeyword | undefined,
    conversation: SmsConversation,
    message: InboxMessage,
  ): Promise<FixedReply | undefined | null | 'readForRiskOnly'> {
    const { optOuts } = this.deps.stores;
    const { copy } = this.deps;
    const reason = message.message.optOutType ?? message.message.body.trim().toUpperCase().slice(0, 20);
    if (keyword === 'optOut') {
      await optOuts.optOut(conversation.phoneHash, reason, this.now());
      return { text: copy.optedOut, evenIfOptedOut: true, endsConversation: true };
    }
    const optedOut = await optOuts.isOptedOut(conversation.phoneHash);
    if (keyword === 'optIn' && optedOut) {
      await optOuts.optIn(conversation.phoneHash, reason, this.now());
      return { text: copy.optedIn, evenIfOptedOut: false };
    }
    if (message.message.body.trim() === '') {
      if (optedOut) return null;
      return message.message.numMedia > 0 ? { text: copy.mediaNotSupported, evenIfOptedOut: false } : null;
    }
    return optedOut ? 'readForRiskOnly' : undefined;
  }

  /**
   * Tells the bot the parent ended the conversation (they texted STOP), so that it forgets a
   * referral in progress and ends its dialogs, as "stop" does. It sends nothing (nothing may be
   * sent after the opt-out confirmation); a failure is logged and does not undo the opt-out.
   */
  private async endConversation(conversation: SmsConversation, message: InboxMessage): Promise<void> {
    const activity: Partial<Activity> = {
      ...this.inboundActivity(conversation, message, undefined),
      type: ActivityTypes.EndOfConversation,
      code: EndOfConversationCodes.UserCancelled,
      text: '',
    };
    const context = new TurnContext(this, activity);
    context.turnState.set(TURN, {
      turnKey: `${message.messageSid}.end`,
      parts: [],
      sent: 0,
    } satisfies TurnBuffer);
    try {
      await this.deps.runTurn(context);
    } catch (err) {
      this.deps.logger.error(
        { err, messageSid: message.messageSid },
        'could not end the conversation after an opt-out',
      );
    }
  }

  /** Twilio's payload as a Bot Framework activity; the ids are keyed hashes, never the number. */
  private inboundActivity(
    conversation: SmsConversation,
    message: InboxMessage,
    choice: ReturnType<typeof matchChoice>,
  ): Partial<Activity> {
    const activity: Partial<Activity> = {
      type: ActivityTypes.Message,
      id: message.messageSid,
      timestamp: message.receivedAt,
      channelId: SMS_CHANNEL_ID,
      serviceUrl: SMS_SERVICE_URL,
      from: { id: conversation.userId, name: 'parent', role: 'user' },
      recipient: { id: conversation.serviceNumber, name: 'Parent Support Assistant', role: 'bot' },
      conversation: { id: conversation.id, name: '', isGroup: false, conversationType: 'personal' },
      locale: 'en-GB',
      textFormat: 'plain',
      text: choice ? choice.choice.text : message.message.body.trim(),
      channelData: {
        ...(conversation.schoolId ? { schoolId: conversation.schoolId } : {}),
        sms: {
          messageSid: message.messageSid,
          numMedia: message.message.numMedia,
          ...(choice ? { choiceNumber: choice.index + 1, typed: message.message.body.trim() } : {}),
        },
      },
    };
    if (choice?.choice.value !== undefined) activity.value = choice.choice.value;
    return activity;
  }

  // ---- Sending ------------------------------------------------------------------------------

  async sendActivities(context: TurnContext, activities: Partial<Activity>[]): Promise<ResourceResponse[]> {
    const buffer = context.turnState.get<TurnBuffer | undefined>(TURN);
    if (!buffer) throw new Error('SMS replies can only be sent during an SMS turn');
    const responses: ResourceResponse[] = [];
    for (const activity of activities) {
      const part = renderActivity(activity);
      if (part) {
        if (buffer.inboundSid) await this.deps.stores.inbox.appendReplyPart(buffer.inboundSid, part);
        else buffer.parts.push(part);
      }
      responses.push({ id: `${buffer.turnKey}:${buffer.sent++}` });
    }
    return responses;
  }

  updateActivity(): Promise<void> {
    return Promise.reject(new Error('A text message cannot be changed once sent'));
  }

  deleteActivity(): Promise<void> {
    return Promise.reject(new Error('A text message cannot be deleted once sent'));
  }

  /**
   * A proactive turn (a PSW's reply, a feedback request): runs after any turn in progress in the
   * conversation, and its replies are sent by SMS when it ends. Throws `SmsOptedOutError` if the
   * parent texted STOP, and `SmsNotSentError` if the text could not be handed over.
   */
  async continueConversation(
    reference: Partial<ConversationReference>,
    logic: (context: TurnContext) => Promise<void>,
  ): Promise<void> {
    const { conversations, optOuts } = this.deps.stores;
    const conversationId = reference.conversation?.id;
    const conversation = conversationId ? await conversations.get(conversationId) : null;
    if (!conversation) throw new Error('No SMS conversation matches this reference');
    if (await optOuts.isOptedOut(conversation.phoneHash)) throw new SmsOptedOutError();

    const result = await this.deps.leases.hold(conversation.id, PROACTIVE_WAIT_MS, async () => {
      const activity = TurnContext.applyConversationReference(
        { type: ActivityTypes.Event, name: 'continueConversation' },
        { ...reference, channelId: SMS_CHANNEL_ID, serviceUrl: SMS_SERVICE_URL },
        true,
      );
      const buffer: TurnBuffer = { turnKey: `proactive.${randomUUID()}`, parts: [], sent: 0 };
      const context = new TurnContext(this, activity);
      context.turnState.set(TURN, buffer);
      await this.runMiddleware(context, logic);
      const composed = composeMessages(buffer.parts, choiceHints(this.deps.copy));
      // What was sent last is what a number answers: a PSW's message or the feedback question
      // withdraws the choices offered before, so the parent's "2" or "4" reaches them as typed.
      await conversations.setLastChoices(conversation.id, composed.choices);
      return await this.deps.dispatcher.send({
        turnKey: buffer.turnKey,
        phone: conversation.phone,
        phoneHash: conversation.phoneHash,
        from: conversation.serviceNumber,
        transport: conversation.transport,
        purpose: 'proactive',
        conversationId: conversation.id,
        bodies: composed.bodies,
      });
    });
    // Texts that arrived while this ran wait for it; run them now.
    this.runPendingInBackground(conversation.id);
    if (!result.ran) throw new SmsNotSentError('busy');
    if (result.value === 'opted_out') throw new SmsOptedOutError();
    if (result.value !== 'sent') throw new SmsNotSentError(result.value);
  }
}

function choiceHints(copy: SmsCopy): ChoiceHints {
  return { numbered: copy.choiceHint, unnumbered: copy.choiceHintUnnumbered };
}
