import type { Request, Response, Server } from 'restify';
import { z } from 'zod';
import { DateTime } from 'luxon';
import { DEFAULT_FIRST_CONTACT_WORKING_DAYS, firstContactWorkingDays } from '../handoff/dueBy';
import { badRequest, forbidden } from '../http/errors';
import { route } from '../http/server';
import { parseRequest } from './parseRequest';
import { buildReport, type Report } from '../reports/buildReport';
import type { OutcomeContent } from '../reports/outcomeContent';
import { termBounds, type PeriodKind } from '../reports/periods';
import { caseCsv, reportCsv } from '../reports/reportCsv';
import type { Case } from '../domain/model/case';
import type { FeedbackStore, SignpostingLog } from '../store/ports';
import type { ReportCounts } from '../store/privacyPorts';
import { canSeeSchool, schoolFilter } from './access';
import type { SignedIn, StaffAuth } from './auth/StaffAuth';
import { isLead, type ConsoleServices } from './caseCommands';

export interface ReportRoutesDeps {
  services: ConsoleServices;
  auth: StaffAuth;
  feedback: FeedbackStore;
  signposting: SignpostingLog;
  /** Per-school monthly counts, with the tallies of deleted cases. */
  reportCounts: ReportCounts;
  outcomes: OutcomeContent;
}

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date like 2026-09-01');
const reportQuery = z.strictObject({
  school: z
    .string()
    .regex(/^[a-z0-9-]{2,64}$/, 'not a school id')
    .optional(),
  from: day.optional(),
  to: day.optional(),
  period: z.enum(['month', 'term']).default('month'),
});

/** The most cases one report reads; a wider request is refused rather than answered slowly. */
const MAX_CASES = 50_000;
const PAGE = 1000;

function parseQuery(req: Request, now: Date) {
  const query = parseRequest(reportQuery, req.query);
  const { school, period } = query;
  // Days are UK days, as the months and terms are (a whole month then holds its retained counts).
  const ukDay = (iso: string) => DateTime.fromISO(iso, { zone: 'Europe/London' });
  const from = query.from
    ? ukDay(query.from).startOf('day').toJSDate()
    : termBounds(new Date(Date.UTC(now.getUTCFullYear() - (now.getUTCMonth() < 8 ? 1 : 0), 8, 1))).from;
  const to = query.to ? ukDay(query.to).endOf('day').toJSDate() : now;
  if (Number.isNaN(from.getTime()) || Number.isNaN(to.getTime()) || from > to) {
    throw badRequest('from must be a date on or before to.', 'InvalidRequest');
  }
  return { school, from, to, period: period satisfies PeriodKind };
}

/**
 * Reports for managers (their schools) and admins (all): `/api/console/reports` (JSON),
 * `/api/console/reports.csv` (the same figures) and `/api/console/reports/cases.csv` (every case
 * behind them, codes only). Small numbers are suppressed in the figures; each request is audited.
 */
export function registerReportRoutes(server: Server, deps: ReportRoutesDeps): void {
  const { services, auth, outcomes } = deps;
  const targetFor = (schoolId: string) => firstContactWorkingDays(services.content, schoolId);

  const load = async (req: Request): Promise<{ who: SignedIn; cases: Case[]; report: Report }> => {
    const who = await auth.authenticate(req, { csrf: false });
    if (!isLead(who)) throw forbidden('Only managers and admins can see reports.');
    const query = parseQuery(req, services.now());
    if (query.school && !canSeeSchool(who.scope, query.school)) throw forbidden('Not one of your schools.');
    const schoolIds = schoolFilter(who.scope, query.school);
    const schools = services.content.schools.filter((s) => (schoolIds ? schoolIds.includes(s.id) : true));
    const filter = { ...(schoolIds ? { schoolIds } : {}), createdFrom: query.from, createdTo: query.to };
    if ((await services.caseStore.count(filter)) > MAX_CASES) {
      throw badRequest('That range holds too many cases for one report: choose a shorter one.', 'TooLarge');
    }
    const cases: Case[] = [];
    for (let skip = 0; ; skip += PAGE) {
      const page = await services.caseStore.list(filter, { limit: PAGE, skip });
      cases.push(...page);
      if (page.length < PAGE) break;
    }
    const [feedback, signposting, counts] = await Promise.all([
      deps.feedback.list({ ...(schoolIds ? { schoolIds } : {}), since: query.from }),
      deps.signposting.list({ ...(schoolIds ? { schoolIds } : {}), from: query.from, to: query.to }),
      deps.reportCounts.list(schoolIds ? { schoolIds } : {}),
    ]);
    const report = buildReport({
      cases,
      feedback,
      signposting,
      retained: counts.flatMap((m) =>
        m.retained ? [{ schoolId: m.schoolId, month: m.month, tally: m.retained }] : [],
      ),
      schools: schools.map((s) => ({
        id: s.id,
        name: s.name,
        firstContactTargetWorkingDays: targetFor(s.id),
      })),
      defaultTargetWorkingDays: DEFAULT_FIRST_CONTACT_WORKING_DAYS,
      suppressBelow: outcomes.suppressBelow,
      from: query.from,
      to: query.to,
      period: query.period,
    });
    return { who, cases, report };
  };

  const audit = (who: SignedIn, action: string, detail: string) =>
    services.audit.record({ at: services.now(), actorId: who.account.id, action, detail });

  const sendCsv = (res: Response, name: string, body: string) => {
    res.writeHead(200, {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="${name}"`,
      'Cache-Control': 'no-store',
    });
    res.end(body);
  };
  const range = (report: Report) => `${report.fromDay}_to_${report.toDay}`;

  server.get(
    '/api/console/reports',
    route(async (req, res) => {
      const { who, report } = await load(req);
      await audit(who, 'reports.view', range(report));
      res.json({
        ...report,
        labels: {
          schools: Object.fromEntries(services.content.schools.map((s) => [s.id, s.name])),
          topics: Object.fromEntries(services.content.topics.map((t) => [t.id, t.label])),
          areas: Object.fromEntries(outcomes.areas.map((a) => [a.id, a.label])),
          agencies: Object.fromEntries(services.content.agencies.map((a) => [a.id, a.name])),
        },
      });
    }),
  );
  server.get(
    '/api/console/reports.csv',
    route(async (req, res) => {
      const { who, report } = await load(req);
      await audit(who, 'reports.export', range(report));
      sendCsv(res, `psw-report_${range(report)}.csv`, reportCsv(report));
    }),
  );
  server.get(
    '/api/console/reports/cases.csv',
    route(async (req, res) => {
      const { who, cases, report } = await load(req);
      await audit(who, 'reports.case_export', `${range(report)} (${cases.length} cases)`);
      sendCsv(res, `psw-cases_${range(report)}.csv`, caseCsv(cases, targetFor));
    }),
  );
}
