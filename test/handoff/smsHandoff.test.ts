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

/** Referrals made by text message, worked by a PSW in the console. */
describe('handoff by SMS through the real conversation', () => {
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

  const conversationOf = async (reference: string) => {
    const referral = await t.app.stores.cases.getByReference(reference);
    if (!referral) throw new Error('the referral is not in the store');
    return referral;
  };

  it('a PSW and a parent text each other; the parent\'s "2" reaches the PSW as "2", and "4" is their rating', async () => {
    const parent = smsParent({ app: t.app, url: t.url, twilio: fake, from: PARENT });
    await parent.text('Hello');
    // After the referral the menu is on offer ("1. Ask a PSW ... 4. Talk to a person").
    const { reference } = await makeReferral((text) => parent.text(text));
    const referral = await conversationOf(reference);
    await addStaff(t.app, { email: 'pat@example.org' });
    const psw = await ConsoleClient.signedIn(t.url, 'pat@example.org');
    await psw.post(`/api/console/cases/${referral.id}/claim`);

    const before = fake.textsTo(PARENT).length;
    const reply = await psw.post(`/api/console/cases/${referral.id}/replies`, {
      text: 'Hello Sam, this is Pat. Which day suits you: 1 Monday or 2 Tuesday?',
    });
    expect(reply.status).toBe(200);
    expect(
      fake
        .textsTo(PARENT)
        .slice(before)
        .map((m) => m.body),
      // The PSW's first text of the case says who wrote it.
    ).toEqual([
      'Pat, Parent Support Worker: Hello Sam, this is Pat. Which day suits you: 1 Monday or 2 Tuesday?',
    ]);
    // The parent's answer is theirs, not the menu's second choice.
    expect(await parent.text('2')).toEqual([]);
    const transcript = await t.app.stores.transcripts.list(referral.conversationKey);
    expect(transcript.at(-1)).toMatchObject({ sender: 'parent', text: '2' });

    const beforeClose = fake.textsTo(PARENT).length;
    await psw.post(`/api/console/cases/${referral.id}/close`, { outcome: 'resolved' });
    await t.app.work.drain(5000);
    expect(
      fake
        .textsTo(PARENT)
        .slice(beforeClose)
        .map((m) => m.body)
        .join('\n'),
    ).toContain('Reply with a number from 1 (not helpful) to 5');
    expect(await parent.text('4')).toEqual([expect.stringContaining('anything you would like to tell us')]);
    expect(await parent.text('skip')).toEqual([t.app.content.handoff.askWellbeingBySms]);
    expect(await parent.text('rather not say')).toEqual([
      expect.stringContaining('Thank you for your feedback'),
    ]);
    expect(await t.app.stores.feedback.list({ caseId: referral.id })).toEqual([
      expect.objectContaining({ rating: 4 }),
    ]);
    expect(await t.app.stores.cases.list({ conversationKey: referral.conversationKey })).toHaveLength(1);
  });

  it('"not safe to text": blocks the PSW’s replies and the closing texts, and warns the PSW', async () => {
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
