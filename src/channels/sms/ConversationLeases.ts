import { setTimeout as sleep } from 'node:timers/promises';
import { KeyedQueue } from '../KeyedQueue';
import type { Logger } from '../../observability/logger';
import type { SmsConversationStore } from '../../store/smsPorts';

/**
 * Runs one conversation's turns one at a time: in this process through a queue per conversation,
 * and across instances through a lease in the store (renewed while a turn runs; if an instance
 * dies, its lease runs out and another takes over).
 */
export class ConversationLeases {
  private readonly queue = new KeyedQueue();

  constructor(
    private readonly store: SmsConversationStore,
    private readonly owner: string,
    private readonly leaseMs: number,
    private readonly logger: Logger,
  ) {}

  /**
   * Runs the task while holding the conversation, waiting up to `waitMs` for the lease.
   * Resolves `{ ran: false }` if another instance kept it that long.
   */
  async hold<T>(
    conversationId: string,
    waitMs: number,
    task: () => Promise<T>,
  ): Promise<{ ran: true; value: T } | { ran: false }> {
    return await this.queue.run(conversationId, async () => {
      if (!(await this.take(conversationId, waitMs))) return { ran: false as const };
      const renewal = setInterval(
        () => {
          this.renew(conversationId).catch((err: unknown) =>
            this.logger.warn({ err }, 'could not renew an SMS conversation lease'),
          );
        },
        Math.max(50, Math.floor(this.leaseMs / 3)),
      );
      renewal.unref();
      try {
        return { ran: true as const, value: await task() };
      } finally {
        clearInterval(renewal);
        await this.store
          .releaseLease(conversationId, this.owner)
          .catch((err: unknown) => this.logger.warn({ err }, 'could not release an SMS conversation lease'));
      }
    });
  }

  private async take(conversationId: string, waitMs: number): Promise<boolean> {
    const deadline = Date.now() + waitMs;
    let pause = 25;
    while (!(await this.renew(conversationId))) {
      const left = deadline - Date.now();
      if (left <= 0) return false;
      await sleep(Math.min(pause, left));
      pause = Math.min(pause * 2, 500);
    }
    return true;
  }

  private async renew(conversationId: string): Promise<boolean> {
    const now = new Date();
    return await this.store.tryLease(conversationId, this.owner, new Date(now.getTime() + this.leaseMs), now);
  }
}
