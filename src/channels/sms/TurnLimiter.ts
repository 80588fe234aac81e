/**
 * At most `limit` SMS turns run at once in this process; the rest wait their turn. Without it, a
 * burst of texts starts every turn at once and the webhook's acknowledgements queue behind them.
 */
export class TurnLimiter {
  private running = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(private readonly limit: number) {}

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.running >= this.limit) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.running++;
    try {
      return await task();
    } finally {
      this.running--;
      this.waiting.shift()?.();
    }
  }
}
