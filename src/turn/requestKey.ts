import type { TurnContext } from 'botbuilder';

/**
 * What a case opened in this turn is opened for: the conversation and the id of the parent's
 * message. A turn run again after a crash (SMS, web chat) then finds the case it opened the first
 * time instead of opening a second one (see `CaseService.open`).
 */
export function requestKeyOf(context: TurnContext, conversationKey: string): { requestKey?: string } {
  const { id, type } = context.activity;
  return id && type === 'message' ? { requestKey: `${conversationKey}\n${id}` } : {};
}
