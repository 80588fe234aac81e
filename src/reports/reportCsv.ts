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

type Field = string | number | boolean | null | undefined;
/** One CSV column: its header and how a row gives its field. Header and field stay side by side. */
type Column<R> = [header: string, field: (row: R) => Field];

/** A table as CSV (CRLF line ends, as spreadsheets expect): the header line, then one line per row. */
function csvTable<R>(columns: Array<Column<R>>, rows: R[]): string {
  const lines = [columns.map(([header]) => header), ...rows.map((r) => columns.map(([, field]) => field(r)))];
  return lines.map(csvLine).join('\r\n') + '\r\n';
}

type Figures = ReportFigures & Partial<ReportRow>;

/** Every key a record-valued figure has across the rows, so each gets one column (0 where a row has none). */
function keyedColumns(
  rows: Figures[],
  prefix: string,
  pick: (f: ReportFigures) => Record<string, Field>,
  keys = [...new Set(rows.flatMap((r) => Object.keys(pick(r))))].sort(),
): Array<Column<Figures>> {
  return keys.map((key) => [`${prefix}${key}`, (f) => pick(f)[key] ?? 0]);
}

/** Columns named `${prefix}${suffix}` for the fields of one figure, in the order given. */
function groupColumns<G>(
  prefix: string,
  pick: (f: Figures) => G,
  fields: Array<[suffix: string, key: keyof G]>,
): Array<Column<Figures>> {
  return fields.map(([suffix, key]) => [`${prefix}${suffix}`, (f) => pick(f)[key] as Field]);
}

/** The report as CSV: one line per school and period, one per school over the range, and the total. */
export function reportCsv(report: Report): string {
  const all: Figures[] = [...report.rows, ...report.schools, report.total];
  const columns: Array<Column<Figures>> = [
    ['school', (f) => f.schoolId ?? 'all'],
    ['school_name', (f) => f.schoolName ?? 'All schools'],
    ['period', (f) => f.period ?? 'all'],
    ['period_label', (f) => f.periodLabel ?? `${report.fromDay} to ${report.toDay}`],
    ...groupColumns('', (f) => f.referrals, [
      ['referrals', 'total'],
      ['self_referrals', 'selfReferral'],
      ['live_chats', 'liveChat'],
    ]),
    ...keyedColumns(all, 'channel_', (f) => f.referrals.byChannel),
    ...keyedColumns(all, 'topic_', (f) => f.topics),
    ['urgent', (f) => f.urgent],
    ['open', (f) => f.open],
    ['closed', (f) => f.closed],
    ...groupColumns('', (f) => f.firstContact, [
      ['first_contact_cases', 'contacted'],
      ['waiting_for_first_contact', 'waiting'],
      ['first_contact_median_hours', 'medianHours'],
      ['first_contact_p90_hours', 'p90Hours'],
      ['first_contact_within_target', 'withinTarget'],
      ['first_contact_within_target_percent', 'withinTargetPercent'],
    ]),
    ...keyedColumns(all, 'outcome_', (f) => f.outcomes),
    ...keyedColumns(all, 'area_', (f) => f.areas),
    ...groupColumns('attendance_', (f) => f.attendance, [
      ['pairs', 'pairs'],
      ['median_before', 'medianBefore'],
      ['median_after', 'medianAfter'],
      ['median_change', 'medianChange'],
    ]),
    ...groupColumns('wellbeing_', (f) => f.wellbeing, [
      ['pairs', 'pairs'],
      ['median_start', 'medianStart'],
      ['median_end', 'medianEnd'],
      ['median_change', 'medianChange'],
    ]),
    ['feedback_ratings', (f) => f.feedback.count],
    ['feedback_average', (f) => f.feedback.average],
    ...keyedColumns(all, 'rating_', (f) => f.feedback.ratings, ['1', '2', '3', '4', '5']),
    ...keyedColumns(all, 'signposted_', (f) => f.signposting),
    ['cases_from_retained_counts', (f) => f.retained.cases],
    ['ratings_from_retained_counts', (f) => f.retained.ratings],
  ];
  return csvTable(columns, all);
}

/**
 * Every case behind the figures, one line each, for managers: reference, school, dates, topic and
 * outcome codes. No names, contact details or words. Cases deleted under the retention policy are
 * no longer here (the report's `retained` figures say how many).
 */
export function caseCsv(cases: Case[], targetFor: (schoolId: string) => number): string {
  const yesNo = (yes: boolean | undefined) => (yes === undefined ? '' : yes ? 'yes' : 'no');
  const rows = cases.map((c) => {
    const firstContact = firstContactOf(c);
    return {
      c,
      firstContact,
      within:
        firstContact === undefined
          ? undefined
          : workingDaysTo(c.createdAt, firstContact) <= targetFor(c.schoolId),
      closedAt:
        c.status === 'closed' ? [...c.history].reverse().find((h) => h.to === 'closed')?.at : undefined,
    };
  });
  return csvTable<(typeof rows)[number]>(
    [
      ['reference', ({ c }) => c.reference],
      ['school', ({ c }) => c.schoolId],
      ['kind', ({ c }) => c.kind],
      ['channel', ({ c }) => c.channelId],
      ['opened', ({ c }) => c.createdAt.toISOString()],
      ['first_contact', (r) => r.firstContact?.toISOString()],
      ['first_contact_within_target', (r) => yesNo(r.within)],
      ['closed', (r) => r.closedAt?.toISOString()],
      ['status', ({ c }) => c.status],
      ['urgent', ({ c }) => yesNo(c.urgent)],
      ['topic', ({ c }) => (typeof c.details.topic === 'string' ? c.details.topic : undefined)],
      ['outcome', ({ c }) => c.outcome],
      ['areas', ({ c }) => (c.closure?.areas ?? []).join(';')],
      ['attendance_before', ({ c }) => c.closure?.attendanceBefore],
      ['attendance_after', ({ c }) => c.closure?.attendanceAfter],
      ['wellbeing_start', ({ c }) => c.wellbeing?.start],
      ['wellbeing_end', ({ c }) => c.wellbeing?.end],
    ],
    rows,
  );
}
