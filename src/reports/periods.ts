import { DateTime } from 'luxon';

export type PeriodKind = 'month' | 'term';

export interface Period {
  /** Sortable key: "2026-11" for a month, "2026-27-autumn" for a term. */
  key: string;
  /** In words: "November 2026", "Autumn term 2026". */
  label: string;
}

const ZONE = 'Europe/London';

/**
 * The school term a date falls in, by the calendar English schools share: autumn from September
 * to December, spring from January to April, summer from May to August. (Half-terms and each
 * school's own dates do not move a case between terms.)
 */
function termOf(local: DateTime): Period {
  const { year, month } = local;
  if (month >= 9)
    return { key: `${year}-${String(year + 1).slice(2)}-1-autumn`, label: `Autumn term ${year}` };
  const academic = `${year - 1}-${String(year).slice(2)}`;
  if (month <= 4) return { key: `${academic}-2-spring`, label: `Spring term ${year}` };
  return { key: `${academic}-3-summer`, label: `Summer term ${year}` };
}

/** The UK date of a moment ("2026-09-01"). */
export const ukDate = (at: Date): string => DateTime.fromJSDate(at, { zone: ZONE }).toISODate() ?? '';

/** The month or term a moment falls in, in UK time. */
export function periodOf(at: Date, kind: PeriodKind): Period {
  const local = DateTime.fromJSDate(at, { zone: ZONE });
  if (kind === 'term') return termOf(local);
  return { key: local.toFormat('yyyy-MM'), label: local.toFormat('LLLL yyyy') };
}

/** The first and last moment of the term that contains `at` (for "this term" in the page). */
export function termBounds(at: Date): { from: Date; to: Date } {
  const local = DateTime.fromJSDate(at, { zone: ZONE });
  const startMonth = local.month >= 9 ? 9 : local.month <= 4 ? 1 : 5;
  const from = local.set({ month: startMonth }).startOf('month');
  const to = from.plus({ months: 4 }).minus({ milliseconds: 1 });
  return { from: from.toJSDate(), to: to.toJSDate() };
}

/**
 * The end of the working day `days` working days (Monday to Friday) after `from`: a first contact
 * by then is within the service's target.
 */
export function workingDaysAfter(from: Date, days: number): Date {
  let day = DateTime.fromJSDate(from, { zone: ZONE }).startOf('day');
  let left = days;
  while (left > 0) {
    day = day.plus({ days: 1 });
    if (day.weekday <= 5) left--;
  }
  return day.endOf('day').toJSDate();
}
