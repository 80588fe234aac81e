import { randomUUID } from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import { setTimeout as sleep } from 'node:timers/promises';
import { jitteredBackoff } from '../backoff';

/**
 * The properties of a Bot Framework Activity that botframework-connector's serializer sends (its
 * `Activity` mapper, in its order); it drops any other top-level property, and so does this.
 */
const ACTIVITY_PROPERTIES = [
  'type',
  'id',
  'timestamp',
  'localTimestamp',
  'localTimezone',
  'callerId',
  'serviceUrl',
  'channelId',
  'from',
  'conversation',
  'recipient',
  'textFormat',
  'attachmentLayout',
  'membersAdded',
  'membersRemoved',
  'reactionsAdded',
  'reactionsRemoved',
  'topicName',
  'historyDisclosed',
  'locale',
  'text',
  'speak',
  'inputHint',
  'summary',
  'suggestedActions',
  'attachments',
  'entities',
  'channelData',
  'action',
  'replyToId',
  'label',
  'valueType',
  'value',
  'name',
  'relatesTo',
  'code',
  'expiration',
  'importance',
  'deliveryMode',
  'listenFor',
  'textHighlights',
  'semanticAction',
] as const;

/** As @azure/core-rest-pipeline's default retry policy: 3 retries, 1 s doubling up to 64 s, with jitter. */
const MAX_RETRIES = 3;
const RETRY_DELAY_MS = 1000;
const MAX_RETRY_DELAY_MS = 64_000;
const RETRIED_ERRORS = new Set([
  'ETIMEDOUT',
  'ESOCKETTIMEDOUT',
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOENT',
  'ENOTFOUND',
]);

const agents = {
  'http:': new http.Agent({ keepAlive: true }),
  'https:': new https.Agent({ keepAlive: true }),
};

/** What the connector's credentials sign: botframework-connector's AppCredentials set the Authorization header. */
export interface RequestSigner {
  signRequest(webResource: { headers: { set(name: string, value: string): void } }): Promise<unknown>;
}

/** A reply the channel did not take (as @azure's RestError: a message and the status). */
export class ReplyNotSentError extends Error {
  override readonly name = 'ReplyNotSentError';
  constructor(
    message: string,
    readonly statusCode?: number,
    readonly code?: string,
  ) {
    super(message);
  }
}

interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/**
 * Posts replies to a channel's service URL as botframework-connector's ConnectorClient does
 * (`POST {serviceUrl}/v3/conversations/{id}/activities[/{replyToId}]`, the activity as JSON,
 * signed by the client's own credentials: with an app id, a bearer token for the channel; without
 * one, none), with the same retries, but without the client's per-request pipeline (a dozen
 * policies, its mapper serialization and deserialization): one keep-alive request per reply.
 */
export class ReplySender {
  private readonly base: URL;

  constructor(
    serviceUrl: string,
    private readonly credentials: RequestSigner,
    private readonly userAgent: string,
  ) {
    this.base = new URL(serviceUrl);
    if (!this.base.pathname.endsWith('/')) this.base.pathname += '/';
  }

  async send(conversationId: string, activity: object, replyToId?: string): Promise<{ id: string }> {
    const path = `v3/conversations/${encodeURIComponent(conversationId)}/activities${
      replyToId === undefined ? '' : `/${encodeURIComponent(replyToId)}`
    }`;
    const url = new URL(this.base);
    url.pathname += path;
    const body = JSON.stringify(knownProperties(activity));
    const answer = await this.withRetries(url, body);
    return { id: idIn(answer.body) };
  }

  private async withRetries(url: URL, body: string): Promise<Answer> {
    for (let retry = 0; ; retry++) {
      let answer: Answer;
      try {
        answer = await this.post(url, body);
      } catch (err) {
        const code = (err as { code?: unknown }).code;
        if (retry >= MAX_RETRIES || typeof code !== 'string' || !RETRIED_ERRORS.has(code)) {
          throw new ReplyNotSentError(
            `the reply could not be sent (${String(code ?? err)})`,
            undefined,
            String(code),
          );
        }
        await sleep(backoff(retry));
        continue;
      }
      if (answer.status >= 200 && answer.status < 300) return answer;
      const wait = retryAfterMs(answer) ?? (isRetriedStatus(answer.status) ? backoff(retry) : undefined);
      if (wait === undefined || retry >= MAX_RETRIES) {
        throw new ReplyNotSentError(`the channel answered ${answer.status} to a reply`, answer.status);
      }
      await sleep(wait);
    }
  }

  private async post(url: URL, body: string): Promise<Answer> {
    const headers: Record<string, string> = {
      'content-type': 'application/json; charset=utf-8',
      accept: 'application/json',
      'user-agent': this.userAgent,
      'x-ms-client-request-id': randomUUID(),
      'content-length': String(Buffer.byteLength(body)),
    };
    // Signed on every attempt: the credentials renew their token themselves.
    await this.credentials.signRequest({
      headers: { set: (name, value) => (headers[name.toLowerCase()] = value) },
    });
    const agent = url.protocol === 'https:' ? agents['https:'] : agents['http:'];
    const request = url.protocol === 'https:' ? https.request : http.request;
    return new Promise((resolve, reject) => {
      const req = request(url, { method: 'POST', headers, agent }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('error', reject);
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks).toString('utf8'),
          }),
        );
      });
      req.on('error', reject);
      req.end(body);
    });
  }
}

/** The activity's top-level Bot Framework properties (nested objects go as they are). */
function knownProperties(activity: object): Record<string, unknown> {
  const source = activity as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const name of ACTIVITY_PROPERTIES) if (source[name] !== undefined) out[name] = source[name];
  return out;
}

/** The id the channel gave the reply; a reply it took without one (or not as JSON) has ''. */
function idIn(body: string): string {
  try {
    const parsed: unknown = body ? JSON.parse(body) : undefined;
    const id = (parsed as { id?: unknown } | null | undefined)?.id;
    return typeof id === 'string' ? id : '';
  } catch {
    return '';
  }
}

/** 408 and 5xx but 501 and 505 (@azure's exponential retry strategy). */
function isRetriedStatus(status: number): boolean {
  return (status === 408 || status >= 500) && status !== 501 && status !== 505;
}

/** A 429 or 503 with Retry-After (@azure's throttling retry strategy). */
function retryAfterMs(answer: Answer): number | undefined {
  if (answer.status !== 429 && answer.status !== 503) return undefined;
  for (const name of ['retry-after-ms', 'x-ms-retry-after-ms']) {
    const ms = Number(answer.headers[name]);
    if (answer.headers[name] !== undefined && Number.isFinite(ms) && ms >= 0) return ms;
  }
  const after = answer.headers['retry-after'];
  if (after === undefined) return undefined;
  const seconds = Number(after);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const at = Date.parse(after);
  return Number.isNaN(at) ? undefined : Math.max(0, at - Date.now());
}

function backoff(retry: number): number {
  return jitteredBackoff(retry, RETRY_DELAY_MS, MAX_RETRY_DELAY_MS);
}
