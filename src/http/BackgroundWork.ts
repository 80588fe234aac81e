/**
 * Keeps count of work in flight (HTTP requests, bot turns started after a webhook was
 * acknowledged) so that shutdown can wait for it to finish.
 */
export class BackgroundWork {
  private readonly pending = new Set<Promise<unknown>>();

  /** Runs the task, tracked until it settles. The returned promise never rejects: failures go to onError. */
  run(task: () => Promise<unknown>, onError: (err: unknown) => void): Promise<void> {
    // The task starts now, in this tick, so that it sees events emitted before the next one.
    let started: Promise<unknown>;
    try {
      started = task();
    } catch (err) {
      started = Promise.reject(err instanceof Error ? err : new Error(String(err)));
    }
    const promise = started.then(
      () => undefined,
      (err: unknown) => onError(err),
    );
    this.pending.add(promise);
    void promise.finally(() => this.pending.delete(promise));
    return promise;
  }

  get size(): number {
    return this.pending.size;
  }

  /** Resolves true when everything finished, false if the timeout came first. */
  async drain(timeoutMs: number): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    while (this.pending.size > 0) {
      const remaining = deadline - Date.now();
      if (remaining <= 0) return false;
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<'timeout'>((resolve) => {
        timer = setTimeout(() => resolve('timeout'), remaining);
      });
      const result = await Promise.race([Promise.allSettled([...this.pending]), timeout]);
      clearTimeout(timer);
      if (result === 'timeout') return false;
    }
    return true;
  }
}
