/**
 * The date tests start from: the real time now (to the minute), moved by TEST_CLOCK_OFFSET_DAYS when
 * set. A test never pins a calendar date against code that also reads the wall clock (TTL indexes,
 * token expiry), so it passes on any day; `npm test` also runs the store contract a year ahead to
 * prove that reads follow the injected clock, not the backend's.
 */
export function testClockStart(): Date {
  const offsetDays = Number(process.env.TEST_CLOCK_OFFSET_DAYS ?? '0');
  if (!Number.isFinite(offsetDays)) throw new Error('TEST_CLOCK_OFFSET_DAYS must be a number');
  const now = Date.now() + offsetDays * 86_400_000;
  return new Date(Math.floor(now / 60_000) * 60_000);
}

/** A moment `ms` after `from`. */
export const later = (from: Date, ms: number): Date => new Date(from.getTime() + ms);
