import {
  TurnContext,
  type Activity,
  type ConversationReference,
  type ConversationState,
  type ResourceResponse,
  type StatePropertyAccessor,
} from 'botbuilder';
import { conversationKeyFor } from '../../domain/conversationKey';
import type { Sealer } from '../../security/sealer';
import type { DirectLineConversation, DirectLineEntry, DirectLineStore } from '../../store/directLinePorts';
import { DuplicateKeyError } from '../../store/documents';
import { ChannelAdapter, proactiveActivity } from '../ChannelAdapter';
import { UnknownChannelError, type ConversationChannel } from '../ChannelGateway';
import type { ConversationGrant } from './DirectLineTokens';
import { KeyedQueue } from '../KeyedQueue';
import {
  BOT_ACCOUNT,
  LOCAL_SERVICE_URL,
  WEBCHAT_CHANNEL_ID,
  botActivityForLog,
  userActivityForLog,
  userActivityForTurn,
  type InboundActivity,
} from './activities';

/** Longest pause a 'delay' activity may put between the bot's messages. */
const MAX_DELAY_MS = 5000;
/** How long a runner holds a parent's turn; a turn left by a dead instance is taken over after it. */
export const TURN_CLAIM_MS = 2 * 60_000;
/** Where a turn for a logged activity counts its replies, so that a rerun logs none twice. */
const REPLIES = Symbol('directLineReplies');

interface ReplyCounter {
  inboundId: string;
  next: number;
}

export class ConversationGoneError extends Error {
  constructor() {
    super('The web chat conversation no longer exists');
    this.name = 'ConversationGoneError';
  }
}

export interface DirectLineAdapterOptions {
  store: DirectLineStore;
  sealer: Sealer;
  /** The bot: runs one turn. */
  runTurn: (context: TurnContext) => Promise<void>;
  /**
   * Where the bot keeps its dialog state: the id of the last activity the bot took is saved with
   * it, so that a turn run again after a crash never gives the bot one activity twice.
   */
  conversationState?: ConversationState;
  /**
   * Where conversation references that are not the local Direct Line's go: Azure's own Web Chat
   * channel uses the same channel id, and its conversations belong to the Bot Framework adapter.
   */
  otherwise?: ConversationChannel;
  now?: () => Date;
}

/** Direct Line activity ids look like Azure's: the conversation id, a bar and the watermark. */
export function activityId(conversationId: string, watermark: number): string {
  return `${conversationId}|${String(watermark).padStart(7, '0')}`;
}

/**
 * The local Direct Line as a botbuilder adapter: a parent's activity goes into the conversation's
 * log (which is also the echo Web Chat waits for), then the bot's turn runs, and whatever the bot
 * sends is appended to the same log, from which clients read it (HTTP or WebSocket). Turns of one
 * conversation run one at a time. Proactive messages (a PSW's reply) reach the log the same way.
 */
export class DirectLineAdapter extends ChannelAdapter implements ConversationChannel {
  readonly channelIds = [WEBCHAT_CHANNEL_ID] as const;
  private readonly turns = new KeyedQueue();
  private readonly now: () => Date;
  private readonly lastTaken: StatePropertyAccessor<string | undefined> | undefined;

  constructor(private readonly options: DirectLineAdapterOptions) {
    super({
      update: 'The local Direct Line cannot update a sent activity',
      delete: 'The local Direct Line cannot delete a sent activity',
    });
    this.now = options.now ?? (() => new Date());
    this.lastTaken = options.conversationState?.createProperty<string | undefined>('webchatLastActivityId');
  }

  /** The conversation a token grants, started (and announced to the bot) if it is not yet. */
  async ensureConversation(grant: ConversationGrant): Promise<DirectLineConversation> {
    const existing = await this.options.store.getConversation(grant.conversationId);
    if (existing) return existing;
    let conversation: DirectLineConversation;
    try {
      conversation = await this.options.store.createConversation({
        id: grant.conversationId,
        userId: grant.userId,
        ...(grant.schoolId !== undefined ? { schoolId: grant.schoolId } : {}),
        conversationKey: conversationKeyFor(this.options.sealer, WEBCHAT_CHANNEL_ID, grant.conversationId),
        createdAt: this.now(),
      });
    } catch (err) {
      if (!(err instanceof DuplicateKeyError)) throw err;
      const raced = await this.options.store.getConversation(grant.conversationId);
      if (!raced) throw err;
      return raced;
    }
    const user = { id: conversation.userId, name: '', role: 'user' };
    await this.runTurnIn(conversation.id, {
      type: 'conversationUpdate',
      id: `${conversation.id}|start`,
      timestamp: this.now(),
      channelId: WEBCHAT_CHANNEL_ID,
      serviceUrl: LOCAL_SERVICE_URL,
      conversation: { id: conversation.id, isGroup: false, conversationType: 'personal', name: '' },
      from: user,
      recipient: BOT_ACCOUNT,
      membersAdded: [user, BOT_ACCOUNT],
      ...(conversation.schoolId !== undefined ? { channelData: { schoolId: conversation.schoolId } } : {}),
    });
    return conversation;
  }

