/**
 * The wait before retry number `attempt` (0 first): doubling from `baseMs`, capped at `maxMs`, with
 * "equal jitter" (between half and all of it) so clients that failed together do not retry together.
 */
export function jitteredBackoff(attempt: number, baseMs: number, maxMs: number): number {
  const capped = Math.min(maxMs, baseMs * 2 ** attempt);
  return capped / 2 + Math.random() * (capped / 2);
}
