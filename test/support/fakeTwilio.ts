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

/** A message as Twilio's REST API shows it (create answer, list entries). */
function messageResource(text: CapturedText, path: string): Record<string, unknown> {
  return {
    sid: text.sid,
    account_sid: text.accountSid,
    to: text.to,
    from: text.from ?? null,
    messaging_service_sid: text.messagingServiceSid ?? null,
    body: text.body,
    status: 'queued',
    num_segments: '1',
    direction: 'outbound-api',
    api_version: '2010-04-01',
    date_created: new Date(text.at).toUTCString(),
    date_updated: new Date(text.at).toUTCString(),
    date_sent: null,
    uri: `${path.replace('.json', '')}/${text.sid}.json`,
  };
}

interface ScriptedFailure {
  status: number;
  code?: number;
  message?: string;
}

export const FAKE_ACCOUNT_SID = `AC${'0123456789abcdef'.repeat(2)}`;
export const FAKE_AUTH_TOKEN = 'fake-twilio-auth-token-for-tests';

/**
 * A local stand-in for Twilio's REST API: `POST /2010-04-01/Accounts/{sid}/Messages.json` creates
 * a message (captured), `GET` on the same path lists them as Twilio does (newest first, filtered
 * by `To` and `From`, `PageSize`, with Twilio's paging fields). It checks the basic auth. Failures
 * can be scripted (429, 5xx, "unsubscribed"), and so can a hang: the message is created but the
 * answer never comes (as when Twilio times out). Nothing leaves the machine.
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
  /** The next `count` sends create their message but are never answered (until `close`). */
  hangNext: (count: number) => void;
  /** Called with each message as it is created (before any answer), e.g. to kill the sender then. */
  onCreate: (listener: ((text: CapturedText) => void) | undefined) => void;
  /** How many message-list requests arrived. */
  lookups: () => number;
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
  let lookupCount = 0;
  let hangs = 0;
  let createListener: ((text: CapturedText) => void) | undefined;

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
      const url = new URL(req.url ?? '/', 'http://fake');
      if (url.pathname !== path || (req.method !== 'POST' && req.method !== 'GET')) {
        return answer(res, 404, { code: 20404, message: 'Not found', status: 404 });
      }
      if (req.headers.authorization !== expectedAuth) {
        return answer(res, 401, { code: 20003, message: 'Authenticate', status: 401 });
      }
      const failure = failEverything ?? failures.shift();
      if (req.method === 'GET') {
        lookupCount++;
        if (failure) {
          return answer(res, failure.status, {
            code: failure.code ?? failure.status * 100,
            message: failure.message ?? 'Scripted failure',
            status: failure.status,
          });
        }
        return answer(res, 200, listPage(url, path));
      }
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
      createListener?.(text);
      if (hangs > 0) {
        hangs--;
        return; // created, but the answer never comes
      }
      answer(res, 201, messageResource(text, path));
    });
  });

  /** Twilio's list: newest first, filtered by To / From, one page of PageSize (default 50). */
  const listPage = (url: URL, path: string) => {
    const to = url.searchParams.get('To');
    const from = url.searchParams.get('From');
    const pageSize = Math.min(1000, Number(url.searchParams.get('PageSize') ?? '50') || 50);
    const matching = texts
      .filter((t) => (to === null || t.to === to) && (from === null || t.from === from))
      .reverse();
    const page = matching.slice(0, pageSize);
    const query = url.search;
    return {
      messages: page.map((t) => messageResource(t, path)),
      end: Math.max(0, page.length - 1),
      first_page_uri: `${path}${query}`,
      next_page_uri: null,
      page: 0,
      page_size: pageSize,
      previous_page_uri: null,
      start: 0,
      uri: `${path}${query}`,
    };
  };
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
    hangNext: (count) => {
      hangs += count;
    },
    onCreate: (listener) => {
      createListener = listener;
    },
    lookups: () => lookupCount,
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
