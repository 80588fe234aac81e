import type { TurnContext } from 'botbuilder';

/**
 * turnState key under which a channel that knows the parent's own phone number (SMS: the number
 * they are texting from) puts it for the dialogs, e.g. to offer it as the number to call back.
 * It lives only in memory for the turn: never in the activity, so it is never recorded in the
 * transcript, logged or kept in conversation state (the dialogs keep only what the parent chose).
 */
export const SENDER_PHONE = Symbol('senderPhone');

/** The parent's own number (E.164, e.g. +447700900123) if the channel knows it. */
export function senderPhoneOf(context: TurnContext): string | undefined {
  return context.turnState.get<string | undefined>(SENDER_PHONE);
}
