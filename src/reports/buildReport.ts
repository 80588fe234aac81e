import type { Case } from '../domain/model/case';
import type { Feedback, SignpostingShown } from '../store/ports';
import {
  addTally,
  caseTally,
  countsOf,
  monthBounds,
  splitRetained,
  tallyKey,
  valuesOf,
  withinTarget,
  type Tally,
} from './caseTally';
import { periodOf, ukDate, type PeriodKind } from './periods';
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
  /**
   * What of these figures comes from retained counts: cases deleted under the retention policy
   * (their tallies are kept per school and month) and the ratings given on them. These cases are
   * no longer in the per-case CSV.
   */
  retained: { cases: Count; ratings: Count };
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
  /** The range's first and last day, UK dates ("2026-09-01"). */
  fromDay: string;
  toDay: string;
  period: PeriodKind;
  suppressBelow: number;
  /** Each school's first-contact target in working days: its area's service level (content/schools.json). */
  firstContactTargets: Record<string, number>;
  /** The target when every school in the report shares one, else null (see `firstContactTargets`). */
  firstContactTargetWorkingDays: number | null;
  /**
   * Months whose retained counts were left out because the range covers only part of them
   * (retained counts are per month): give whole months to include them.
   */
  retainedMonthsLeftOut: string[];
  /** One row per school and period with any activity, in school then period order. */
  rows: ReportRow[];
  /** One row per school over the whole range. */
  schools: ReportRow[];
  /** Every school in range together. */
  total: ReportFigures;
}

/** The tally of a school's deleted cases opened in one month (UK time), kept in `report_counts`. */
export interface RetainedMonth {
  schoolId: string;
  month: string;
  tally: Tally;
}

export interface ReportInput {
  cases: Case[];
  feedback: Feedback[];
  signposting: SignpostingShown[];
  /** Tallies of deleted cases (and their ratings), per school and month. */
  retained: RetainedMonth[];
  /** The schools in the report, each with its area's first-contact target in working days. */
  schools: Array<{ id: string; name: string; firstContactTargetWorkingDays: number }>;
  /** The target for a case of a school no longer in content. */
  defaultTargetWorkingDays: number;
  suppressBelow: number;
  from: Date;
  to: Date;
  period: PeriodKind;
}

/** The value at a quantile (nearest rank) of numbers; undefined for none. */
export function quantile(values: number[], q: number): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
}

const round1 = (n: number) => Math.round(n * 10) / 10;

/** The sum of a group's tallies, with first contacts within each case's own school's target. */
interface Group {
  tally: Tally;
  within: number;
  retainedCases: number;
  retainedRatings: number;
}

const emptyGroup = (): Group => ({ tally: {}, within: 0, retainedCases: 0, retainedRatings: 0 });

/** Figures for one group, with small numbers suppressed. */
function figures(group: Group, below: number): ReportFigures {
  const t = group.tally;
  const n = (key: string) => t[key] ?? 0;
  const count = (value: number): Count => (value > 0 && value < below ? `<${below}` : value);
  const counts = (name: string): Record<string, Count> =>
    Object.fromEntries(
      [...countsOf(t, name)].sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => [k, count(v)]),
    );
  /** A statistic is shown only when it rests on at least `below` cases. */
  const stat = (values: number[], compute: (v: number[]) => number | undefined): Statistic => {
    if (values.length < below) return null;
    const value = compute(values);
    return value === undefined ? null : round1(value);
  };
  const median = (v: number[]) => quantile(v, 0.5);
  /** Pairs of answers (attendance before/after, 0–10 start/end): how many, and three medians. */
  const pairs = (name: string, first: string, second: string) => ({
    pairs: count(n(name)),
    first: stat(valuesOf(t, `${name}${first}`), median),
    second: stat(valuesOf(t, `${name}${second}`), median),
    change: stat(valuesOf(t, `${name}Change`), median),
  });

  const hours = valuesOf(t, 'contactMinutes').map((m) => m / 60);
  const attendance = pairs('attendance', 'Before', 'After');
  const wellbeing = pairs('wellbeing', 'Start', 'End');
  const ratings = valuesOf(t, 'rating');
  return {
    referrals: {
      total: count(n('cases')),
      selfReferral: count(n(tallyKey('kind', 'referral'))),
      liveChat: count(n(tallyKey('kind', 'live_chat'))),
      byChannel: counts('channel'),
    },
    topics: counts('topic'),
    urgent: count(n('urgent')),
    open: count(n('open')),
    closed: count(n('closed')),
    firstContact: {
      contacted: count(hours.length),
      waiting: count(n('waiting')),
      medianHours: stat(hours, median),
      p90Hours: stat(hours, (v) => quantile(v, 0.9)),
      withinTarget: count(group.within),
      withinTargetPercent: stat(hours, (v) => Math.round((100 * group.within) / v.length)),
    },
    outcomes: counts('outcome'),
    areas: counts('area'),
    attendance: {
      pairs: attendance.pairs,
      medianBefore: attendance.first,
      medianAfter: attendance.second,
      medianChange: attendance.change,
    },
    wellbeing: {
      pairs: wellbeing.pairs,
      medianStart: wellbeing.first,
      medianEnd: wellbeing.second,
      medianChange: wellbeing.change,
    },
    feedback: {
      count: count(ratings.length),
      average: stat(ratings, (v) => v.reduce((a, b) => a + b, 0) / v.length),
      ratings: counts('rating'),
    },
    signposting: counts('agency'),
    retained: { cases: count(group.retainedCases), ratings: count(group.retainedRatings) },
  };
}