  /**
   * Logs the parent's activity (the echo, with its clientActivityID) with its turn pending: that
   * one write is what makes it durable. Then runs the bot's turn for it, once. Resolves with the
   * activity's id once the turn is over. The same activity posted again (Web Chat retrying a post
   * whose answer it never got: the same clientActivityID, or the same id) is not logged twice:
   * its turn runs if it has not yet, and its id is answered.
   */
  async receive(conversation: DirectLineConversation, inbound: InboundActivity): Promise<{ id: string }> {
    const at = this.now();
    const parties = { conversationId: conversation.id, userId: conversation.userId };
    const clientKey = inbound.channelData?.clientActivityID ?? inbound.id;
    const entry = await this.options.store.append(
      conversation.id,
      (watermark) => userActivityForLog(inbound, parties, activityId(conversation.id, watermark), at),
      at,
      { pendingTurn: true, ...(clientKey !== undefined ? { dedupeKey: `client:${clientKey}` } : {}) },
    );
    if (!entry) throw new ConversationGoneError();
    if (entry.pendingTurn) await this.runLoggedTurn(conversation, entry);
    return { id: entry.activity.id ?? '' };
  }

  /**
   * Runs the bot's turns of parents' activities that were logged but whose turn never finished
   * (the process died during it), those logged before `before`, oldest first.
   */
  async resumePendingTurns(before: Date, limit = 100): Promise<number> {
    const entries = await this.options.store.pendingTurns(before, limit);
    for (const entry of entries) {
      const conversation = await this.options.store.getConversation(entry.conversationId);
      if (conversation) await this.runLoggedTurn(conversation, entry);
    }
    return entries.length;
  }

  /**
   * The bot's turn for a logged activity, after the conversation's turns before it, by one runner
   * only (the claim), and marked finished once it ran. The bot takes the activity once: after a
   * crash between the bot saving its state and the turn being marked, it is not given it again
   * (its replies were logged before it saved). Its replies are logged once each.
   */
  private async runLoggedTurn(conversation: DirectLineConversation, entry: DirectLineEntry): Promise<void> {
    const { store } = this.options;
    await this.turns.run(conversation.id, async () => {
      const now = this.now();
      const until = new Date(now.getTime() + TURN_CLAIM_MS);
      const claimed = await store.claimTurn(conversation.id, entry.watermark, until, now);
      if (!claimed) return; // finished already, or running elsewhere
      const activity = userActivityForTurn(claimed.activity, conversation.schoolId);
      const context = new TurnContext(this, activity);
      context.turnState.set(REPLIES, { inboundId: claimed.activity.id, next: 0 } satisfies ReplyCounter);
      await this.runMiddleware(context, (turnContext) => this.takeOnce(turnContext));
      await store.finishTurn(conversation.id, entry.watermark);
    });
  }

  private async takeOnce(context: TurnContext): Promise<void> {
    const id = context.activity.id;
    if (this.lastTaken && id) {
      if ((await this.lastTaken.get(context)) === id) return;
      await this.lastTaken.set(context, id);
    }
    await this.options.runTurn(context);
  }

  async sendActivities(context: TurnContext, activities: Partial<Activity>[]): Promise<ResourceResponse[]> {
    const responses: ResourceResponse[] = [];
    for (const activity of activities) {
      if (activity.type === 'delay') {
        const ms = Math.min(Math.max(Number(activity.value) || 0, 0), MAX_DELAY_MS);
        await new Promise((resolve) => setTimeout(resolve, ms));
        responses.push({ id: '' });
        continue;
      }
      // Invoke responses and traces are for the channel or the Emulator, not for the parent.
      if (activity.type === 'invokeResponse' || activity.type === 'trace') {
        responses.push({ id: '' });
        continue;
      }
      const conversationId = activity.conversation?.id ?? context.activity.conversation.id;
      const parties = {
        conversationId,
        userId: activity.recipient?.id ?? context.activity.from.id,
      };
      const at = this.now();
      const replies = context.turnState.get<ReplyCounter | undefined>(REPLIES);
      const dedupeKey = replies ? `reply:${replies.inboundId}:${replies.next++}` : undefined;
      const entry = await this.options.store.append(
        conversationId,
        (watermark) => botActivityForLog(activity, parties, activityId(conversationId, watermark), at),
        at,
        dedupeKey !== undefined ? { dedupeKey } : {},
      );
      if (!entry) throw new ConversationGoneError();
      responses.push({ id: entry.activity.id ?? '' });
    }
    return responses;
  }

  /** Starts a proactive turn (a PSW's reply, a feedback request) in a parent's web chat. */
  async continueConversation(
    reference: Partial<ConversationReference>,
    logic: (context: TurnContext) => Promise<void>,
  ): Promise<void> {
    if (reference.serviceUrl !== LOCAL_SERVICE_URL) {
      if (!this.options.otherwise) throw new UnknownChannelError(reference.channelId);
      return await this.options.otherwise.continueConversation(reference, logic);
    }
    const conversationId = reference.conversation?.id;
    if (!conversationId || !(await this.options.store.getConversation(conversationId))) {
      throw new ConversationGoneError();
    }
    const activity = proactiveActivity(reference);
    await this.turns.run(conversationId, () => this.runMiddleware(new TurnContext(this, activity), logic));
  }

  private async runTurnIn(conversationId: string, activity: Partial<Activity>): Promise<void> {
    await this.turns.run(conversationId, () =>
      this.runMiddleware(new TurnContext(this, activity), this.options.runTurn),
    );
  }
}
