import type { TurnContext } from 'botbuilder';
import { SMS_CHANNEL_ID } from '../domain/smsIdentity';

/**
 * How replies in this turn are written: `text` by text message (every character costs, no
 * buttons: short forms, numbered choices), `rich` in web chat and the Bot Framework channels.
 * The one place that turns a channel id into a style; the dialogs ask this, never the channel id.
 */
export type ChannelStyle = 'text' | 'rich';

export function channelStyleOf(context: TurnContext): ChannelStyle {
  return context.activity.channelId === SMS_CHANNEL_ID ? 'text' : 'rich';
}

/** Whether this conversation is by text message (where every character costs, and there are no buttons). */
export function bySms(context: TurnContext): boolean {
  return channelStyleOf(context) === 'text';
}
