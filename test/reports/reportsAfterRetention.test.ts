import { caseTally, monthOf } from '../../src/reports/caseTally';
import type { Case } from '../../src/domain/model/case';
import { ConsoleClient, addStaff } from '../support/console';
import type { TestApp } from '../support/testApp';
import { makeCases, reportAppForEachTest } from './reportCases';

type Json = Record<string, unknown>;
interface ReportBody extends Json {
  rows: Json[];
  schools: Json[];
  total: Json;
  retainedMonthsLeftOut: string[];
}

/** A report without what says where its figures come from: the figures a reader compares. */
function figuresOf(report: ReportBody) {
  const strip = ({ retained: _retained, ...figures }: Json) => figures;
  return { rows: report.rows.map(strip), schools: report.schools.map(strip), total: strip(report.total) };
}

/**
 * Reports after the retention sweep: cases made through the real services, the report read, the
 * clock moved past the closed cases' retention (730 days), the sweep run, the report read again.
 */
describe('reports keep their figures after the retention sweep deletes old cases', () => {
  const scenario = reportAppForEachTest();
  const { at, open } = scenario;
  let t: TestApp;
  beforeEach(() => {
    t = scenario.t;
  });

  /** Oakfield in November: five attendance cases closed with before/after figures, rated in December. */
  async function novemberCases(psw: ConsoleClient): Promise<Case[]> {
    const november: Case[] = [];
    for (let i = 0; i < 5; i++) {
      november.push(
        await open(`2026-11-0${2 + i}T10:00:00Z`, {
          details: { parentName: 'Sam Sample', topic: 'attendance', words: 'made up' },
        }),
      );
    }
    for (const [i, c] of november.entries()) {
      // The 0–10 answers at the start and the end (the bot's question is issue 11's; stored as it will be).
      await t.app.stores.cases.applyChange(c.id, {
        set: { wellbeing: { start: 3 + i, end: 6 + i } },
        history: { at: new Date(`2026-11-0${2 + i}T10:05:00Z`), by: 'bot', action: 'note' },
      });
      at(`2026-11-1${i}T10:00:00Z`);
      await psw.post(`/api/console/cases/${c.id}/claim`);
      await psw.post(`/api/console/cases/${c.id}/contact-attempts`, { method: 'phone', result: 'reached' });
      const res = await psw.post(`/api/console/cases/${c.id}/close`, {
        outcome: 'resolved',
        areas: ['attendance_improved'],
        attendanceBefore: 70 + i,
        attendanceAfter: 80 + 2 * i,
      });
      expect(res.status).toBe(200);
      await t.app.stores.feedback.add({
        at: new Date('2026-12-01T10:00:00Z'),
        schoolId: 'oakfield-primary',
        channelId: 'webchat',
        caseId: c.id,
        rating: 4,
      });
    }
    return november;
  }

  const range = 'from=2026-09-01&to=2026-12-31';

  it('gives the same figures in JSON and CSV, says which come from retained counts, and still suppresses small numbers', async () => {
    const psw = await ConsoleClient.signedIn(
      t.url,
      (await addStaff(t.app, { schools: ['area:liverpool'] })).email,
    );
    await makeCases({ t, open, at }, psw);
    const november = await novemberCases(psw);
    const manager = await addStaff(t.app, { role: 'manager', schools: ['area:liverpool'] });
    const client = await ConsoleClient.signedIn(t.url, manager.email);
    const read = async (query: string) => {
      const res = await client.get<ReportBody>(`/api/console/reports?${query}`);
      expect(res.status).toBe(200);
      return res.body;
    };
    const csv = async (path: string) => {
      const res = await fetch(`${t.url}/api/console/${path}?${range}`, {
        headers: { cookie: client.cookie! },
      });
      expect(res.status).toBe(200);
      return (await res.text()).trim().split('\r\n');
    };
    const before = { month: await read(`${range}&period=month`), term: await read(`${range}&period=term`) };
    const csvBefore = await csv('reports.csv');
    expect((await csv('reports/cases.csv')).length).toBe(1 + 13 + 5);
    expect(before.month.total).toMatchObject({ retained: { cases: 0, ratings: 0 } });

    // Two years and a bit later: every closed case is past its retention (730 days).
    at('2029-01-15T09:00:00Z');
    const swept = await t.app.privacy.runSweep();
    expect(swept.closed_cases).toBe(10);
    for (const c of november) expect(await t.app.stores.cases.get(c.id)).toBeNull();
    expect(await t.app.stores.feedback.list({ caseId: november[0]!.id })).toEqual([]);

    const after = { month: await read(`${range}&period=month`), term: await read(`${range}&period=term`) };
    expect(figuresOf(after.month)).toEqual(figuresOf(before.month));
    expect(figuresOf(after.term)).toEqual(figuresOf(before.term));

    // The figures that needed the deleted cases are still there, small numbers still "<5".
    const oakNovember = after.month.rows.find(
      (r) => r.schoolId === 'oakfield-primary' && r.period === '2026-11',
    );
    expect(oakNovember).toMatchObject({
      referrals: { total: 5 },
      closed: 5,
      firstContact: { contacted: 5, medianHours: 192, withinTargetPercent: 0 },
      attendance: { pairs: 5, medianBefore: 72, medianAfter: 84, medianChange: 12 },
      wellbeing: { pairs: 5, medianStart: 5, medianEnd: 8, medianChange: 3 },
      outcomes: { resolved: 5 },
      retained: { cases: 5, ratings: 0 },
    });
    const oakDecember = after.month.rows.find(
      (r) => r.schoolId === 'oakfield-primary' && r.period === '2026-12',
    );
    expect(oakDecember).toMatchObject({
      feedback: { count: 5, average: 4 },
      retained: { cases: 0, ratings: 5 },
    });
    const oakSeptember = after.month.rows.find((r) => r.period === '2026-09');
    expect(oakSeptember).toMatchObject({
      referrals: { total: 6, byChannel: { sms: '<5', webchat: '<5' } },
      firstContact: { medianHours: 22, p90Hours: 163, withinTargetPercent: 83 },
      outcomes: { resolved: '<5', signposted: '<5', referred_on: '<5' },
      retained: { cases: 5, ratings: 0 },
    });
    expect(after.month.total).toMatchObject({ retained: { cases: 10, ratings: 5 } });

    // The CSV: the same figures; two more columns say how many come from retained counts.
    const csvAfter = await csv('reports.csv');
    const header = csvAfter[0]!.split(',');
    expect(header.slice(-2)).toEqual(['cases_from_retained_counts', 'ratings_from_retained_counts']);
    const withoutRetained = (lines: string[]) => lines.map((l) => l.split(',').slice(0, -2).join(','));
    expect(withoutRetained(csvAfter)).toEqual(withoutRetained(csvBefore));
    const line = csvAfter.find((l) => l.startsWith('oakfield-primary,Oakfield Primary School,2026-09,'))!;
    expect(line.split(',').slice(-2)).toEqual(['5', '0']);
    // The cases behind the figures: the deleted ones are no longer listed.
    expect((await csv('reports/cases.csv')).length).toBe(1 + 13 + 5 - 10);

    // A range that covers only part of a month leaves that month's retained counts out, and says so.
    const part = await read('from=2026-09-01&to=2026-11-15&period=month');
    expect(part.retainedMonthsLeftOut).toEqual(['2026-11']);
    expect(part.rows.find((r) => r.period === '2026-11')).toBeUndefined();
  });

  it('counts a case once when a sweep stopped between keeping its tally and deleting it', async () => {
    const psw = await ConsoleClient.signedIn(
      t.url,
      (await addStaff(t.app, { schools: ['area:liverpool'] })).email,
    );
    const november = await novemberCases(psw);
    const manager = await addStaff(t.app, { role: 'manager', schools: ['area:liverpool'] });
    const client = await ConsoleClient.signedIn(t.url, manager.email);
    const read = async () => (await client.get<ReportBody>(`/api/console/reports?${range}`)).body;
    const before = await read();

    // A sweep stopped after adding the first case's tally to its month, before deleting the case.
    const first = (await t.app.stores.cases.get(november[0]!.id))!;
    const counts = t.app.stores.privacy.reportCounts;
    await counts.retain({
      schoolId: first.schoolId,
      month: monthOf(first.createdAt),
      caseId: first.id,
      tally: caseTally(first),
    });
    at('2029-01-15T09:00:00Z');
    expect((await t.app.privacy.runSweep()).closed_cases).toBe(5);
    expect(await counts.marks()).toEqual([]);
    const after = await read();
    expect(figuresOf(after)).toEqual(figuresOf(before));
    expect(after.total).toMatchObject({ referrals: { total: 5 }, retained: { cases: 5, ratings: 5 } });
  });
});
