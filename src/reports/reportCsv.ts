import type { Case } from '../domain/model/case';
import type { Report, ReportFigures, ReportRow } from './buildReport';
import { firstContactOf, workingDaysTo } from './caseTally';

/**
 * One CSV field: quoted when it holds a comma, quote or line break, and never read as a formula
 * by a spreadsheet (a leading = + - @ is prefixed with an apostrophe).
 */
export function csvField(value: string | number | boolean | null | undefined): string {
  let text = value === null || value === undefined ? '' : String(value);
  if (/^[=+\-@\t\r]/.test(text) && !/^-?\d+(\.\d+)?$/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export const csvLine = (fields: Array<string | number | boolean | null | undefined>): string =>
  fields.map(csvField).join(',');

/** Every key a record-valued figure has across the rows, so each gets one column. */
function keysOf(rows: ReportFigures[], pick: (f: ReportFigures) => Record<string, unknown>): string[] {
  return [...new Set(rows.flatMap((r) => Object.keys(pick(r))))].sort();
}

/** The report as CSV: one line per school and period, one per school over the range, and the total. */
export function reportCsv(report: Report): string {
  const all: Array<ReportFigures & Partial<ReportRow>> = [...report.rows, ...report.schools, report.total];
  const channels = keysOf(all, (f) => f.referrals.byChannel);
  const topics = keysOf(all, (f) => f.topics);
  const outcomes = keysOf(all, (f) => f.outcomes);
  const areas = keysOf(all, (f) => f.areas);
  const ratings = ['1', '2', '3', '4', '5'];
  const agencies = keysOf(all, (f) => f.signposting);
  const header = [
    'school',
    'school_name',
    'period',
    'period_label',
    'referrals',
    'self_referrals',
    'live_chats',
    ...channels.map((c) => `channel_${c}`),
    ...topics.map((t) => `topic_${t}`),
    'urgent',
    'open',
    'closed',
    'first_contact_cases',
    'waiting_for_first_contact',
    'first_contact_median_hours',
    'first_contact_p90_hours',
    'first_contact_within_target',
    'first_contact_within_target_percent',
    ...outcomes.map((o) => `outcome_${o}`),
    ...areas.map((a) => `area_${a}`),
    'attendance_pairs',
    'attendance_median_before',
    'attendance_median_after',
    'attendance_median_change',
    'wellbeing_pairs',
    'wellbeing_median_start',
    'wellbeing_median_end',
    'wellbeing_median_change',
    'feedback_ratings',
    'feedback_average',
    ...ratings.map((r) => `rating_${r}`),
    ...agencies.map((a) => `signposted_${a}`),
    'cases_from_retained_counts',
    'ratings_from_retained_counts',
  ];
  const zero = <T>(value: T | undefined): T | 0 => value ?? 0;
  const line = (f: ReportFigures & Partial<ReportRow>) =>
    csvLine([
      f.schoolId ?? 'all',
      f.schoolName ?? 'All schools',
      f.period ?? 'all',
      f.periodLabel ?? `${report.fromDay} to ${report.toDay}`,
      f.referrals.total,
      f.referrals.selfReferral,
      f.referrals.liveChat,
      ...channels.map((c) => zero(f.referrals.byChannel[c])),
      ...topics.map((t) => zero(f.topics[t])),
      f.urgent,
      f.open,
      f.closed,
      f.firstContact.contacted,
      f.firstContact.waiting,
      f.firstContact.medianHours,
      f.firstContact.p90Hours,
      f.firstContact.withinTarget,
      f.firstContact.withinTargetPercent,
      ...outcomes.map((o) => zero(f.outcomes[o])),
      ...areas.map((a) => zero(f.areas[a])),
      f.attendance.pairs,
      f.attendance.medianBefore,
      f.attendance.medianAfter,
      f.attendance.medianChange,
      f.wellbeing.pairs,
      f.wellbeing.medianStart,
      f.wellbeing.medianEnd,
      f.wellbeing.medianChange,
      f.feedback.count,
      f.feedback.average,
      ...ratings.map((r) => zero(f.feedback.ratings[r])),
      ...agencies.map((a) => zero(f.signposting[a])),
      f.retained.cases,
      f.retained.ratings,
    ]);
  return [csvLine(header), ...all.map(line)].join('\r\n') + '\r\n';
}

/**
 * Every case behind the figures, one line each, for managers: reference, school, dates, topic and
 * outcome codes. No names, contact details or words. Cases deleted under the retention policy are
 * no longer here (the report's `retained` figures say how many).
 */
export function caseCsv(cases: Case[], targetFor: (schoolId: string) => number): string {
  const header = [
    'reference',
    'school',
    'kind',
    'channel',
    'opened',
    'first_contact',
    'first_contact_within_target',
    'closed',
    'status',
    'urgent',
    'topic',
    'outcome',
    'areas',
    'attendance_before',
    'attendance_after',
    'wellbeing_start',
    'wellbeing_end',
  ];
  const lines = cases.map((c) => {
    const firstContact = firstContactOf(c);
    const within = firstContact && workingDaysTo(c.createdAt, firstContact) <= targetFor(c.schoolId);
    const closedAt =
      c.status === 'closed' ? [...c.history].reverse().find((h) => h.to === 'closed')?.at : undefined;
    return csvLine([
      c.reference,
      c.schoolId,
      c.kind,
      c.channelId,
      c.createdAt.toISOString(),
      firstContact?.toISOString(),
      firstContact === undefined ? '' : within ? 'yes' : 'no',
      closedAt?.toISOString(),
      c.status,
      c.urgent ? 'yes' : 'no',
      typeof c.details.topic === 'string' ? c.details.topic : undefined,
      c.outcome,
      (c.closure?.areas ?? []).join(';'),
      c.closure?.attendanceBefore,
      c.closure?.attendanceAfter,
      c.wellbeing?.start,
      c.wellbeing?.end,
    ]);
  });
  return [csvLine(header), ...lines].join('\r\n') + '\r\n';
}
