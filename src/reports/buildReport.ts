import type { Case } from '../domain/model/case';
import type { Feedback, SignpostingShown } from '../store/ports';
import type { OutcomeContent } from './outcomeContent';
import { periodOf, workingDaysAfter, type PeriodKind } from './periods';

/** A count, or "<5" where a small number could let a family be recognised. */
export type Count = number | `<${number}`;

/** A statistic over some cases: null when there are too few to show without identifying anyone. */
export type Statistic = number | null;

export interface ReportFigures {
  referrals: { total: Count; selfReferral: Count; liveChat: Count; byChannel: Record<string, Count> };
  topics: Record<string, Count>;
  urgent: Count;
  open: Count;
  closed: Count;
  firstContact: {
    /** Cases with a first contact recorded. */
    contacted: Count;
    /** Open cases nobody has contacted yet. */
    waiting: Count;
    medianHours: Statistic;
    p90Hours: Statistic;
    withinTarget: Count;
    /** Per cent of contacted cases reached within the target, rounded. */
    withinTargetPercent: Statistic;
  };
  outcomes: Record<string, Count>;
  areas: Record<string, Count>;
  attendance: { pairs: Count; medianBefore: Statistic; medianAfter: Statistic; medianChange: Statistic };
  wellbeing: { pairs: Count; medianStart: Statistic; medianEnd: Statistic; medianChange: Statistic };
  feedback: { count: Count; average: Statistic; ratings: Record<string, Count> };
  signposting: Record<string, Count>;
}

export interface ReportRow extends ReportFigures {
  schoolId: string;
  schoolName: string;
  period: string;
  periodLabel: string;
}

export interface Report {
  from: string;
  to: string;
  period: PeriodKind;
  suppressBelow: number;
  firstContactTargetWorkingDays: number;
  /** One row per school and period with any activity, in school then period order. */
  rows: ReportRow[];
  /** One row per school over the whole range. */
  schools: ReportRow[];
  /** Every school in range together. */
  total: ReportFigures;
}

export interface ReportInput {
  cases: Case[];
  feedback: Feedback[];
  signposting: SignpostingShown[];
  schools: Array<{ id: string; name: string }>;
  outcomes: OutcomeContent;
  from: Date;
  to: Date;
  period: PeriodKind;
}

/** What happened to a case, read from its record (no personal data is read). */
interface CaseFacts {
  kind: Case['kind'];
  channelId: string;
  topic?: string;
  urgent: boolean;
  open: boolean;
  outcome?: string;
  areas: string[];
  attendance?: { before: number; after: number };
  wellbeing?: { start: number; end: number };
  firstContactHours?: number;
  withinTarget?: boolean;
}

/** Moments a PSW first reached the family: a contact attempt or a reply; for a live chat, joining it. */
const CONTACT_ACTIONS = new Set(['contact_attempt', 'reply']);

export function factsOf(c: Case, targetWorkingDays: number): CaseFacts {
  const firstContact = c.history.find(
    (h) => CONTACT_ACTIONS.has(h.action) || (c.kind === 'live_chat' && h.action === 'claim'),
  );
  const topic = typeof c.details.topic === 'string' ? c.details.topic : undefined;
  const { closure, wellbeing } = c;
  return {
    kind: c.kind,
    channelId: c.channelId,
    ...(topic ? { topic } : {}),
    urgent: c.urgent,
    open: c.status !== 'closed',
    ...(c.outcome ? { outcome: c.outcome } : {}),
    areas: closure?.areas ?? [],
    ...(closure?.attendanceBefore !== undefined && closure.attendanceAfter !== undefined
      ? { attendance: { before: closure.attendanceBefore, after: closure.attendanceAfter } }
      : {}),
    ...(wellbeing?.start !== undefined && wellbeing.end !== undefined
      ? { wellbeing: { start: wellbeing.start, end: wellbeing.end } }
      : {}),
    ...(firstContact
      ? {
          firstContactHours: (firstContact.at.getTime() - c.createdAt.getTime()) / 3_600_000,
          withinTarget: firstContact.at <= workingDaysAfter(c.createdAt, targetWorkingDays),
        }
      : {}),
  };
}

/** The value at a quantile (nearest rank) of numbers; undefined for none. */
export function quantile(values: number[], q: number): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
}

const round1 = (n: number) => Math.round(n * 10) / 10;

function tally(keys: Iterable<string>): Map<string, number> {
  const counts = new Map<string, number>();
  for (const key of keys) counts.set(key, (counts.get(key) ?? 0) + 1);
  return counts;
}

