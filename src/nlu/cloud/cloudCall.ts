import { setTimeout as delay } from 'node:timers/promises';
import { NONE_INTENT, type Recognition, type RecognizedEntity, type Recognizer } from '../Recognizer';

/**
 * What the LUIS and CLU recognizers share: one request at a time with a time limit, one retry on
 * 429 or 5xx honouring Retry-After, and failures reduced to a reason that can be logged (never
 * the service's error text, which may echo the parent's message).
 */

/** A recognizer that calls a cloud service; FallbackRecognizer puts the local model behind it. */
export interface CloudRecognizer extends Recognizer {
  readonly backend: 'luis' | 'clu';
}

export type CloudFailureReason =
  /** No answer within the time limit. */
  | 'timeout'
  /** 429 Too Many Requests (after the retry, or with a Retry-After longer than we wait). */
  | 'rate_limited'
  /** 5xx (after the retry). */
  | 'server_error'
  /** Any other non-2xx status: a wrong key, app, project or deployment (no retry). */
  | 'rejected'
  /** The request did not reach the service, or the connection broke. */
  | 'network'
  /** A 2xx answer that is not the JSON shape the service documents. */
  | 'malformed';

export class CloudRecognizerError extends Error {
  constructor(
    readonly reason: CloudFailureReason,
    readonly status: number | undefined = undefined,
    readonly retryAfterMs: number | undefined = undefined,
    /** How many requests were made, counting the retry. */
    readonly attempts = 1,
  ) {
    super(`cloud recognizer failed: ${reason}${status === undefined ? '' : ` (HTTP ${status})`}`);
    this.name = 'CloudRecognizerError';
  }

  withAttempts(attempts: number): CloudRecognizerError {
    return new CloudRecognizerError(this.reason, this.status, this.retryAfterMs, attempts);
  }
}

export interface CallPolicy {
  /** Time limit for each request. */
  timeoutMs: number;
  /** The longest Retry-After worth waiting for; a longer one means no retry. */
  retryMaxWaitMs: number;
}

/** Wait before the retry when a 429 or 5xx says nothing about when to come back. */
export const DEFAULT_RETRY_WAIT_MS = 200;

/** The reason for a non-2xx status. */
export function failureForStatus(status: number): CloudFailureReason {
  if (status === 429) return 'rate_limited';
  if (status >= 500) return 'server_error';
  return 'rejected';
}

interface HeaderSource {
  get(name: string): string | null | undefined;
}

/** The error for a service's non-2xx answer: why, the status, and how long it asks us to wait. */
export function httpFailure(status: number, headers?: HeaderSource): CloudRecognizerError {
  return new CloudRecognizerError(
    failureForStatus(status),
    status,
    headers ? retryAfterMs(headers) : undefined,
  );
}

/**
 * How long the service asks us to wait, in milliseconds: Azure's `retry-after-ms` and
 * `x-ms-retry-after-ms`, then the standard `Retry-After` (seconds, or an HTTP date).
 */
export function retryAfterMs(headers: HeaderSource, now = Date.now()): number | undefined {
  for (const name of ['retry-after-ms', 'x-ms-retry-after-ms']) {
    const value = headers.get(name);
    if (value && /^\d+(\.\d+)?$/.test(value.trim())) return Math.ceil(Number(value));
  }
  const value = headers.get('retry-after')?.trim();
  if (!value) return undefined;
  if (/^\d+(\.\d+)?$/.test(value)) return Math.ceil(Number(value) * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** Cuts a message to the service's limit without splitting a character. */
export function truncateForService(text: string, maxCharacters: number): string {
  if (text.length <= maxCharacters) return text;
  let cut = '';
  for (const character of text) {
    if (cut.length + character.length > maxCharacters) break;
    cut += character;
  }
  return cut;
}

/**
 * What the cloud recognizers share: a message is trimmed and cut to the service's limit, an empty
 * one answered without a call, and the call (`ask`) made with `callWithRetry`.
 */
export abstract class ServiceRecognizer implements CloudRecognizer {
  abstract readonly backend: 'luis' | 'clu';

  protected constructor(
    private readonly maxQuery: number,
    private readonly policy: CallPolicy,
  ) {}

  async recognize(text: string): Promise<Recognition> {
    const query = truncateForService(text.trim(), this.maxQuery);
    if (query === '') return { intent: NONE_INTENT, score: 1, entities: [], source: this.backend };
    const { value } = await callWithRetry((signal) => this.ask(query, signal), this.policy);
    return value;
  }

  /** Asks the service about one message; throws a CloudRecognizerError if it cannot answer. */
  protected abstract ask(query: string, signal: AbortSignal): Promise<Recognition>;
}

/** A service's prediction as a Recognition: no top intent, or the service's own None, is None. */
export function serviceRecognition(
  source: 'luis' | 'clu',
  intent: string,
  score: number,
  entities: RecognizedEntity[],
): Recognition {
  const none = intent === '' || intent === NONE_INTENT;
  return { intent: none ? NONE_INTENT : intent, score, entities, source };
}

/**
 * Runs `attempt` with a time limit; on 429 or 5xx waits (Retry-After, or a short default) and runs
 * it once more. `attempt` gets an AbortSignal that fires at the time limit and must throw a
 * CloudRecognizerError (or anything: it counts as a network failure).
 */
export async function callWithRetry<T>(
  attempt: (signal: AbortSignal) => Promise<T>,
  policy: CallPolicy,
  sleep: (ms: number) => Promise<unknown> = delay,
): Promise<{ value: T; attempts: number }> {
  for (let attempts = 1; ; attempts++) {
    try {
      return { value: await withTimeLimit(attempt, policy.timeoutMs), attempts };
    } catch (err) {
      const failure = toCloudError(err).withAttempts(attempts);
      const retryable = failure.reason === 'rate_limited' || failure.reason === 'server_error';
      if (!retryable || attempts >= 2) throw failure;
      const wait = failure.retryAfterMs ?? DEFAULT_RETRY_WAIT_MS;
      if (wait > policy.retryMaxWaitMs) throw failure;
      await sleep(wait);
    }
  }
}

async function withTimeLimit<T>(attempt: (signal: AbortSignal) => Promise<T>, timeoutMs: number): Promise<T> {
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => {
      const error = new CloudRecognizerError('timeout');
      controller.abort(error);
      reject(error);
    }, timeoutMs);
  });
  try {
    // The race answers on time even if the request ignores the signal; the signal stops it.
    return await Promise.race([attempt(controller.signal), timedOut]);
  } catch (err) {
    throw controller.signal.aborted ? new CloudRecognizerError('timeout') : err;
  } finally {
    clearTimeout(timer);
  }
}

function toCloudError(err: unknown): CloudRecognizerError {
  return err instanceof CloudRecognizerError ? err : new CloudRecognizerError('network');
}
