import type { ConversationReference, TurnContext } from 'botbuilder';

/**
 * Starts a turn in a parent's existing conversation from outside a turn (a PSW's reply, a feedback
 * request). The channels' ChannelGateway implements it by handing the turn to the adapter that
 * owns the conversation; services below the channels depend on this port only.
 */
export interface ProactiveTurns {
  continueConversation(
    reference: Partial<ConversationReference>,
    logic: (context: TurnContext) => Promise<void>,
  ): Promise<void>;
}
