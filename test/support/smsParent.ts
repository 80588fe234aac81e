import { randomBytes } from 'node:crypto';
import twilio from 'twilio';
import type { SmsStores } from '../../src/store/smsPorts';
import { FAKE_ACCOUNT_SID, FAKE_AUTH_TOKEN, type startFakeTwilio } from './fakeTwilio';

type FakeTwilio = Awaited<ReturnType<typeof startFakeTwilio>>;
type AppWithSms = { stores: { sms: SmsStores } };

/** The environment that points the app at a fake Twilio, as if deployed behind `publicUrl`. */
export function twilioEnv(
  fake: { url: string },
  publicUrl = 'https://psa.example.org',
): Record<string, string> {
  return {
    TWILIO_ACCOUNT_SID: FAKE_ACCOUNT_SID,
    TWILIO_AUTH_TOKEN: FAKE_AUTH_TOKEN,
    TWILIO_FROM_NUMBER: '+447700900999',
    TWILIO_API_URL: fake.url,
    TWILIO_RETRY_BASE_MS: '5',
    PUBLIC_URL: publicUrl,
  };
}

export function newMessageSid(): string {
  return `SM${randomBytes(16).toString('hex')}`;
}

/** Form fields of Twilio's "a message comes in" webhook. */
export function inboundFields(props: {
  from: string;
  to: string;
  body: string;
  messageSid?: string;
  extra?: Record<string, string>;
}): Record<string, string> {
  return {
    ToCountry: 'GB',
    SmsMessageSid: props.messageSid ?? '',
    NumMedia: '0',
    SmsSid: props.messageSid ?? '',
    SmsStatus: 'received',
    Body: props.body,
    To: props.to,
    NumSegments: '1',
    MessageSid: props.messageSid ?? newMessageSid(),
    AccountSid: FAKE_ACCOUNT_SID,
    From: props.from,
    ApiVersion: '2010-04-01',
    ...props.extra,
  };
}

/** The X-Twilio-Signature Twilio would send for these fields posted to `url`. */
export function twilioSignature(
  url: string,
  fields: Record<string, string>,
  authToken = FAKE_AUTH_TOKEN,
): string {
  return twilio.getExpectedTwilioSignature(authToken, url, fields);
}

/** Posts form fields to the app the way Twilio does: signed for `signedUrl` with the auth token. */
export async function postSigned(
  appUrl: string,
  path: string,
  fields: Record<string, string>,
  options: { signedUrl?: string; authToken?: string; signature?: string | null } = {},
): Promise<Response> {
  const signature =
    options.signature === undefined
      ? twilioSignature(options.signedUrl ?? `https://psa.example.org${path}`, fields, options.authToken)
      : options.signature;
  return await fetch(`${appUrl}${path}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      ...(signature !== null ? { 'x-twilio-signature': signature } : {}),
    },
    body: new URLSearchParams(fields).toString(),
  });
}

/**
 * A pretend parent texting the app over signed webhooks. `text` sends one message and resolves,
 * once its turn has finished, with the bodies of the texts the bot sent back (as the fake Twilio
 * captured them). For the whole-conversation tests:
 *
 *   const parent = smsParent({ app, url, twilio: fake });
 *   expect(await parent.text('hello')).toEqual([...]);
 */
export function smsParent(props: {
  /** The app (or anything with its SMS stores). */
  app: AppWithSms;
  url: string;
  twilio: FakeTwilio;
  from?: string;
  to?: string;
  publicUrl?: string;
}) {
  const from = props.from ?? '+447700900123';
  const to = props.to ?? '+447700900001';
  const publicUrl = props.publicUrl ?? 'https://psa.example.org';
  return {
    from,
    to,
    async text(body: string, options: { timeoutMs?: number } = {}): Promise<string[]> {
      const before = props.twilio.textsTo(from).length;
      const messageSid = newMessageSid();
      const response = await postSigned(
        props.url,
        '/api/sms',
        inboundFields({ from, to, body, messageSid }),
        {
          signedUrl: `${publicUrl}/api/sms`,
        },
      );
      if (response.status !== 200) throw new Error(`Webhook answered ${response.status}`);
      await waitForTurn(props.app, messageSid, options.timeoutMs);
      return props.twilio
        .textsTo(from)
        .slice(before)
        .map((t) => t.body);
    },
  };
}

/** Resolves when the text's turn has finished (its replies were handed to Twilio). */
export async function waitForTurn(app: AppWithSms, messageSid: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if ((await app.stores.sms.inbox.get(messageSid))?.status === 'done') return;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`The turn for ${messageSid} did not finish within ${timeoutMs} ms`);
}
