import { DateTime } from 'luxon';
import type { School } from '../content/loadContent';

/** The parts of a school's content that say when its Parent Support Worker works. */
export type WorkingPattern = Pick<School, 'hours' | 'termDates'>;

const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;

function inTerm(pattern: WorkingPattern, isoDate: string): boolean {
  if (pattern.termDates.length === 0) return true;
  return pattern.termDates.some((term) => term.start <= isoDate && isoDate <= term.end);
}

function slotsOn(pattern: WorkingPattern, day: DateTime): Array<{ open: DateTime; close: DateTime }> {
  const isoDate = day.toISODate();
  if (!isoDate || !inTerm(pattern, isoDate)) return [];
  const weekday = WEEKDAYS[day.weekday - 1];
  const slots = weekday ? (pattern.hours.weekly[weekday] ?? []) : [];
  return slots.map(([from, to]) => {
    const [fh = 0, fm = 0] = from.split(':').map(Number);
    const [th = 0, tm = 0] = to.split(':').map(Number);
    return {
      open: day.set({ hour: fh, minute: fm, second: 0, millisecond: 0 }),
      close: day.set({ hour: th, minute: tm, second: 0, millisecond: 0 }),
    };
  });
}

/** Whether a PSW is working at that moment (school's timezone, weekly hours, term dates). */
export function isWorkingTime(pattern: WorkingPattern, at: Date): boolean {
  const local = DateTime.fromJSDate(at, { zone: pattern.hours.timezone });
  return slotsOn(pattern, local.startOf('day')).some((s) => s.open <= local && local < s.close);
}

/** When the working period a PSW is in at `at` ends; undefined if they are not working then. */
export function workingUntil(pattern: WorkingPattern, at: Date): Date | undefined {
  const local = DateTime.fromJSDate(at, { zone: pattern.hours.timezone });
  const slot = slotsOn(pattern, local.startOf('day')).find((s) => s.open <= local && local < s.close);
  return slot?.close.toJSDate();
}

/**
 * The next moment a PSW is working: `at` itself if they are working now, otherwise the start of
 * the next working period; undefined if there is none within the horizon (e.g. no term dates ahead).
 */
export function nextWorkingTime(pattern: WorkingPattern, at: Date, horizonDays = 120): Date | undefined {
  const local = DateTime.fromJSDate(at, { zone: pattern.hours.timezone });
  for (let offset = 0; offset <= horizonDays; offset++) {
    const day = local.startOf('day').plus({ days: offset });
    for (const slot of slotsOn(pattern, day)) {
      if (local < slot.close) return (local > slot.open ? local : slot.open).toJSDate();
    }
  }
  return undefined;
}

/**
 * Plain words for when something will happen, in the school's timezone, e.g. "today at 2:30pm",
 * "tomorrow at 8:15am" or "on Monday 5 January at 8:30am".
 */
export function describeWhen(when: Date, now: Date, timezone: string): string {
  const target = DateTime.fromJSDate(when, { zone: timezone });
  const today = DateTime.fromJSDate(now, { zone: timezone }).startOf('day');
  const time = target.toFormat(target.minute === 0 ? 'ha' : 'h:mma').toLowerCase();
  const days = Math.round(target.startOf('day').diff(today, 'days').days);
  if (days === 0) return `today at ${time}`;
  if (days === 1) return `tomorrow at ${time}`;
  return `on ${target.toFormat('cccc d LLLL')} at ${time}`;
}

/**
 * A deadline `days` working days after `at`: the same time of day on the `days`-th working day
 * after the next working time (clamped into that day's working hours). 0 days: the next working
 * time itself. Undefined if there is no working time within the horizon.
 */
export function addWorkingDays(
  pattern: WorkingPattern,
  at: Date,
  days: number,
  horizonDays = 120,
): Date | undefined {
  const start = nextWorkingTime(pattern, at, horizonDays);
  if (!start || days <= 0) return start;
  const local = DateTime.fromJSDate(start, { zone: pattern.hours.timezone });
  let counted = 0;
  for (let offset = 1; offset <= horizonDays; offset++) {
    const day = local.startOf('day').plus({ days: offset });
    const slots = slotsOn(pattern, day);
    const last = slots.at(-1);
    if (!last) continue;
    if (++counted < days) continue;
    const sameTime = day.set({ hour: local.hour, minute: local.minute, second: 0, millisecond: 0 });
    const inside = slots.find((s) => s.open <= sameTime && sameTime < s.close);
    if (inside) return sameTime.toJSDate();
    const later = slots.find((s) => sameTime < s.open);
    return (later ? later.open : last.close).toJSDate();
  }
  return undefined;
}
