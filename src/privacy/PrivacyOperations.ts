import type { Content } from '../content/loadContent';
import { conversationKeyFor } from '../domain/conversationKey';
import type { Logger } from '../observability/logger';
import type { Sealer } from '../security/sealer';
import type { Stores } from '../store/ports';
import { ErasureService } from './ErasureService';
import { RetentionSweep, type SweepReport } from './RetentionSweep';
import { SubjectAccessExport } from './SubjectAccessExport';

/** How often parents' erasures are checked for being ready to finish. */
const ERASURE_CHECK_MS = 30_000;

/**
 * The privacy operations of a running service: erasure, subject access export and the retention
 * sweep, which runs on a timer (and from `npm run data -- sweep`).
 */
export class PrivacyOperations {
  readonly erasure: ErasureService;
  readonly sweep: RetentionSweep;
  readonly exports: SubjectAccessExport;
  private timers: NodeJS.Timeout[] = [];
  private running: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly props: {
      stores: Stores;
      content: Content;
      sealer: Sealer;
      logger: Logger;
      now: () => Date;
    },
  ) {
    const { stores, content, sealer, logger, now } = props;
    this.erasure = new ErasureService(stores, logger, now);
    this.sweep = new RetentionSweep({
      stores,
      content,
      logger,
      now,
      smsConversationKey: (id) => conversationKeyFor(sealer, 'sms', id),
    });
    this.exports = new SubjectAccessExport({ stores, sealer, content, now });
  }

  /** Runs the sweep now (one at a time). */
  async runSweep(): Promise<SweepReport> {
    const next = this.running.then(() => this.sweep.run());
    this.running = next.catch(() => undefined);
    return await next;
  }

  /** Finishes parents' erasures that are due (one run at a time). */
  async finishDueErasures(): Promise<number> {
    const next = this.running.then(() => this.erasure.finishDue());
    this.running = next.catch(() => undefined);
    return await next;
  }

  start(sweepIntervalMs: number): void {
    const { logger } = this.props;
    const every = (ms: number, job: () => Promise<unknown>, what: string) => {
      const timer = setInterval(() => {
        job().catch((err: unknown) => logger.error({ err }, `${what} failed`));
      }, ms);
      timer.unref();
      this.timers.push(timer);
    };
    every(sweepIntervalMs, () => this.runSweep(), 'retention sweep');
    every(Math.min(ERASURE_CHECK_MS, sweepIntervalMs), () => this.finishDueErasures(), 'erasure');
  }

  async stop(): Promise<void> {
    for (const timer of this.timers) clearInterval(timer);
    this.timers = [];
    await this.running;
  }
}
