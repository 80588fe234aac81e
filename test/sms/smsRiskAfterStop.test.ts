import { smsIdentity } from '../../src/domain/smsIdentity';
import { conversationKeyFor } from '../../src/domain/conversationKey';
import { ConsoleClient, addStaff } from '../support/console';
import { startFakeTwilio } from '../support/fakeTwilio';
import { smsParent, twilioEnv } from '../support/smsParent';
import { startTestApp, type TestApp } from '../support/testApp';

const MONDAY_MORNING = new Date('2026-11-23T10:00:00Z');
const PARENT = '+447700900123';
const SERVICE = '+447700900001';
const DUTY_MANAGER = '+447700900555';
const PSW_MOBILE = '+447700900002';
const RISK = 'He has a knife and says he will kill me.';

interface QueueRow {
  id: string;
  urgent: boolean;
  kind: string;
  concerns: string[];
  school: { id: string; name: string };
}

/**
 * After STOP no text may go to the parent (Twilio refuses it), but what they send is still read:
 * a risk message opens an urgent case a person sees. The service number belongs to no school, so
 * the case is the area's, and the area's duty contact is texted as well as the on-duty PSWs.
 */
describe('a risk text from a number that sent STOP', () => {
  let fake: Awaited<ReturnType<typeof startFakeTwilio>>;
  let t: TestApp;

  beforeEach(async () => {
    fake = await startFakeTwilio();
    t = await startTestApp(
      { ...twilioEnv(fake), AREA_DUTY_PHONES: `liverpool=${DUTY_MANAGER}` },
      { now: () => MONDAY_MORNING },
    );
    await addStaff(t.app, { email: 'pat@example.org', alertPhone: PSW_MOBILE, onDuty: true });
  });
  afterEach(async () => {
    await t.dispose();
    await fake.close();
  });

  it('gets no reply, opens an urgent case for the area, alerts the duty contact, and a PSW sees it first', async () => {
    const parent = smsParent({ app: t.app, url: t.url, twilio: fake, from: PARENT, to: SERVICE });
    await parent.text('Hello');
    expect(await parent.text('STOP')).toEqual([t.app.content.sms.optedOut]);
    const textsBefore = fake.textsTo(PARENT).length;

    // An ordinary text: no reply, and nothing opened.
    expect(await parent.text('are you there?')).toEqual([]);
    const conversationKey = conversationKeyFor(
      t.app.sealer,
      'sms',
      smsIdentity(t.app.sealer, 'twilio', PARENT, SERVICE).conversationId,
    );
    expect(await t.app.stores.cases.list({ conversationKey })).toEqual([]);

    // A risk message: still no reply, but an urgent case.
    expect(await parent.text(RISK)).toEqual([]);
    const [opened] = await t.app.stores.cases.list({ conversationKey });
    if (!opened) throw new Error('no case was opened for the risk text');
    expect(opened).toMatchObject({
      kind: 'safeguarding',
      urgent: true,
      status: 'new',
      schoolId: 'area:liverpool',
      channelId: 'sms',
      details: {},
    });
    // The conversation reference holds keyed hashes, never the number.
    expect(JSON.stringify(opened.conversationRef)).not.toContain('7700900123');

    await t.app.work.drain(5000);
    for (let i = 0; i < 100 && fake.textsTo(DUTY_MANAGER).length === 0; i++)
      await new Promise((r) => setTimeout(r, 20));
    const alert = `Urgent PSW case ${opened.reference} at Liverpool (school not known) is waiting in the console. https://psa.example.org/console/cases/${opened.id}`;
    expect(fake.textsTo(DUTY_MANAGER).map((m) => m.body)).toEqual([alert]);
    expect(fake.textsTo(PSW_MOBILE).map((m) => m.body)).toEqual([alert]);
    expect(fake.textsTo(PARENT)).toHaveLength(textsBefore);

    // The PSW (Oakfield's) sees the area's case first in the queue, and why on the case.
    const psw = await ConsoleClient.signedIn(t.url, 'pat@example.org');
    const rows = (await psw.get<{ cases: QueueRow[] }>('/api/console/cases')).body.cases;
    expect(rows[0]).toMatchObject({
      id: opened.id,
      urgent: true,
      kind: 'safeguarding',
      school: { id: 'area:liverpool', name: 'Liverpool (school not known)' },
    });
    expect(rows[0]?.concerns.length).toBeGreaterThan(0);
    const page = (
      await psw.get<{
        answers: Array<{ label: string; value: string }>;
        transcript: Array<{ text: string }>;
      }>(`/api/console/cases/${opened.id}`)
    ).body;
    expect(page.answers).toEqual(
      expect.arrayContaining([{ label: 'What raised it', value: RISK, quote: true }]),
    );
    expect(page.transcript.map((e) => e.text)).toContain(RISK);
    expect(t.logLines().join('\n')).not.toContain('knife');
  });
});
