import { SegmentedMessage } from 'sms-segments-calculator';
import { ConsoleClient, addStaff } from '../support/console';
import { startFakeTwilio } from '../support/fakeTwilio';
import { smsParent, twilioEnv } from '../support/smsParent';
import { startTestApp, type TestApp } from '../support/testApp';

/**
 * Issue 11 by SMS, over signed webhooks to the real bot and a fake Twilio: a parent texting their
 * school's number in their own words, the texts the service sends (count, GSM-7, 2 segments),
 * no menu repeated with every answer, the school's own hours, and a rating with its comment.
 */

/** Monday 23 November 2026, 10:00 UK time: in term, inside Oakfield Primary's PSW hours. */
const IN_HOURS = new Date('2026-11-23T10:00:00Z');
const PARENT = '+447700900123';
/** Oakfield Primary's own number (content/schools.json smsNumbers). */
const OAKFIELD = '+447700900011';

describe("SMS copes with real parents' words", () => {
  let fake: Awaited<ReturnType<typeof startFakeTwilio>>;
  let t: TestApp;
  beforeEach(async () => {
    fake = await startFakeTwilio();
    t = await startTestApp(twilioEnv(fake), { now: () => IN_HOURS });
  });
  afterEach(async () => {
    await t.dispose();
    await fake.close();
  });

  const parentAt = (to = OAKFIELD) => smsParent({ app: t.app, url: t.url, twilio: fake, from: PARENT, to });
  const sentToParent = () => fake.textsTo(PARENT).map((m) => m.body);

  it('a whole referral told in own words to the school number: at most 11 texts, each GSM-7 and at most 2 segments', async () => {
    const parent = parentAt();
    const first = (await parent.text("my son won't go to school, I don't know what to do anymore")).join(
      '\n',
    );
    expect(first).toContain('PSW) service at Oakfield Primary School');
    expect(first).toContain(t.app.content.sms.describedOffer);
    expect(first).not.toMatch(/did not understand|Website:/);
    for (const said of [
      'yes',
      'I agree',
      'Sam Sample',
      'text me, not before 10 as im doing the school run',
      // The child's name and year in one answer.
      'Jo, year 3',
      'about a 4',
    ]) {
      const replies = (await parent.text(said)).join('\n');
      expect(replies).not.toMatch(/did not understand/);
    }
    const sent = (await parent.text('send it')).join('\n');
    const reference = /Your reference is ([2-9A-Z]{3}-[2-9A-Z]{3})/.exec(sent)?.[1];
    expect(reference).toBeDefined();
    const bye = (await parent.text('no thanks')).join('\n');
    expect(bye).toContain(`Your request ${reference ?? ''} has been sent`);
    expect(bye).not.toMatch(/Nothing from that form was sent/);

    const texts = sentToParent();
    expect(texts.length).toBeLessThanOrEqual(11);
    for (const body of texts) {
      const message = new SegmentedMessage(body);
      expect({ body, encoding: message.encodingName, ok: message.segmentsCount <= 2 }).toEqual({
        body,
        encoding: 'GSM-7',
        ok: true,
      });
    }
    const [made] = await t.app.stores.cases.list({});
    expect(made?.details).toMatchObject({
      contactMethod: 'text',
      contactNotes: 'text me, not before 10 as im doing the school run',
      topic: 'attendance',
      words: "my son won't go to school, I don't know what to do anymore",
      yearGroup: 'Year 3',
      childFirstName: 'Jo',
      phone: '07700 900123',
    });
    expect(made?.wellbeing).toEqual({ start: 4 });
  });

  it("answers without the whole menu each time, gives the school's hours, and sends the menu when asked", async () => {
    const parent = parentAt();
    await parent.text('Hello');
    const free = (await parent.text('is it free?')).join('\n');
    expect(free).toContain('free for parents and carers');
    expect(free).toContain(t.app.content.sms.anythingElse);
    expect(free).not.toContain('1. Ask a PSW to contact me');
    const hours = (await parent.text('when are PSWs working?')).join('\n');
    expect(hours).toContain('Monday to Thursday 8:15am to 4pm, Friday 8:15am to 1pm');
    expect(hours).not.toContain('1. Ask a PSW to contact me');
    expect((await parent.text('menu')).join('\n')).toContain('1. Ask a PSW to contact me');
  });

  it('takes "ye", "oakfield" and "text me" by text to the service number', async () => {
    const parent = parentAt('+447700900001');
    await parent.text('Hello');
    await parent.text('contact me');
    await parent.text('ye');
    expect((await parent.text('oakfield')).join('\n')).toContain(t.app.content.copy.referral.askName);
    expect((await parent.text('Sam Sample')).join('\n')).toContain(
      'number you are texting from (ending 123)',
    );
    expect((await parent.text('text me')).join('\n')).toContain(t.app.content.copy.referral.askContactTime);
  });

  it('after a case closed, asks "or SKIP" by text, keeps "5 - Pat was lovely" as a 5 and its comment, then "7/10" for things at home', async () => {
    const parent = parentAt();
    await parent.text('Hello');
    await parent.text('talk to a person');
    await parent.text('yes');
    const [liveChat] = await t.app.stores.cases.list({});
    if (!liveChat) throw new Error('no live chat was opened');
    await addStaff(t.app, { email: 'pat@example.org' });
    const psw = await ConsoleClient.signedIn(t.url, 'pat@example.org');
    await psw.post(`/api/console/cases/${liveChat.id}/claim`);
    const before = sentToParent().length;
    await psw.post(`/api/console/cases/${liveChat.id}/close`, { outcome: 'resolved' });
    await t.app.work.drain(5000);
    expect(sentToParent().slice(before).join('\n')).toContain(t.app.content.handoff.askRatingBySms);
    expect(await parent.text('5 - Pat was lovely')).toEqual([t.app.content.handoff.askWellbeingBySms]);
    expect(await t.app.stores.feedback.list({ caseId: liveChat.id })).toEqual([
      expect.objectContaining({ rating: 5, comment: 'Pat was lovely' }),
    ]);
    expect(await parent.text('7/10')).toEqual([t.app.content.handoff.thanks]);
    expect((await t.app.stores.cases.get(liveChat.id))?.wellbeing).toEqual({ end: 7 });
  });
});
