import type { TurnContext } from 'botbuilder';

/**
 * turnState key a channel sets when it must not answer the parent at all (SMS: the number texted
 * STOP, and the carrier forbids any further text). The bot still reads the message for risk, so a
 * disclosure reaches a person, and says nothing.
 */
export const NO_REPLY = Symbol('noReply');

export function mayReply(context: TurnContext): boolean {
  return context.turnState.get<boolean | undefined>(NO_REPLY) !== true;
}
