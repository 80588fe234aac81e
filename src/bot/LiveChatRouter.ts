import type { TurnContext } from 'botbuilder';

/**
 * While a parent is in a live chat with a PSW (or waiting for one), their messages go to the
 * PSW instead of the dialogs. The bot asks the router first; it answers whether it took the turn.
 * The safeguarding check runs before it, always.
 */
export interface LiveChatRouter {
  routeIfLive(context: TurnContext): Promise<boolean>;
}

export const noLiveChat: LiveChatRouter = { routeIfLive: () => Promise.resolve(false) };
