import type { Case } from '../../src/domain/model/case';
import { ConsoleClient, addStaff } from '../support/console';
import { TestParent } from '../support/parent';
import { startReplySink } from '../support/replySink';
import { startTestApp, type TestApp } from '../support/testApp';

type Sink = Awaited<ReturnType<typeof startReplySink>>;

interface Figures {
  referrals: { total: unknown; selfReferral: unknown; liveChat: unknown; byChannel: Record<string, unknown> };
  topics: Record<string, unknown>;
  urgent: unknown;
  open: unknown;
  closed: unknown;
  firstContact: Record<string, unknown>;
  outcomes: Record<string, unknown>;
  areas: Record<string, unknown>;
  attendance: Record<string, unknown>;
  feedback: { count: unknown; average: unknown; ratings: Record<string, unknown> };
  signposting: Record<string, unknown>;
}
interface Row extends Figures {
  schoolId: string;
  period: string;
  periodLabel: string;
}
interface ReportBody {
  rows: Row[];
  schools: Row[];
  total: Figures;
}

/**
 * The reports, from cases made through the real services: opened by parents on given days,
 * claimed, contacted and closed by a PSW through the console API, with feedback and signposting.
 */
describe('reports for schools and commissioners', () => {
  let sink: Sink;
  let t: TestApp;
  let clock: Date;
  const at = (iso: string) => (clock = new Date(iso));

  beforeEach(async () => {
    sink = await startReplySink();
    clock = new Date('2026-09-07T09:00:00Z');
    t = await startTestApp({}, { now: () => clock });
  });
  afterEach(async () => {
    await t.dispose();
    await sink.close();
  });

  const open = async (iso: string, props: Partial<Parameters<TestParent['opensCase']>[1]> = {}) => {
    at(iso);
    return await new TestParent(t.url, sink.url).opensCase(t.app, props);
  };

  /** Oakfield: 6 referrals in September, 2 live chats in October; Riverside: 5 referrals in October. */
  async function makeCases(psw: ConsoleClient) {
    const september: Case[] = [];
    for (let i = 0; i < 6; i++) {
      september.push(
        await open(`2026-09-07T${String(9 + i).padStart(2, '0')}:00:00Z`, {
          channelId: i < 4 ? 'webchat' : 'sms',
          details: {
            parentName: 'Sam Sample',
            topic: i < 3 ? 'attendance' : 'routines_sleep',
            words: 'made up',
          },
        }),
      );
    }
    at('2026-09-07T15:00:00Z');
    for (const c of september) expect((await psw.post(`/api/console/cases/${c.id}/claim`)).status).toBe(200);
    // First contact: five the next morning (20 to 24 hours, within 2 working days), one a week later.
    at('2026-09-08T09:00:00Z');
    for (const c of september.slice(0, 5)) {
      const res = await psw.post(`/api/console/cases/${c.id}/contact-attempts`, {
        method: 'phone',
        result: 'reached',
      });
      expect(res.status).toBe(200);
    }
    at('2026-09-14T09:00:00Z');
    await psw.post(`/api/console/cases/${september[5]!.id}/contact-attempts`, {
      method: 'text',
      result: 'no_answer',
    });

    at('2026-09-20T10:00:00Z');
    const closings = [
      {
        outcome: 'resolved',
        areas: ['attendance_improved', 'parent_more_confident'],
        attendanceBefore: 82,
        attendanceAfter: 91,
      },
      { outcome: 'resolved', areas: ['attendance_improved'], attendanceBefore: 75, attendanceAfter: 88 },
      { outcome: 'resolved', areas: ['routines_improved'], attendanceBefore: 90, attendanceAfter: 95 },
      { outcome: 'signposted', areas: ['linked_to_service'] },
      { outcome: 'referred_on', areas: [] },
    ];
    for (const [i, body] of closings.entries()) {
      const res = await psw.post(`/api/console/cases/${september[i]!.id}/close`, body);
      expect(res.status).toBe(200);
    }

    const chats = [
      await open('2026-10-12T10:00:00Z', { kind: 'live_chat', channelId: 'webchat', details: {} }),
      await open('2026-10-12T11:00:00Z', { kind: 'live_chat', channelId: 'webchat', details: {} }),
    ];
    at('2026-10-12T10:30:00Z');
    await psw.post(`/api/console/cases/${chats[0]!.id}/claim`);
    at('2026-10-12T11:12:00Z');
    await psw.post(`/api/console/cases/${chats[1]!.id}/claim`);

    for (let i = 0; i < 5; i++) {
      await open(`2026-10-1${i}T12:00:00Z`, {
        schoolId: 'riverside-high',
        channelId: 'webchat',
        urgent: i === 0,
        details: { parentName: 'Alex Example', topic: 'behaviour', words: 'made up' },
      });
    }
    for (const rating of [5, 5, 4, 4, 3] as const) {
      await t.app.stores.feedback.add({
        at: new Date('2026-09-21T10:00:00Z'),
        schoolId: 'oakfield-primary',
        channelId: 'webchat',
        rating,
      });
    }
    await t.app.stores.feedback.add({
      at: new Date('2026-10-20T10:00:00Z'),
      schoolId: 'riverside-high',
      channelId: 'sms',
      rating: 2,
    });
    for (let i = 0; i < 6; i++) {
      await t.app.stores.signposting.record({
        at: new Date('2026-09-10T10:00:00Z'),
        schoolId: 'oakfield-primary',
        topicId: 'routines_sleep',
        agencyIds: ['family-lives'],
      });
    }
    await t.app.stores.signposting.record({
      at: new Date('2026-10-10T10:00:00Z'),
      schoolId: 'riverside-high',
      topicId: 'money_housing',
      agencyIds: ['citizens-advice'],
    });
  }

  const range = 'from=2026-09-01&to=2026-12-31';

  it('counts every figure per school and month, suppresses small numbers, and exports the same as CSV', async () => {
    const pswAccount = await addStaff(t.app, { schools: ['area:liverpool'] });
    const psw = await ConsoleClient.signedIn(t.url, pswAccount.email);
    await makeCases(psw);
    const manager = await addStaff(t.app, { role: 'manager', schools: ['area:liverpool'] });
    const client = await ConsoleClient.signedIn(t.url, manager.email);

    const res = await client.get<ReportBody>(`/api/console/reports?${range}&period=month`);
    expect(res.status).toBe(200);
    const { rows, schools, total } = res.body;
    expect(rows.map((r) => [r.schoolId, r.period, r.periodLabel])).toEqual([
      ['oakfield-primary', '2026-09', 'September 2026'],
      ['oakfield-primary', '2026-10', 'October 2026'],
      ['riverside-high', '2026-10', 'October 2026'],
    ]);
    const [oakSeptember, oakOctober, riverside] = rows;
    expect(oakSeptember).toMatchObject({
      referrals: { total: 6, selfReferral: 6, liveChat: 0, byChannel: { sms: '<5', webchat: '<5' } },
      topics: { attendance: '<5', routines_sleep: '<5' },
      urgent: 0,
      open: '<5',
      closed: 5,
      firstContact: {
        contacted: 6,
        waiting: 0,
        medianHours: 22,
        p90Hours: 163,
        withinTarget: 5,
        withinTargetPercent: 83,
      },
      outcomes: { resolved: '<5', signposted: '<5', referred_on: '<5' },
      areas: {
        attendance_improved: '<5',
        parent_more_confident: '<5',
        routines_improved: '<5',
        linked_to_service: '<5',
      },
      // Three attendance pairs are too few to show a median.
      attendance: { pairs: '<5', medianBefore: null, medianAfter: null, medianChange: null },
      feedback: { count: 5, average: 4.2, ratings: { '3': '<5', '4': '<5', '5': '<5' } },
      signposting: { 'family-lives': 6 },
    });
    // Live chats: a PSW joining is the first contact; two cases are too few for a median.
    expect(oakOctober).toMatchObject({
      referrals: { total: '<5', selfReferral: 0, liveChat: '<5' },
      firstContact: { contacted: '<5', medianHours: null, withinTargetPercent: null },
      open: '<5',
    });
    expect(riverside).toMatchObject({
      referrals: { total: 5, selfReferral: 5, byChannel: { webchat: 5 } },
      topics: { behaviour: 5 },
      urgent: '<5',
      open: 5,
      firstContact: { contacted: 0, waiting: 5, medianHours: null },
      feedback: { count: '<5', average: null },
      signposting: { 'citizens-advice': '<5' },
    });
    expect(schools.map((s) => [s.schoolId, s.referrals.total])).toEqual([
      ['oakfield-primary', 8],
      ['riverside-high', 5],
    ]);
    expect(total).toMatchObject({
      referrals: { total: 13, selfReferral: 11, liveChat: '<5', byChannel: { webchat: 11, sms: '<5' } },
      closed: 5,
      open: 8,
      feedback: { count: 6, average: 3.8 },
    });

    // By term, September and October are one row: the autumn term.
    const terms = await client.get<ReportBody>(`/api/console/reports?${range}&period=term`);
    expect(terms.body.rows.map((r) => [r.schoolId, r.periodLabel, r.referrals.total])).toEqual([
      ['oakfield-primary', 'Autumn term 2026', 8],
      ['riverside-high', 'Autumn term 2026', 5],
    ]);

    // The CSV has the same figures, small numbers suppressed the same way.
    const csv = await fetch(`${t.url}/api/console/reports.csv?${range}&period=month`, {
      headers: { cookie: client.cookie! },
    });
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(csv.headers.get('content-disposition')).toMatch(
      /^attachment; filename="psw-report_2026-09-01_to_2026-12-31\.csv"$/,
    );
    const lines = (await csv.text()).trim().split('\r\n');
    const header = lines[0]!.split(',');
    const cell = (line: string, column: string) => line.split(',')[header.indexOf(column)];
    const september = lines.find((l) => l.startsWith('oakfield-primary,Oakfield Primary School,2026-09,'))!;
    expect(cell(september, 'referrals')).toBe('6');
    expect(cell(september, 'channel_sms')).toBe('<5');
    expect(cell(september, 'first_contact_median_hours')).toBe('22');
    expect(cell(september, 'first_contact_within_target_percent')).toBe('83');
    expect(cell(september, 'attendance_median_change')).toBe('');
    expect(cell(september, 'signposted_family-lives')).toBe('6');
    const all = lines.find((l) => l.startsWith('all,'))!;
    expect(cell(all, 'referrals')).toBe('13');
    expect(cell(all, 'live_chats')).toBe('<5');
    expect(lines).toHaveLength(1 + 3 + 2 + 1);
  });

  it('gives managers the cases behind the figures without names or words, and audits every report', async () => {
    const pswAccount = await addStaff(t.app, { schools: ['area:liverpool'] });
    await makeCases(await ConsoleClient.signedIn(t.url, pswAccount.email));
    const manager = await addStaff(t.app, { role: 'manager', schools: ['oakfield-primary'] });
    const client = await ConsoleClient.signedIn(t.url, manager.email);

    const res = await fetch(`${t.url}/api/console/reports/cases.csv?${range}`, {
      headers: { cookie: client.cookie! },
    });
    expect(res.status).toBe(200);
    const text = await res.text();
    const lines = text.trim().split('\r\n');
    // Only the manager's school: 6 referrals and 2 live chats.
    expect(lines).toHaveLength(1 + 8);
    expect(lines[0]).toBe(
      'reference,school,kind,channel,opened,first_contact,first_contact_within_target,closed,status,urgent,topic,outcome,areas,attendance_before,attendance_after,wellbeing_start,wellbeing_end',
    );
    expect(
      lines.some((l) =>
        /,2026-09-07T09:00:00\.000Z,2026-09-08T09:00:00\.000Z,yes,2026-09-20T10:00:00\.000Z,closed,no,attendance,resolved,attendance_improved;parent_more_confident,82,91,,$/.test(
          l,
        ),
      ),
    ).toBe(true);
    expect(text).not.toMatch(/Sam Sample|Alex Example|made up|riverside/);

    // Another school's report is refused; a PSW sees no reports at all.
    expect((await client.get(`/api/console/reports?${range}&school=riverside-high`)).status).toBe(403);
    const psw = await ConsoleClient.signedIn(t.url, (await addStaff(t.app)).email);
    expect((await psw.get(`/api/console/reports?${range}`)).status).toBe(403);
    expect((await client.get(`/api/console/reports?from=2026-12-01&to=2026-09-01`)).status).toBe(400);
    expect((await client.get(`/api/console/reports?${range}&school[$ne]=x`)).status).toBe(400);

    const audited = (await t.app.stores.audit.list({ actorId: manager.id })).map((e) => e.action);
    expect(audited).toEqual(expect.arrayContaining(['reports.case_export']));
  });

  it('refuses an area that is not on the list and attendance given only once', async () => {
    const pswAccount = await addStaff(t.app);
    const psw = await ConsoleClient.signedIn(t.url, pswAccount.email);
    const c = await open('2026-09-07T09:00:00Z');
    await psw.post(`/api/console/cases/${c.id}/claim`);
    const unknown = await psw.post(`/api/console/cases/${c.id}/close`, {
      outcome: 'resolved',
      areas: ['made_up_area'],
    });
    expect(unknown.status).toBe(400);
    const half = await psw.post(`/api/console/cases/${c.id}/close`, {
      outcome: 'resolved',
      attendanceBefore: 80,
    });
    expect(half.status).toBe(400);
    expect((await t.app.stores.cases.get(c.id))?.status).toBe('claimed');
  });
});
