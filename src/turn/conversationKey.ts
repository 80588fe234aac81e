import type { TurnContext } from 'botbuilder';

/** turnState key set once the parent's erasure ran in this turn (EraseDialog). */
export const CONVERSATION_ERASED = Symbol.for('psa.conversationErased');

/** turnState key under which the current conversation's key is kept for the bot and dialogs. */
export const CONVERSATION_KEY = Symbol('conversationKey');

/**
 * Marks an outgoing activity as written by a PSW (not the bot), for the transcript. The marker is
 * removed before the activity reaches the channel.
 */
export interface SenderMark {
  psaSender?: { kind: 'psw'; staffId: string } | { kind: 'system' };
}

export function conversationKeyOf(context: TurnContext): string | undefined {
  return context.turnState.get<string | undefined>(CONVERSATION_KEY);
}
