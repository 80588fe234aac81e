import type { SmsSender } from '../../src/channels/SmsSender';
import { conversationKeyFor } from '../../src/domain/conversationKey';
import type { Case } from '../../src/domain/model/case';
import { ConsoleClient, addStaff } from '../support/console';
import { TestParent } from '../support/parent';
import { makeReferral } from '../support/referral';
import { startReplySink } from '../support/replySink';
import { startTestApp, type TestApp } from '../support/testApp';

/**
 * A person always sees a risk message (issue 17): wherever the conversation is, the message opens
 * an urgent safeguarding case or marks the open one urgent, with the categories in words and the
 * parent's sentence on the case, first in the PSW's queue. Through the real app: a parent on
 * /api/messages, a PSW on the console API.
 */
const MONDAY_MORNING = new Date('2026-11-23T10:00:00Z');
const RISK = 'My partner hit me last night and I am scared of him.';
const RISK_WORDS = 'Domestic abuse by a partner';
const EMERGENCY_START = 'I am worried about what you said. If anyone is in danger now, call [999](tel:999).';

type Sent = Parameters<SmsSender['send']>[0];
type Sink = Awaited<ReturnType<typeof startReplySink>>;

interface QueueRow {
  id: string;
  urgent: boolean;
  kind: string;
  concerns: string[];
  school: { id: string; name: string };
}
interface CasePage extends QueueRow {
  details: Record<string, unknown>;
  answers: Array<{ label: string; value: string; important?: boolean; quote?: boolean }>;
  warnings: string[];
  safeguarding: Array<{ categories: Array<{ id: string; label: string }>; evidence: string[] }>;
}

// A whole referral with a risk message at each step: long on a busy machine.
jest.setTimeout(120_000);