/**
 * The report for a range of dates: each case counts in the period it was opened, each rating in
 * the period it was given, each signposting in the period it was shown. Cases deleted under the
 * retention policy count from their retained tallies, by month (whole months in the range only).
 * Counts below `suppressBelow` are "<5"; statistics over fewer cases are null.
 */
export function buildReport(input: ReportInput): Report {
  const { from, to, period } = input;
  const inRange = (at: Date) => at >= from && at <= to;
  const names = new Map(input.schools.map((s) => [s.id, s.name]));
  const targets = new Map(input.schools.map((s) => [s.id, s.firstContactTargetWorkingDays]));
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
  const add = (schoolId: string | undefined, at: Date, tally: Tally, retained = false) => {
    const target =
      (schoolId !== undefined ? targets.get(schoolId) : undefined) ?? input.defaultTargetWorkingDays;
    const within = withinTarget(tally, target);
    const ratings = valuesOf(tally, 'rating').length;
    for (const g of groupsFor(schoolId, at)) {
      addTally(g.tally, tally);
      g.within += within;
      if (retained) {
        g.retainedCases += tally.cases ?? 0;
        g.retainedRatings += ratings;
      }
    }
  };

  for (const c of input.cases) if (inRange(c.createdAt)) add(c.schoolId, c.createdAt, caseTally(c));
  for (const f of input.feedback)
    if (inRange(f.at)) add(f.schoolId, f.at, { [tallyKey('rating', f.rating)]: 1 });
  for (const s of input.signposting) {
    if (!inRange(s.at)) continue;
    const tally: Tally = {};
    for (const id of s.agencyIds) tally[tallyKey('agency', id)] = (tally[tallyKey('agency', id)] ?? 0) + 1;
    add(s.schoolId, s.at, tally);
  }
  const leftOut = new Set<string>();
  /** A retained month counts when the range holds all of it; one it only touches is named instead. */
  const wholeMonth = (month: string): Date | undefined => {
    const bounds = monthBounds(month);
    if (bounds.from >= from && bounds.to <= to) return bounds.from;
    if (bounds.from <= to && bounds.to >= from) leftOut.add(month);
    return undefined;
  };
  for (const r of input.retained) {
    const { cases, ratings } = splitRetained(r.tally);
    const start = wholeMonth(r.month);
    if (start && (cases.cases ?? 0) > 0) add(r.schoolId, start, cases, true);
    for (const [month, tally] of ratings) {
      const given = wholeMonth(month);
      if (given) add(r.schoolId, given, tally, true);
    }
  }

  const below = input.suppressBelow;
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
      ...figures(row, below),
    }));
  const schools = schoolOrder.flatMap((id) => {
    const g = bySchool.get(id);
    if (!g) return [];
    const name = names.get(id) ?? id;
    return [
      { schoolId: id, schoolName: name, period: 'all', periodLabel: 'Whole range', ...figures(g, below) },
    ];
  });
  const distinctTargets = [...new Set(targets.values())];
  return {
    from: from.toISOString(),
    to: to.toISOString(),
    fromDay: ukDate(from),
    toDay: ukDate(to),
    period,
    suppressBelow: below,
    firstContactTargets: Object.fromEntries(targets),
    firstContactTargetWorkingDays: distinctTargets.length === 1 ? (distinctTargets[0] ?? null) : null,
    retainedMonthsLeftOut: [...leftOut].sort(),
    rows,
    schools,
    total: figures(all, below),
  };
}
