import type { SmsSender } from '../../src/channels/SmsSender';
import { addStaff } from '../support/console';
import { TestParent } from '../support/parent';
import { startReplySink } from '../support/replySink';
import { startTestApp, type TestApp } from '../support/testApp';

type Sent = Parameters<SmsSender['send']>[0];

/** Stands in for the SMS channel's sender: keeps what would have been texted. */
function fakeSmsSender(): SmsSender & { sent: Sent[] } {
  const sent: Sent[] = [];
  return { sent, send: (props) => Promise.resolve(void sent.push(props)) };
}

async function eventually(check: () => boolean | Promise<boolean>, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('urgent case alerts to on-duty PSWs', () => {
  let sink: Awaited<ReturnType<typeof startReplySink>>;
  let t: TestApp;
  let sms: ReturnType<typeof fakeSmsSender>;
  let clock: Date;

  beforeEach(async () => {
    sink = await startReplySink();
    sms = fakeSmsSender();
    clock = new Date('2026-11-23T10:00:00Z'); // Monday, in Oakfield's working hours
    t = await startTestApp(
      { PUBLIC_URL: 'https://psa.example.org', ALLOWED_SERVICE_URLS: sink.url },
      { smsSender: sms, now: () => clock },
    );
    await addStaff(t.app, { email: 'on@example.org', alertPhone: '07700 900001', onDuty: true });
    await addStaff(t.app, { email: 'off@example.org', alertPhone: '07700 900002', onDuty: false });
    await addStaff(t.app, { email: 'nophone@example.org', onDuty: true });
    await addStaff(t.app, {
      email: 'riverside@example.org',
      alertPhone: '07700 900003',
      onDuty: true,
      schools: ['riverside-high'],
    });
  });
  afterEach(async () => {
    await t.dispose();
    await sink.close();
  });

  it("texts only the school's on-duty PSWs, once, without the family's details", async () => {
    const urgent = await new TestParent(t.url, sink.url).opensCase(t.app, { urgent: true });
    await eventually(() => sms.sent.length > 0);
    expect(sms.sent).toEqual([
      {
        to: '07700 900001',
        purpose: 'staff_alert',
        body: `Urgent PSW case ${urgent.reference} at Oakfield Primary School is waiting in the console. https://psa.example.org/console/cases/${urgent.id}`,
      },
    ]);
    const history = (await t.app.stores.cases.get(urgent.id))?.history ?? [];
    expect(history.at(-1)).toMatchObject({ action: 'staff_alerted', by: 'system', reason: 'sms:1' });

    // Later changes to the case do not text again.
    await t.app.cases.record({ caseId: urgent.id, event: 'note', actorId: 'system', note: 'x' });
    await new TestParent(t.url, sink.url).opensCase(t.app); // not urgent
    await new Promise((r) => setTimeout(r, 200));
    expect(sms.sent).toHaveLength(1);
  });

  it('alerts a case that becomes urgent later, and waits for working hours', async () => {
    clock = new Date('2026-11-23T19:00:00Z'); // Monday evening
    const parent = new TestParent(t.url, sink.url);
    const referral = await parent.opensCase(t.app);
    await t.app.cases.markConversationUrgent(referral.conversationKey, 'safeguarding');
    await new Promise((r) => setTimeout(r, 200));
    expect(sms.sent).toEqual([]);
    clock = new Date('2026-11-24T08:20:00Z'); // Tuesday morning
    await t.app.cases.record({ caseId: referral.id, event: 'note', actorId: 'system', note: 'morning' });
    await eventually(() => sms.sent.length > 0);
    expect(sms.sent.map((s) => s.to)).toEqual(['07700 900001']);
  });
});
