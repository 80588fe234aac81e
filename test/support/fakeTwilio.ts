import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** A text our server asked Twilio to send. */
export interface CapturedText {
  sid: string;
  accountSid: string;
  to: string;
  from?: string;
  messagingServiceSid?: string;
  body: string;
  statusCallback?: string;
  at: number;
}

interface ScriptedFailure {
  status: number;
  code?: number;
  message?: string;
}

export const FAKE_ACCOUNT_SID = `AC${'0123456789abcdef'.repeat(2)}`;
export const FAKE_AUTH_TOKEN = 'fake-twilio-auth-token-for-tests';

/**
 * A local stand-in for Twilio's REST API (`POST /2010-04-01/Accounts/{sid}/Messages.json`): it
 * checks the basic auth, captures every text and answers like Twilio. Failures can be scripted
 * (429, 5xx, "unsubscribed"). Nothing leaves the machine.
 */
export async function startFakeTwilio(options: { accountSid?: string; authToken?: string } = {}): Promise<{
  url: string;
  texts: CapturedText[];
  /** Texts sent to one number, in order. */
  textsTo: (phone: string) => CapturedText[];
  /** The next `count` requests are answered with this failure. */
  failNext: (count: number, failure: ScriptedFailure) => void;
  /** Every request until `stopFailing` is answered with this failure. */
  failAll: (failure: ScriptedFailure) => void;
  stopFailing: () => void;
  /** Numbers Twilio says have unsubscribed (error 21610). */
  unsubscribed: Set<string>;
  /** How many requests arrived (including refused ones). */
  requests: () => number;
  waitForTexts: (count: number, timeoutMs?: number) => Promise<CapturedText[]>;
  close: () => Promise<void>;
}> {
  const accountSid = options.accountSid ?? FAKE_ACCOUNT_SID;
  const authToken = options.authToken ?? FAKE_AUTH_TOKEN;
  const texts: CapturedText[] = [];
  const failures: ScriptedFailure[] = [];
  const unsubscribed = new Set<string>();
  let failEverything: ScriptedFailure | undefined;
  let requestCount = 0;

  const answer = (res: http.ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  };

  const server = http.createServer((req, res) => {
    let raw = '';
    req.on('data', (chunk: Buffer) => (raw += chunk.toString('utf8')));
    req.on('end', () => {
      requestCount++;
      const path = `/2010-04-01/Accounts/${accountSid}/Messages.json`;
      const expectedAuth = `Basic ${Buffer.from(`${accountSid}:${authToken}`).toString('base64')}`;
      if (req.method !== 'POST' || req.url !== path) {
        return answer(res, 404, { code: 20404, message: 'Not found', status: 404 });
      }
      if (req.headers.authorization !== expectedAuth) {
        return answer(res, 401, { code: 20003, message: 'Authenticate', status: 401 });
      }
      const failure = failEverything ?? failures.shift();
      if (failure) {
        return answer(res, failure.status, {
          code: failure.code ?? failure.status * 100,
          message: failure.message ?? 'Scripted failure',
          status: failure.status,
        });
      }
      const form = new URLSearchParams(raw);
      const to = form.get('To') ?? '';
      if (unsubscribed.has(to)) {
        return answer(res, 400, {
          code: 21610,
          message: 'Attempt to send to unsubscribed recipient',
          status: 400,
        });
      }
      const text: CapturedText = {
        sid: `SM${randomBytes(16).toString('hex')}`,
        accountSid,
        to,
        body: form.get('Body') ?? '',
        at: Date.now(),
      };
      const from = form.get('From');
      const messagingServiceSid = form.get('MessagingServiceSid');
      const statusCallback = form.get('StatusCallback');
      if (from) text.from = from;
      if (messagingServiceSid) text.messagingServiceSid = messagingServiceSid;
      if (statusCallback) text.statusCallback = statusCallback;
      texts.push(text);
      answer(res, 201, {
        sid: text.sid,
        account_sid: accountSid,
        to: text.to,
        from: text.from ?? null,
        messaging_service_sid: text.messagingServiceSid ?? null,
        body: text.body,
        status: 'queued',
        num_segments: '1',
        direction: 'outbound-api',
        api_version: '2010-04-01',
        date_created: new Date().toUTCString(),
        date_updated: new Date().toUTCString(),
        uri: `${path.replace('.json', '')}/${text.sid}.json`,
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    texts,
    textsTo: (phone) => texts.filter((t) => t.to === phone),
    failNext: (count, failure) => {
      for (let i = 0; i < count; i++) failures.push(failure);
    },
    failAll: (failure) => {
      failEverything = failure;
    },
    stopFailing: () => {
      failEverything = undefined;
      failures.length = 0;
    },
    unsubscribed,
    requests: () => requestCount,
    waitForTexts: async (count, timeoutMs = 5000) => {
      const deadline = Date.now() + timeoutMs;
      while (texts.length < count && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
      return texts;
    },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
