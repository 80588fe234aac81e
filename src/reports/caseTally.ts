import { DateTime } from 'luxon';
import type { Case } from '../domain/model/case';
import { reportMonth } from '../store/privacyPorts';
import { workingDaysAfter } from './periods';

/**
 * What the reports count, as named counters (a tally): every figure of a report is computed from
 * the sum of its cases' tallies. A tally holds codes and numbers only (kind, channel, topic,
 * outcome, areas, minutes and working days to first contact, attendance and 0–10 answers), never a
 * name, a word or a reference, so the tallies of deleted cases can be kept and summed per school
 * and month (`report_counts`) and the reports give the same figures after the retention sweep.
 *
 * Keys: `cases`, `urgent`, `open`, `closed`, `waiting`, `attendance`, `wellbeing` (pairs), and
 * `<name>:<value>` for the rest (e.g. `channel:sms`, `contactMinutes:90`, `wellbeingStart:4`).
 */
export type Tally = Record<string, number>;

/** Working days to first contact beyond this are counted as this (no target is longer: 20). */
export const MAX_CONTACT_WORKING_DAYS = 21;

/** Moments a PSW first reached the family: a contact attempt or a reply; for a live chat, joining it. */
const CONTACT_ACTIONS = new Set(['contact_attempt', 'reply']);

export function firstContactOf(c: Case): Date | undefined {
  return c.history.find(
    (h) => CONTACT_ACTIONS.has(h.action) || (c.kind === 'live_chat' && h.action === 'claim'),
  )?.at;
}

/**
 * The fewest working days (Monday to Friday, UK time) after the day `from` by whose end `to` came:
 * 0 for the same day. A first contact is within a target of N days when this is at most N.
 */
export function workingDaysTo(from: Date, to: Date): number {
  for (let days = 0; days < MAX_CONTACT_WORKING_DAYS; days++) {
    if (to <= workingDaysAfter(from, days)) return days;
  }
  return MAX_CONTACT_WORKING_DAYS;
}

/** A value as part of a key (keys may not hold "." or start with "$" in the document store). */
const part = (value: string | number) => encodeURIComponent(String(value)).replace(/\./g, '%2E');

export const tallyKey = (name: string, value: string | number) => `${name}:${part(value)}`;

/** The tally of one case, as it is now. */
export function caseTally(c: Case): Tally {
  const tally: Tally = {};
  const add = (key: string) => (tally[key] = (tally[key] ?? 0) + 1);
  add('cases');
  add(tallyKey('kind', c.kind));
  add(tallyKey('channel', c.channelId));
  if (typeof c.details.topic === 'string') add(tallyKey('topic', c.details.topic));
  if (c.urgent) add('urgent');
  const open = c.status !== 'closed';
  add(open ? 'open' : 'closed');
  const contact = firstContactOf(c);
  if (contact) {
    add(tallyKey('contactMinutes', Math.floor((contact.getTime() - c.createdAt.getTime()) / 60_000)));
    add(tallyKey('contactDays', workingDaysTo(c.createdAt, contact)));
  } else if (open) add('waiting');
  if (c.outcome) add(tallyKey('outcome', c.outcome));
  for (const area of c.closure?.areas ?? []) add(tallyKey('area', area));
  const { closure, wellbeing } = c;
  if (closure?.attendanceBefore !== undefined && closure.attendanceAfter !== undefined) {
    add('attendance');
    add(tallyKey('attendanceBefore', closure.attendanceBefore));
    add(tallyKey('attendanceAfter', closure.attendanceAfter));
    add(tallyKey('attendanceChange', round2(closure.attendanceAfter - closure.attendanceBefore)));
  }
  if (wellbeing?.start !== undefined && wellbeing.end !== undefined) {
    add('wellbeing');
    add(tallyKey('wellbeingStart', wellbeing.start));
    add(tallyKey('wellbeingEnd', wellbeing.end));
    add(tallyKey('wellbeingChange', wellbeing.end - wellbeing.start));
  }
  return tally;
}

const round2 = (n: number) => Math.round(n * 100) / 100;

/** A feedback rating, counted in the month it was given (kept in the case's month when retained). */
export const ratingKey = (month: string, rating: number) => `rating@${month}:${rating}`;

/** Adds `from` into `into` (times `sign`: -1 takes it back out). */
export function addTally(into: Tally, from: Tally, sign: 1 | -1 = 1): Tally {
  for (const [key, n] of Object.entries(from)) into[key] = (into[key] ?? 0) + sign * n;
  return into;
}

/** The counters named `<name>:<value>`, by value. */
export function countsOf(tally: Tally, name: string): Map<string, number> {
  const prefix = `${name}:`;
  const counts = new Map<string, number>();
  for (const [key, n] of Object.entries(tally)) {
    if (key.startsWith(prefix) && n > 0) counts.set(decodeURIComponent(key.slice(prefix.length)), n);
  }
  return counts;
}

/** The numbers counted under `<name>:<number>`, each as many times as it was counted. */
export function valuesOf(tally: Tally, name: string): number[] {
  return [...countsOf(tally, name)].flatMap(([value, n]) => Array<number>(n).fill(Number(value)));
}

/** First contacts within a target of `days` working days. */
export function withinTarget(tally: Tally, days: number): number {
  let within = 0;
  for (const [value, n] of countsOf(tally, 'contactDays')) if (Number(value) <= days) within += n;
  return within;
}

/** The month ("2026-11") a moment falls in, UK time: the month a case's retained tally is kept in. */
export const monthOf = reportMonth;

/** The first and last moment of a month ("2026-11"), UK time. */
export function monthBounds(month: string): { from: Date; to: Date } {
  const start = DateTime.fromISO(`${month}-01`, { zone: 'Europe/London' });
  return { from: start.toJSDate(), to: start.plus({ months: 1 }).minus({ milliseconds: 1 }).toJSDate() };
}

/** A retained tally split into its cases' counters and its ratings by the month they were given. */
export function splitRetained(tally: Tally): { cases: Tally; ratings: Map<string, Tally> } {
  const cases: Tally = {};
  const ratings = new Map<string, Tally>();
  for (const [key, n] of Object.entries(tally)) {
    const rating = /^rating@(\d{4}-\d{2}):(\d)$/.exec(key);
    if (!rating) {
      cases[key] = n;
      continue;
    }
    const month = rating[1] ?? '';
    const value = rating[2] ?? '';
    const forMonth = ratings.get(month) ?? {};
    forMonth[tallyKey('rating', value)] = (forMonth[tallyKey('rating', value)] ?? 0) + n;
    ratings.set(month, forMonth);
  }
  return { cases, ratings };
}
