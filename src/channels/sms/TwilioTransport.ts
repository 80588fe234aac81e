import { setTimeout as sleep } from 'node:timers/promises';
import twilio from 'twilio';
import type RequestClient from 'twilio/lib/base/RequestClient';
import type Response from 'twilio/lib/http/response';
import type { Logger } from '../../observability/logger';
import { jitteredBackoff } from '../backoff';
import type { OutboundStatus } from '../../store/smsPorts';
import { SmsSendError, type OutgoingText, type ProviderText, type SmsTransport } from './SmsTransport';

/** Twilio's "the recipient has unsubscribed" (they texted STOP to Twilio directly). */
export const TWILIO_UNSUBSCRIBED = 21610;
const MAX_DELAY_MS = 30_000;
/** Texts looked at when checking whether a send whose answer was lost went through. */
const LOOKUP_PAGE_SIZE = 50;

export interface TwilioSettings {
  accountSid: string;
  authToken: string;
  fromNumber: string | undefined;
  messagingServiceSid: string | undefined;
  apiUrl: string | undefined;
}

export interface RetrySettings {
  retries: number;
  baseMs: number;
  /** How long one request may take before it counts as timed out. */
  timeoutMs: number;
}

const isRetryableStatus = (status: number) => status === 429 || status >= 500;
/**
 * Answers that say the request was not processed, so that sending it again cannot send a text
 * twice. Other 5xx answers (500, 502, 504) leave a text's fate unknown: it is not sent again
 * blindly here, but looked up in Twilio's message list first (see SmsDispatcher).
 */
const isNotProcessed = (status: number) => status === 429 || status === 503;

/** Connection refused means the request never arrived, so sending it again cannot send a text twice. */
function neverArrived(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === 'EAI_AGAIN';
}

/** Exponential backoff with jitter; a Retry-After header (seconds) is honoured when longer. */
export function backoffDelay(attempt: number, baseMs: number, retryAfterHeader?: unknown): number {
  const jittered = jitteredBackoff(attempt, baseMs, MAX_DELAY_MS);
  const retryAfterSeconds = Number(retryAfterHeader);
  return Number.isFinite(retryAfterSeconds) && retryAfterSeconds > 0
    ? Math.min(MAX_DELAY_MS, Math.max(jittered, retryAfterSeconds * 1000))
    : jittered;
}

/**
 * The twilio library's HTTP client, with two additions: requests can go to another base URL than
 * https://api.twilio.com (a local fake in tests), and answers 429 or 5xx are retried with backoff
 * (the library itself retries only 429).
 */
class TwilioHttpClient extends twilio.RequestClient {
  constructor(
    private readonly apiUrl: string | undefined,
    private readonly retry: RetrySettings,
  ) {
    super({ timeout: retry.timeoutMs, keepAlive: true });
  }

  override async request<TData>(opts: RequestClient.RequestOptions<TData>): Promise<Response<TData>> {
    const uri = this.apiUrl ? rebase(opts.uri, this.apiUrl) : opts.uri;
    for (let attempt = 0; ; attempt++) {
      let response: Response<TData>;
      try {
        response = await super.request<TData>({ ...opts, uri });
      } catch (err) {
        if (attempt >= this.retry.retries || !neverArrived(err)) throw err;
        await sleep(backoffDelay(attempt, this.retry.baseMs));
        continue;
      }
      const blindRetryIsSafe = opts.method?.toUpperCase() === 'GET' || isNotProcessed(response.statusCode);
      if (!isRetryableStatus(response.statusCode) || !blindRetryIsSafe || attempt >= this.retry.retries) {
        return response;
      }
      const headers = response.headers as Record<string, unknown> | undefined;
      await sleep(backoffDelay(attempt, this.retry.baseMs, headers?.['retry-after']));
    }
  }
}

function rebase(uri: string, apiUrl: string): string {
  const original = new URL(uri);
  return `${apiUrl}${original.pathname}${original.search}`;
}

const KNOWN_STATUSES = new Set<OutboundStatus>([
  'accepted',
  'scheduled',
  'queued',
  'sending',
  'sent',
  'delivered',
  'undelivered',
  'failed',
  'read',
  'canceled',
]);

export function toOutboundStatus(status: string | undefined): OutboundStatus | undefined {
  return status && KNOWN_STATUSES.has(status as OutboundStatus) ? (status as OutboundStatus) : undefined;
}

/** Sends texts through Twilio's REST API (`messages.create`), asking for status callbacks. */
export class TwilioTransport implements SmsTransport {
  readonly kind = 'twilio' as const;
  private readonly client: twilio.Twilio;

  constructor(
    private readonly settings: TwilioSettings,
    retry: RetrySettings,
    private readonly statusCallbackUrl: string | undefined,
    private readonly logger: Logger,
  ) {
    this.client = twilio(settings.accountSid, settings.authToken, {
      httpClient: new TwilioHttpClient(settings.apiUrl, retry),
      // Explicit, so that a TWILIO_LOG_LEVEL in the environment cannot make the library print requests.
      logLevel: 'warn',
    });
  }

  async send(text: OutgoingText): Promise<{ providerSid: string; status: OutboundStatus }> {
    const from = text.from?.startsWith('+') ? text.from : this.settings.fromNumber;
    try {
      const message = await this.client.messages.create({
        to: text.to,
        body: text.body,
        ...(from ? { from } : {}),
        ...(this.settings.messagingServiceSid
          ? { messagingServiceSid: this.settings.messagingServiceSid }
          : {}),
        ...(this.statusCallbackUrl ? { statusCallback: this.statusCallbackUrl } : {}),
      });
      return { providerSid: message.sid, status: toOutboundStatus(message.status) ?? 'queued' };
    } catch (err) {
      throw this.toSendError(err);
    }
  }

  async listSentSince(props: { to: string; from?: string; since: Date }): Promise<ProviderText[]> {
    try {
      // Not filtered by DateSent: a text still queued at Twilio has no date_sent yet.
      const messages = await this.client.messages.list({
        to: props.to,
        ...(props.from?.startsWith('+') ? { from: props.from } : {}),
        pageSize: LOOKUP_PAGE_SIZE,
        limit: LOOKUP_PAGE_SIZE,
      });
      return messages
        .filter((m) => m.dateCreated.getTime() >= props.since.getTime())
        .map((m) => ({
          providerSid: m.sid,
          body: m.body,
          status: toOutboundStatus(m.status) ?? 'queued',
          createdAt: m.dateCreated,
        }));
    } catch (err) {
      throw this.toSendError(err);
    }
  }

  private toSendError(err: unknown): SmsSendError {
    if (err instanceof twilio.RestException) {
      const retryable = isRetryableStatus(err.status);
      this.logger.warn({ status: err.status, twilioCode: err.code, retryable }, 'Twilio refused a text');
      return new SmsSendError(
        `Twilio answered ${err.status}`,
        err.code,
        retryable,
        err.code === TWILIO_UNSUBSCRIBED,
      );
    }
    this.logger.warn({ err }, 'could not reach Twilio');
    return new SmsSendError('Could not reach Twilio', undefined, true);
  }
}