describe('a risk message reaches a person', () => {
  let sink: Sink;
  let t: TestApp;
  let psw: ConsoleClient;
  let alerts: Sent[];

  beforeEach(async () => {
    sink = await startReplySink();
    alerts = [];
    const smsSender: SmsSender = { send: (props) => Promise.resolve(void alerts.push(props)) };
    t = await startTestApp({ ALLOWED_SERVICE_URLS: sink.url }, { now: () => MONDAY_MORNING, smsSender });
    await addStaff(t.app, { email: 'pat@example.org', alertPhone: '07700 900001', onDuty: true });
    psw = await ConsoleClient.signedIn(t.url, 'pat@example.org');
  });
  afterEach(async () => {
    await t.dispose();
    await sink.close();
  });

  const talker = (parent: TestParent) => async (text: string) => {
    const before = sink.requests.length;
    expect(await parent.says(text)).toBe(200);
    return sink.requests.slice(before).map((r) => (typeof r.body.text === 'string' ? r.body.text : ''));
  };
  const casesOf = (parent: TestParent) =>
    t.app.stores.cases.list({
      conversationKey: conversationKeyFor(t.app.sealer, 'emulator', parent.conversationId),
    });
  const queue = async () => (await psw.get<{ cases: QueueRow[] }>('/api/console/cases')).body.cases;
  const page = async (id: string) => (await psw.get<CasePage>(`/api/console/cases/${id}`)).body;

  /** An older, ordinary referral from another family, so "first in the queue" means something. */
  const ordinaryCaseWaiting = () => new TestParent(t.url, sink.url).opensCase(t.app);

  /** The PSW's view: urgent cases first, this one among them, with the concern in words and the parent's sentence. */
  async function expectSeenFirst(theCase: Case, words = RISK_WORDS, evidence = RISK): Promise<void> {
    const rows = await queue();
    const firstOrdinary = rows.findIndex((r) => !r.urgent);
    const index = rows.findIndex((r) => r.id === theCase.id);
    expect(index).toBeGreaterThanOrEqual(0);
    expect(rows[index]).toMatchObject({ urgent: true });
    expect(rows[index]?.concerns).toContain(words);
    if (firstOrdinary >= 0) expect(index).toBeLessThan(firstOrdinary);
    expect(rows.slice(0, firstOrdinary < 0 ? rows.length : firstOrdinary).every((r) => r.urgent)).toBe(true);

    const shown = await page(theCase.id);
    expect(shown.warnings[0]).toMatch(/^Safeguarding concern: /);
    expect(shown.warnings[0]).toContain(words);
    expect(shown.answers).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ label: 'Safeguarding concern', important: true }),
        { label: 'What raised it', value: evidence, quote: true },
      ]),
    );
    const concernRow = shown.answers.find((a) => a.label === 'Safeguarding concern');
    expect(concernRow?.value).toContain(words);
    expect(shown.safeguarding.at(-1)?.evidence).toEqual([evidence]);
  }

  it('with no case open: opens an urgent safeguarding case, first in the queue, and texts the on-duty PSW', async () => {
    await ordinaryCaseWaiting();
    const parent = new TestParent(t.url, sink.url);
    const say = talker(parent);
    await say('Hello');
    expect((await say(RISK))[0]?.startsWith(EMERGENCY_START)).toBe(true);

    const [opened] = await casesOf(parent);
    if (!opened) throw new Error('no case was opened for the risk message');
    expect(opened).toMatchObject({
      kind: 'safeguarding',
      urgent: true,
      status: 'new',
      schoolId: 'oakfield-primary',
    });
    // Nothing personal but the sealed evidence and the way back to the conversation: no privacy
    // notice was agreed, and none is needed for this.
    expect(opened.details).toEqual({});
    await expectSeenFirst(opened);
    expect((await page(opened.id)).warnings[0]).toContain('no privacy notice was agreed');

    for (let i = 0; i < 100 && alerts.length === 0; i++) await new Promise((r) => setTimeout(r, 20));
    expect(alerts).toEqual([
      expect.objectContaining({
        to: '07700 900001',
        purpose: 'staff_alert',
        body: expect.stringContaining(opened.reference),
      }),
    ]);
    expect(alerts[0]?.body).not.toContain('partner');
    expect(t.logLines().join('\n')).not.toContain('hit me last night');
  });

  it('at every step of a referral, and after it: the conversation has an urgent case with the concern', async () => {
    await ordinaryCaseWaiting();
    // How many messages a whole referral takes, so the risk message can go before each of them.
    const steps = (await makeReferral(talker(new TestParent(t.url, sink.url)))).transcript.filter((l) =>
      l.startsWith('parent: '),
    ).length;
    expect(steps).toBeGreaterThan(10);

    for (let step = 0; step <= steps; step++) {
      const parent = new TestParent(t.url, sink.url);
      const say = talker(parent);
      await say('Hello');
      let sent = 0;
      let emergency: string[] = [];
      const sayWithRisk = async (text: string) => {
        if (sent++ === step) {
          emergency = await say(RISK);
          // A question with choices is asked again after the emergency message; a free-text one
          // (the parent's name, their own words) takes the message as its answer and moves on.
          if (step > 0 && !emergency.includes(t.app.content.copy.safeguarding.resume)) return emergency;
        }
        return await say(text);
      };
      await makeReferral(sayWithRisk);
      if (step === steps) emergency = await say(RISK); // after the reference: the referral is open
      expect({ step, first: emergency[0]?.slice(0, EMERGENCY_START.length) }).toEqual({
        step,
        first: EMERGENCY_START,
      });

      const cases = await casesOf(parent);
      const withConcern = cases.filter((c) => (c.concerns ?? []).some((k) => k.evidence.includes(RISK)));
      expect({ step, urgentWithConcern: withConcern.filter((c) => c.urgent).length }).toEqual({
        step,
        urgentWithConcern: 1,
      });
      // After the reference, the open referral itself carries it (no second case).
      if (step === steps) expect(withConcern[0]?.kind).toBe('referral');
      // Whatever else was opened from this conversation afterwards is urgent too.
      expect(cases.every((c) => c.urgent)).toBe(true);
      await expectSeenFirst(withConcern[0]!);
    }
  });

  it('in a live chat with a PSW: the chat turns urgent, with the concern, and the parent still gets 999 first', async () => {
    await ordinaryCaseWaiting();
    const parent = new TestParent(t.url, sink.url);
    const say = talker(parent);
    await say('Hello');
    await say('talk to a person');
    await say('Yes, I agree');
    const [liveChat] = await casesOf(parent);
    if (!liveChat) throw new Error('no live chat was opened');
    expect((await psw.post(`/api/console/cases/${liveChat.id}/claim`)).status).toBe(200);
    await psw.post(`/api/console/cases/${liveChat.id}/replies`, { text: 'Hello, I am Pat. How can I help?' });

    const replies = await say(RISK);
    expect(replies[0]?.startsWith(EMERGENCY_START)).toBe(true);
    const after = await casesOf(parent);
    expect(after).toHaveLength(1);
    expect(after[0]).toMatchObject({
      id: liveChat.id,
      kind: 'live_chat',
      urgent: true,
      status: 'in_progress',
    });
    await expectSeenFirst(after[0]!);
    // The PSW in the chat reads the parent's words there too.
    const transcript = (
      await psw.get<{ transcript: Array<{ text: string }> }>(`/api/console/cases/${liveChat.id}`)
    ).body.transcript;
    expect(transcript.map((e) => e.text)).toContain(RISK);
  });
});
