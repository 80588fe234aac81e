import { ActivityTypes, EndOfConversationCodes, type Activity } from 'botbuilder';
import type { SmsCopy } from '../../content/smsCopy';
import { SMS_CHANNEL_ID } from '../../domain/smsIdentity';
import type { InboxMessage, SmsConversation, SmsReplyPart } from '../../store/smsPorts';
import type { ChoiceHints } from './composeMessages';
import type { matchChoice } from './interpretReply';

/**
 * The mapping between texts and Bot Framework activities: a received text as the activity the bot
 * reads, and where a turn's replies are kept until they are sent.
 */

/** A stable service URL for SMS conversation references (nothing is ever posted to it). */
export const SMS_SERVICE_URL = 'urn:parent-support-assistant:sms';

/** Where, in turn state, a turn's replies go while it runs. */
export const TURN = Symbol('smsTurn');

/** Where a turn's replies go while it runs. */
export interface TurnBuffer {
  turnKey: string;
  /** Set for a parent's text: replies are kept in the inbox, durably, until they are sent. */
  inboundSid?: string;
  parts: SmsReplyPart[];
  sent: number;
}

/** The numbered choice a text answered, if it answered one. */
export type MatchedChoice = ReturnType<typeof matchChoice>;

/** Twilio's payload as a Bot Framework activity; the ids are keyed hashes, never the number. */
export function inboundActivity(
  conversation: SmsConversation,
  message: InboxMessage,
  choice: MatchedChoice,
): Partial<Activity> {
  const activity: Partial<Activity> = {
    type: ActivityTypes.Message,
    id: message.messageSid,
    timestamp: message.receivedAt,
    channelId: SMS_CHANNEL_ID,
    serviceUrl: SMS_SERVICE_URL,
    from: { id: conversation.userId, name: 'parent', role: 'user' },
    recipient: { id: conversation.serviceNumber, name: 'Parent Support Assistant', role: 'bot' },
    conversation: { id: conversation.id, name: '', isGroup: false, conversationType: 'personal' },
    locale: 'en-GB',
    textFormat: 'plain',
    text: choice ? choice.choice.text : message.message.body.trim(),
    channelData: {
      ...(conversation.schoolId ? { schoolId: conversation.schoolId } : {}),
      sms: {
        messageSid: message.messageSid,
        numMedia: message.message.numMedia,
        ...(choice ? { choiceNumber: choice.index + 1, typed: message.message.body.trim() } : {}),
      },
    },
  };
  if (choice?.choice.value !== undefined) activity.value = choice.choice.value;
  return activity;
}

/** The parent ended the conversation (they texted STOP), as the bot reads it. */
export function endOfConversationActivity(
  conversation: SmsConversation,
  message: InboxMessage,
): Partial<Activity> {
  return {
    ...inboundActivity(conversation, message, undefined),
    type: ActivityTypes.EndOfConversation,
    code: EndOfConversationCodes.UserCancelled,
    text: '',
  };
}

export function choiceHints(copy: SmsCopy): ChoiceHints {
  return { numbered: copy.choiceHint, unnumbered: copy.choiceHintUnnumbered };
}
