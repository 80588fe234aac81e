import { ConsoleClient, addStaff } from '../support/console';
import { startFakeTwilio } from '../support/fakeTwilio';
import { makeReferral } from '../support/referral';
import { smsParent, twilioEnv } from '../support/smsParent';
import { startTestApp, type TestApp } from '../support/testApp';

const MONDAY_MORNING = new Date('2026-11-23T10:00:00Z');
const PARENT = '+447700900123';

interface CasePage {
  contact: Array<{ label: string; value: string; important?: boolean }>;
  warnings: string[];
  permissions: { reply: boolean };
}

/**
 * A parent texting the service says in their referral that it is not safe to text them: the
 * console says so where the PSW cannot miss it, and nothing is ever texted to them from it.
 */
describe('"not safe to text" on a referral made by SMS', () => {
  let fake: Awaited<ReturnType<typeof startFakeTwilio>>;
  let t: TestApp;

  beforeEach(async () => {
    fake = await startFakeTwilio();
    t = await startTestApp(twilioEnv(fake), { now: () => MONDAY_MORNING });
  });
  afterEach(async () => {
    await t.dispose();
    await fake.close();
  });

  it('blocks the PSW’s replies and the closing texts, and warns the PSW', async () => {
    const parent = smsParent({ app: t.app, url: t.url, twilio: fake, from: PARENT });
    await parent.text('Hello');
    const { reference } = await makeReferral((text) => parent.text(text), {
      safeToText: 'No',
      safeToLeaveMessage: 'Yes',
    });
    const referral = await t.app.stores.cases.getByReference(reference);
    expect(referral).toMatchObject({ channelId: 'sms', details: { safeToText: false } });
    if (!referral) return;

    await addStaff(t.app, { email: 'pat@example.org' });
    const psw = await ConsoleClient.signedIn(t.url, 'pat@example.org');
    await psw.post(`/api/console/cases/${referral.id}/claim`);
    const page = (await psw.get<CasePage>(`/api/console/cases/${referral.id}`)).body;
    expect(page.warnings[0]).toMatch(
      /not safe to text them\. Do not send them text messages: replies .* turned off/,
    );
    expect(page.contact).toContainEqual({
      label: 'Safe to text?',
      value: 'No: do not text them',
      important: true,
    });
    expect(page.permissions.reply).toBe(false);

    const textsBefore = fake.textsTo(PARENT).length;
    const reply = await psw.post(`/api/console/cases/${referral.id}/replies`, { text: 'Hello Sam' });
    expect(reply.status).toBe(409);
    expect(reply.body.code).toBe('NotSafeToText');
    const closed = await psw.post(`/api/console/cases/${referral.id}/close`, { outcome: 'resolved' });
    expect(closed.body).toMatchObject({ parentTold: false, feedbackAsked: false });
    await t.app.work.drain(2000);
    expect(fake.textsTo(PARENT).slice(textsBefore)).toEqual([]);
  });
});
