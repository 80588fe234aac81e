import twilio from 'twilio';
import type { Request, Response, Server } from 'restify';
import { z } from 'zod';
import { parseForm, type FormFields } from '../../http/bodyReader';
import { badRequest, forbidden, unavailable } from '../../http/errors';
import { route } from '../../http/server';
import type { Logger } from '../../observability/logger';
import type { SmsChannel } from './createSmsChannel';
import { registerSimulatorRoutes } from './simulatorRoutes';
import { TWILIO_UNSUBSCRIBED, toOutboundStatus } from './TwilioTransport';

const EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response></Response>';

/** What every Twilio message webhook carries: the message and the account. */
const twilioMessage = z.object({
  MessageSid: z.string().regex(/^(SM|MM)[0-9a-fA-F]{32}$/),
  AccountSid: z.string().regex(/^AC[0-9a-fA-F]{32}$/),
});

const inboundSchema = twilioMessage.extend({
  From: z.string().regex(/^\+?[0-9A-Za-z]{3,20}$/),
  To: z.string().regex(/^\+?[0-9A-Za-z]{3,20}$/),
  Body: z.string().max(5000).default(''),
  NumMedia: z.coerce.number().int().min(0).max(20).default(0),
  OptOutType: z.string().max(20).optional(),
});

const statusSchema = twilioMessage.extend({
  MessageStatus: z.string().max(40),
  ErrorCode: z.coerce.number().int().min(0).optional(),
});

/**
 * The form fields exactly as sent (Twilio signs them as they are, not as a parser nests them), in
 * an object without a prototype, so that a field named `constructor` or `toString` is only a field.
 */
function formFields(req: Request): FormFields {
  const raw: unknown = req.rawBody;
  const text = typeof raw === 'string' ? raw : Buffer.isBuffer(raw) ? raw.toString('utf8') : '';
  if (!req.getContentType().startsWith('application/x-www-form-urlencoded')) return parseForm('');
  return parseForm(text);
}

/**
 * Checks X-Twilio-Signature with the twilio library's validator, against PUBLIC_URL plus the path
 * and query as received: behind a proxy, the URL Twilio called is the public one.
 */
function verifiedFields(req: Request, channel: SmsChannel): FormFields {
  const settings = channel.twilio;
  if (!settings || !channel.publicUrl) throw notConfigured(channel);
  const signature = req.header('x-twilio-signature');
  const fields = formFields(req);
  const url = `${channel.publicUrl}${req.url ?? ''}`;
  if (!signature || !twilio.validateRequest(settings.authToken, signature, url, fields)) {
    throw forbidden('Missing or invalid Twilio signature.', 'BadTwilioSignature');
  }
  if (fields.AccountSid !== settings.accountSid) {
    throw forbidden('This request is for another Twilio account.', 'WrongTwilioAccount');
  }
  return fields;
}

function notConfigured(channel: SmsChannel) {
  return unavailable(
    'SMS is not set up on this server: set TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN, TWILIO_FROM_NUMBER (or TWILIO_MESSAGING_SERVICE_SID) and PUBLIC_URL.' +
      (channel.simulator ? ' To try the assistant by text without Twilio, open /dev/sms.' : ''),
    'SmsNotConfigured',
  );
}

/**
 * Registers one of Twilio's webhooks: its signature and account checked (`verifiedFields`), its
 * fields read against `schema`; a request that is not this webhook gets a 400 (`notThis`).
 */
function twilioWebhook<T>(
  server: Server,
  channel: SmsChannel,
  path: string,
  schema: z.ZodType<T>,
  notThis: [message: string, code: string],
  handle: (fields: T, res: Response) => Promise<void>,
): void {
  server.post(
    path,
    route(async (req: Request, res: Response) => {
      const parsed = schema.safeParse(verifiedFields(req, channel));
      if (!parsed.success) throw badRequest(...notThis);
      await handle(parsed.data, res);
    }),
  );
}

/**
 * `POST /api/sms` (Twilio's "a message comes in" webhook) and `POST /api/sms/status` (Twilio's
 * status callback); `/dev/sms` (the simulator) outside production.
 */
export function registerSmsRoutes(server: Server, channel: SmsChannel, logger: Logger): void {
  twilioWebhook(
    server,
    channel,
    '/api/sms',
    inboundSchema,
    ['This is not an incoming SMS webhook.', 'BadSmsWebhook'],
    async (text, res) => {
      // Stored durably before the answer; the turn runs after it.
      await channel.adapter.receive(
        {
          messageSid: text.MessageSid,
          from: text.From,
          to: text.To,
          body: text.Body,
          numMedia: text.NumMedia,
          ...(text.OptOutType ? { optOutType: text.OptOutType } : {}),
        },
        'twilio',
      );
      res.sendRaw(200, EMPTY_TWIML, { 'Content-Type': 'text/xml; charset=utf-8' });
    },
  );

  twilioWebhook(
    server,
    channel,
    '/api/sms/status',
    statusSchema,
    ['This is not an SMS status callback.', 'BadSmsStatus'],
    async ({ MessageSid, MessageStatus, ErrorCode }, res) => {
      const status = toOutboundStatus(MessageStatus);
      if (status) {
        const { outbox, optOuts } = channel.stores;
        const text = await outbox.recordStatus(MessageSid, status, ErrorCode, new Date());
        if (text && ErrorCode === TWILIO_UNSUBSCRIBED) {
          await optOuts.optOut(text.phoneHash, `provider:${TWILIO_UNSUBSCRIBED}`, new Date());
        }
        logger.info({ status, errorCode: ErrorCode, known: text !== null }, 'SMS status recorded');
      }
      res.send(204);
    },
  );

  if (channel.simulator) registerSimulatorRoutes(server, channel, channel.simulator);
}
