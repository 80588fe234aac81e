import type { ConversationReference, TurnContext } from 'botbuilder';
import type { ProactiveTurns } from '../turn/proactive';

/** An adapter that can start a proactive turn in one of its conversations. */
export interface ConversationChannel {
  /** The Bot Framework channel ids it serves, e.g. ['sms'] or ['directline', 'webchat']. */
  readonly channelIds: readonly string[];
  continueConversation(
    reference: Partial<ConversationReference>,
    logic: (context: TurnContext) => Promise<void>,
  ): Promise<void>;
}

export class UnknownChannelError extends Error {
  constructor(readonly channelId: string | undefined) {
    super(`No adapter serves channel "${channelId ?? '(none)'}"`);
    this.name = 'UnknownChannelError';
  }
}

/**
 * Routes proactive messages (a PSW's reply, a feedback request) to the adapter that owns the
 * parent's conversation, so they reach the parent on the channel they used.
 */
export class ChannelGateway implements ProactiveTurns {
  private readonly channels = new Map<string, ConversationChannel>();

  /** `fallback` serves every channel id no other adapter claimed (the Bot Framework CloudAdapter). */
  constructor(private readonly fallback?: ConversationChannel) {}

  register(channel: ConversationChannel): void {
    for (const id of channel.channelIds) this.channels.set(id, channel);
  }

  async continueConversation(
    reference: Partial<ConversationReference>,
    logic: (context: TurnContext) => Promise<void>,
  ): Promise<void> {
    const channel = (reference.channelId && this.channels.get(reference.channelId)) || this.fallback;
    if (!channel) throw new UnknownChannelError(reference.channelId);
    await channel.continueConversation(reference, logic);
  }
}
