import type { Logger } from '../observability/logger';
import { NONE_INTENT, type Recognition, type Recognizer } from './Recognizer';
import { CloudRecognizerError, type CloudFailureReason, type CloudRecognizer } from './cloud/cloudCall';

/** Why the local model answered instead of the cloud one. */
export type FallbackReason =
  | CloudFailureReason
  /** The cloud answered with a score below the threshold. */
  | 'low_score'
  /** The cloud answered with an intent the content does not have (an app out of step with it). */
  | 'unknown_intent'
  /** Recent calls failed, so the cloud is not asked for a while (see the breaker settings). */
  | 'cloud_paused';

export interface FallbackOptions {
  /** A cloud answer scored below this is replaced by the local model's. */
  minScore: number;
  /** The intents the content trains (and the dialogs know). */
  knownIntents: ReadonlySet<string>;
  /** After this many failures in a row the cloud is not asked for pauseMs; 0 never pauses. */
  breakerFailures: number;
  breakerPauseMs: number;
  logger: Logger;
  now?: () => number;
}

/**
 * Asks the cloud recognizer first and the local model when the cloud fails (time-out, 429 or 5xx
 * after one retry, a rejected key, a malformed answer), is unsure (score below the threshold), or
 * names an intent the content does not have. Failures in a row pause the cloud for a while, so a
 * cloud outage costs parents one time-out each, not one per message.
 *
 * Logs the backend, outcome, reason and latency of every recognition; never the message.
 */
export class FallbackRecognizer implements Recognizer {
  private failuresInARow = 0;
  /** While now < pausedUntil the cloud is not asked; after it, the next call is a trial. */
  private pausedUntil: number | undefined;
  private readonly now: () => number;

  constructor(
    private readonly cloud: CloudRecognizer,
    private readonly local: Recognizer,
    private readonly options: FallbackOptions,
  ) {
    this.now = options.now ?? (() => performance.now());
  }

  async recognize(text: string): Promise<Recognition> {
    const started = this.now();
    const backend = this.cloud.backend;
    if (this.pausedUntil !== undefined && started < this.pausedUntil) {
      return await this.fallBack(text, started, { backend, reason: 'cloud_paused' });
    }
    let cloud: Recognition;
    try {
      cloud = await this.cloud.recognize(text);
    } catch (err) {
      const failure = err instanceof CloudRecognizerError ? err : new CloudRecognizerError('network');
      this.recordFailure();
      return await this.fallBack(text, started, {
        backend,
        reason: failure.reason,
        attempts: failure.attempts,
        ...(failure.status !== undefined ? { status: failure.status } : {}),
        cloudMs: Math.round(this.now() - started),
      });
    }
    this.failuresInARow = 0;
    if (this.pausedUntil !== undefined) {
      this.pausedUntil = undefined;
      this.options.logger.info({ backend }, 'nlu: cloud recognizer answering again');
    }
    const cloudMs = Math.round(this.now() - started);
    if (cloud.intent !== NONE_INTENT && !this.options.knownIntents.has(cloud.intent)) {
      return await this.fallBack(text, started, { backend, reason: 'unknown_intent', cloudMs });
    }
    if (cloud.score < this.options.minScore) {
      return await this.fallBack(text, started, {
        backend,
        reason: 'low_score',
        score: cloud.score,
        cloudMs,
      });
    }
    this.options.logger.debug({ backend, outcome: 'cloud', score: cloud.score, latencyMs: cloudMs }, 'nlu');
    return cloud;
  }

  private recordFailure(): void {
    this.failuresInARow++;
    const { breakerFailures, breakerPauseMs, logger } = this.options;
    // A failed trial after a pause pauses again at once.
    const trialFailed = this.pausedUntil !== undefined;
    if (breakerFailures > 0 && (trialFailed || this.failuresInARow >= breakerFailures)) {
      this.pausedUntil = this.now() + breakerPauseMs;
      this.failuresInARow = 0;
      logger.warn(
        { backend: this.cloud.backend, failures: breakerFailures, pauseMs: breakerPauseMs },
        'nlu: cloud recognizer keeps failing; using the local model alone for a while',
      );
    }
  }

  private async fallBack(
    text: string,
    started: number,
    fields: { backend: string; reason: FallbackReason } & Record<string, unknown>,
  ): Promise<Recognition> {
    const recognition = await this.local.recognize(text);
    const failed = !['low_score', 'unknown_intent', 'cloud_paused'].includes(fields.reason);
    const record = { ...fields, outcome: 'fallback', latencyMs: Math.round(this.now() - started) };
    if (failed) this.options.logger.warn(record, 'nlu: cloud recognizer failed; the local model answered');
    else this.options.logger.debug(record, 'nlu: the local model answered');
    return recognition;
  }
}
