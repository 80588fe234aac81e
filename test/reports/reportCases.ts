import type { Case } from '../../src/domain/model/case';
import type { ConsoleClient } from '../support/console';
import { TestParent } from '../support/parent';
import { startReplySink } from '../support/replySink';
import { startTestApp, type TestApp } from '../support/testApp';

/** What a report test gives the scenario: its app, a parent opening a case at a time, and its clock. */
export interface ScenarioContext {
  t: TestApp;
  open: (iso: string, props?: Partial<Parameters<TestParent['opensCase']>[1]>) => Promise<Case>;
  at: (iso: string) => void;
}

/**
 * A fresh app for each test of the calling file, on a test clock starting 7 September 2026: `at`
 * moves the clock, `open` has a new parent open a case at a time.
 */
export function reportAppForEachTest(): ScenarioContext {
  let sink: Awaited<ReturnType<typeof startReplySink>>;
  let app: TestApp;
  let clock: Date;
  beforeEach(async () => {
    sink = await startReplySink();
    clock = new Date('2026-09-07T09:00:00Z');
    app = await startTestApp({}, { now: () => clock });
  });
  afterEach(async () => {
    await app.dispose();
    await sink.close();
  });
  const at = (iso: string) => {
    clock = new Date(iso);
  };
  return {
    get t() {
      return app;
    },
    at,
    open: async (iso, props = {}) => {
      at(iso);
      return await new TestParent(app.url, sink.url).opensCase(app.app, props);
    },
  };
}

/** Oakfield: 6 referrals in September, 2 live chats in October; Riverside: 5 referrals in October. */
export async function makeCases(ctx: ScenarioContext, psw: ConsoleClient): Promise<void> {
  const { t, open, at } = ctx;
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
