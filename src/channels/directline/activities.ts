import type { Activity, ChannelAccount } from 'botbuilder';
import { z } from 'zod';
import type { WireActivity } from '../../store/directLinePorts';

/** The channel id of conversations on the local Direct Line (Web Chat), as the bot sees them. */
export const WEBCHAT_CHANNEL_ID = 'webchat';
/**
 * The service URL put on the local Direct Line's activities. It is not a web address on purpose:
 * a conversation reference carrying it can only be continued by this adapter, never posted to.
 */
export const LOCAL_SERVICE_URL = 'urn:parent-support:directline';

export const BOT_ACCOUNT: ChannelAccount = {
  id: 'parent-support-assistant',
  name: 'Parent Support Assistant',
  role: 'bot',
};

export const MAX_TEXT_LENGTH = 4000;
const MAX_VALUE_JSON_LENGTH = 4000;

/**
 * What a client may post. Unknown fields are dropped; `from`, `id`, `conversation` and the
 * rest are set by the service, never taken from the client; `channelData` keeps only Web Chat's
 * own markers (so a client cannot claim a school or pose as a PSW).
 */
export const inboundActivitySchema = z
  .object({
    type: z.enum(['message', 'event']),
    /** Only to recognise the same activity posted again; the log gives it its own id. */
    id: z.string().max(100).optional(),
    text: z.string().max(MAX_TEXT_LENGTH).optional(),
    textFormat: z.enum(['plain', 'markdown', 'xml']).optional(),
    locale: z
      .string()
      .regex(/^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$/)
      .optional(),
    localTimestamp: z.string().max(40).optional(),
    localTimezone: z.string().max(64).optional(),
    name: z.string().max(100).optional(),
    value: z
      .unknown()
      .refine((v) => v === undefined || JSON.stringify(v).length <= MAX_VALUE_JSON_LENGTH, {
        message: 'value is too large',
      })
      .optional(),
    attachments: z.array(z.unknown()).max(0, 'attachments are not accepted').optional(),
    channelData: z
      .object({
        clientActivityID: z.string().max(100).optional(),
        clientTimestamp: z.string().max(40).optional(),
      })
      .optional(),
  })
  .refine((a) => a.type !== 'message' || (a.text ?? '').trim() !== '' || a.value !== undefined, {
    message: 'a message needs text',
  })
  .refine((a) => a.type !== 'event' || a.name !== undefined, { message: 'an event needs a name' });

export type InboundActivity = z.infer<typeof inboundActivitySchema>;

/** A copy without undefined fields, functions or shared references: what JSON would carry. */
export function plain<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

export interface ConversationParties {
  conversationId: string;
  userId: string;
}

/** The parent's activity as the log keeps it and every client sees it (their own echo included). */
export function userActivityForLog(
  inbound: InboundActivity,
  parties: ConversationParties,
  id: string,
  at: Date,
): WireActivity {
  const { attachments: _attachments, channelData, ...fields } = inbound;
  return plain({
    ...fields,
    id,
    timestamp: at.toISOString(),
    channelId: WEBCHAT_CHANNEL_ID,
    conversation: { id: parties.conversationId },
    from: { id: parties.userId, role: 'user' },
    recipient: BOT_ACCOUNT,
    ...(channelData?.clientActivityID
      ? { channelData: { clientActivityID: channelData.clientActivityID } }
      : {}),
  });
}

/** The same activity as the bot receives it: with the service URL and the school it came through. */
export function userActivityForTurn(logged: WireActivity, schoolId: string | undefined): Partial<Activity> {
  const channelData = { ...(logged.channelData as Record<string, unknown> | undefined) };
  if (schoolId !== undefined) channelData.schoolId = schoolId;
  const activity: Record<string, unknown> = { ...plain(logged), serviceUrl: LOCAL_SERVICE_URL, channelData };
  if (typeof logged.timestamp === 'string') activity.timestamp = new Date(logged.timestamp);
  return activity;
}

/** An activity from the bot (or a PSW through it) as the log keeps it. */
export function botActivityForLog(
  outgoing: Partial<Activity>,
  parties: ConversationParties,
  id: string,
  at: Date,
): WireActivity {
  const { serviceUrl: _serviceUrl, ...fields } = plain(outgoing) as unknown as Record<string, unknown>;
  const channelData = fields.channelData as Record<string, unknown> | undefined;
  if (channelData) {
    delete channelData.psaSender;
    delete channelData.schoolId;
    if (Object.keys(channelData).length === 0) delete fields.channelData;
  }
  return {
    ...fields,
    type: outgoing.type ?? 'message',
    id,
    timestamp: at.toISOString(),
    channelId: WEBCHAT_CHANNEL_ID,
    conversation: { id: parties.conversationId },
    from: { ...BOT_ACCOUNT, ...(fields.from as object | undefined), role: 'bot' },
    recipient: { id: parties.userId, role: 'user' },
  };
}
