import { randomUUID } from 'node:crypto';
import { TurnContext, type Activity, type ConversationReference, type ResourceResponse } from 'botbuilder';
import { SMS_CHANNEL_ID } from '../../domain/smsIdentity';
import type { SmsTransportKind } from '../../store/smsPorts';
import { ChannelAdapter, proactiveActivity } from '../ChannelAdapter';
import type { ConversationChannel } from '../ChannelGateway';
import { composeMessages } from './composeMessages';
import { renderActivity } from './renderActivity';
import { choiceHints, SMS_SERVICE_URL, TURN, type TurnBuffer } from './smsActivities';
import { SmsNotSentError, SmsOptedOutError } from './smsErrors';
import { SmsTurnRunner, type ReceivedText, type SmsAdapterDeps, type SmsTurnHost } from './SmsTurnRunner';

export { SMS_SERVICE_URL } from './smsActivities';
export { MAX_RETRY_DELAY_MS, MAX_TURN_ATTEMPTS } from './SmsTurnRunner';
export type { ReceivedText, SmsAdapterDeps } from './SmsTurnRunner';

/** How long a proactive message waits for a parent's turn in progress to finish. */
const PROACTIVE_WAIT_MS = 30_000;

/**
 * The SMS channel as a botbuilder adapter. A received text is stored first (idempotent on its
 * MessageSid), then its turn runs: one conversation's turns one at a time, in arrival order.
 * Replies are collected during the turn, then rendered for SMS (GSM-7, numbered choices, at most
 * two segments a text) and sent together. Proactive messages (a PSW's reply, a feedback request)
 * go out through `continueConversation`. Received texts' turns are run by `SmsTurnRunner`
 * (keyword policy: keywordPolicy.ts; text ↔ activity: smsActivities.ts).
 */
export class SmsAdapter extends ChannelAdapter implements ConversationChannel, SmsTurnHost {
  readonly channelIds = [SMS_CHANNEL_ID];
  private readonly runner: SmsTurnRunner;

  constructor(private readonly deps: SmsAdapterDeps) {
    super({
      update: 'A text message cannot be changed once sent',
      delete: 'A text message cannot be deleted once sent',
    });
    this.runner = new SmsTurnRunner(deps, this, deps.now ?? (() => new Date()));
  }

  // ---- Receiving (SmsTurnRunner) -----------------------------------------------------------

  /**
   * Stores a received text and starts its conversation's turns in the background. Resolves once
   * the text is stored durably; false if the same MessageSid had been stored already.
   */
  receive(text: ReceivedText, transport: SmsTransportKind, schoolId?: string): Promise<boolean> {
    return this.runner.receive(text, transport, schoolId);
  }

  runPendingInBackground(conversationId: string): void {
    this.runner.runPendingInBackground(conversationId);
  }

  /** Runs the conversation's pending texts in order (see SmsTurnRunner). */
  runPending(conversationId: string): Promise<void> {
    return this.runner.runPending(conversationId);
  }

  /** Runs texts whose turn did not finish (see SmsTurnRunner). */
  sweep(limit = 100, dueOnly = true): Promise<number> {
    return this.runner.sweep(limit, dueOnly);
  }

  /** A turn context on this adapter whose replies go to `buffer` (sent when the turn ends). */
  contextFor(activity: Partial<Activity>, buffer: TurnBuffer): TurnContext {
    const context = new TurnContext(this, activity);
    context.turnState.set(TURN, buffer);
    return context;
  }

  /** Runs `logic` through this adapter's middleware (the transcript). */
  runThroughMiddleware(context: TurnContext, logic: (context: TurnContext) => Promise<void>): Promise<void> {
    return this.runMiddleware(context, logic);
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
      const activity = proactiveActivity({
        ...reference,
        channelId: SMS_CHANNEL_ID,
        serviceUrl: SMS_SERVICE_URL,
      });
      const buffer: TurnBuffer = { turnKey: `proactive.${randomUUID()}`, parts: [], sent: 0 };
      await this.runMiddleware(this.contextFor(activity, buffer), logic);
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