/** Figures for one group of cases, feedback and signposting, with small numbers suppressed. */
function figures(
  cases: CaseFacts[],
  feedback: Feedback[],
  shown: SignpostingShown[],
  below: number,
): ReportFigures {
  const count = (n: number): Count => (n > 0 && n < below ? `<${below}` : n);
  const counts = (map: Map<string, number>): Record<string, Count> =>
    Object.fromEntries([...map].sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => [k, count(v)]));
  /** A statistic is shown only when it rests on at least `below` cases. */
  const stat = (values: number[], compute: (v: number[]) => number | undefined): Statistic => {
    if (values.length < below) return null;
    const value = compute(values);
    return value === undefined ? null : round1(value);
  };
  const median = (v: number[]) => quantile(v, 0.5);

  const contacted = cases.filter((c) => c.firstContactHours !== undefined);
  const hours = contacted.map((c) => c.firstContactHours as number);
  const within = contacted.filter((c) => c.withinTarget).length;
  const attendance = cases.flatMap((c) => (c.attendance ? [c.attendance] : []));
  const wellbeing = cases.flatMap((c) => (c.wellbeing ? [c.wellbeing] : []));
  const ratings = feedback.map((f) => f.rating);

  return {
    referrals: {
      total: count(cases.length),
      selfReferral: count(cases.filter((c) => c.kind === 'referral').length),
      liveChat: count(cases.filter((c) => c.kind === 'live_chat').length),
      byChannel: counts(tally(cases.map((c) => c.channelId))),
    },
    topics: counts(tally(cases.flatMap((c) => (c.topic ? [c.topic] : [])))),
    urgent: count(cases.filter((c) => c.urgent).length),
    open: count(cases.filter((c) => c.open).length),
    closed: count(cases.filter((c) => !c.open).length),
    firstContact: {
      contacted: count(contacted.length),
      waiting: count(cases.filter((c) => c.open && c.firstContactHours === undefined).length),
      medianHours: stat(hours, median),
      p90Hours: stat(hours, (v) => quantile(v, 0.9)),
      withinTarget: count(within),
      withinTargetPercent: stat(hours, () => Math.round((100 * within) / contacted.length)),
    },
    outcomes: counts(tally(cases.flatMap((c) => (c.outcome ? [c.outcome] : [])))),
    areas: counts(tally(cases.flatMap((c) => c.areas))),
    attendance: {
      pairs: count(attendance.length),
      medianBefore: stat(
        attendance.map((a) => a.before),
        median,
      ),
      medianAfter: stat(
        attendance.map((a) => a.after),
        median,
      ),
      medianChange: stat(
        attendance.map((a) => a.after - a.before),
        median,
      ),
    },
    wellbeing: {
      pairs: count(wellbeing.length),
      medianStart: stat(
        wellbeing.map((w) => w.start),
        median,
      ),
      medianEnd: stat(
        wellbeing.map((w) => w.end),
        median,
      ),
      medianChange: stat(
        wellbeing.map((w) => w.end - w.start),
        median,
      ),
    },
    feedback: {
      count: count(ratings.length),
      average: stat(ratings, (v) => v.reduce((a, b) => a + b, 0) / v.length),
      ratings: counts(tally(ratings.map(String))),
    },
    signposting: counts(tally(shown.flatMap((s) => s.agencyIds))),
  };
}

interface Group {
  cases: CaseFacts[];
  feedback: Feedback[];
  shown: SignpostingShown[];
}

const emptyGroup = (): Group => ({ cases: [], feedback: [], shown: [] });

/**
 * The report for a range of dates: each case counts in the period it was opened, each rating in
 * the period it was given, each signposting in the period it was shown. Counts below the
 * content's `suppressBelow` are "<5"; statistics over fewer cases are null.
 */
export function buildReport(input: ReportInput): Report {
  const { outcomes, from, to, period } = input;
  const inRange = (at: Date) => at >= from && at <= to;
  const names = new Map(input.schools.map((s) => [s.id, s.name]));
  const byRow = new Map<string, Group & { schoolId: string; period: string; periodLabel: string }>();
  const bySchool = new Map<string, Group>();
  const all = emptyGroup();
  const groupsFor = (schoolId: string | undefined, at: Date): Group[] => {
    if (schoolId === undefined || !names.has(schoolId)) return [all];
    const p = periodOf(at, period);
    const rowKey = `${schoolId}|${p.key}`;
    let row = byRow.get(rowKey);
    if (!row) {
      row = { ...emptyGroup(), schoolId, period: p.key, periodLabel: p.label };
      byRow.set(rowKey, row);
    }
    let school = bySchool.get(schoolId);
    if (!school) bySchool.set(schoolId, (school = emptyGroup()));
    return [row, school, all];
  };

  for (const c of input.cases) {
    if (!inRange(c.createdAt)) continue;
    const facts = factsOf(c, outcomes.firstContactTargetWorkingDays);
    for (const g of groupsFor(c.schoolId, c.createdAt)) g.cases.push(facts);
  }
  for (const f of input.feedback) {
    if (inRange(f.at)) for (const g of groupsFor(f.schoolId, f.at)) g.feedback.push(f);
  }
  for (const s of input.signposting) {
    if (inRange(s.at)) for (const g of groupsFor(s.schoolId, s.at)) g.shown.push(s);
  }

  const below = outcomes.suppressBelow;
  const schoolOrder = input.schools.map((s) => s.id);
  const rows = [...byRow.values()]
    .sort(
      (a, b) =>
        schoolOrder.indexOf(a.schoolId) - schoolOrder.indexOf(b.schoolId) || a.period.localeCompare(b.period),
    )
    .map((row) => ({
      schoolId: row.schoolId,
      schoolName: names.get(row.schoolId) ?? row.schoolId,
      period: row.period,
      periodLabel: row.periodLabel,
      ...figures(row.cases, row.feedback, row.shown, below),
    }));
  const schools = schoolOrder.flatMap((id) => {
    const g = bySchool.get(id);
    if (!g) return [];
    return [
      {
        schoolId: id,
        schoolName: names.get(id) ?? id,
        period: 'all',
        periodLabel: 'Whole range',
        ...figures(g.cases, g.feedback, g.shown, below),
      },
    ];
  });
  return {
    from: from.toISOString(),
    to: to.toISOString(),
    period,
    suppressBelow: below,
    firstContactTargetWorkingDays: outcomes.firstContactTargetWorkingDays,
    rows,
    schools,
    total: figures(all.cases, all.feedback, all.shown, below),
  };
}
