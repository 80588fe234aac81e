import type { TurnContext } from 'botbuilder';
import type { Case } from '../domain/model/case';

/**
 * While a parent is in a live chat with a PSW (or waiting for one), their messages go to the
 * PSW instead of the dialogs. The bot asks the router first; it answers whether it took the turn.
 * The safeguarding check runs before it, always.
 */
export interface LiveChatRouter {
  routeIfLive(context: TurnContext): Promise<boolean>;
}

export const noLiveChat: LiveChatRouter = { routeIfLive: () => Promise.resolve(false) };

/**
 * The queue side of a live chat, for the dialog that opens one ("talk to a person"): called in
 * the same turn, right after the case is opened, it tells the parent (in one message) that a
 * person has been asked for, their place in the queue and roughly how long, and how to leave.
 * After that turn the parent's messages go to the LiveChatRouter until the chat ends.
 */
export interface LiveChatQueue {
  announceQueued(context: TurnContext, theCase: Case): Promise<void>;
}
