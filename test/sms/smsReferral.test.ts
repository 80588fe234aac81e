import { beforeConsentSentence } from '../support/content';
import { SegmentedMessage } from 'sms-segments-calculator';
import type { App } from '../../src/app';
import { areaFor } from '../../src/turn/conversationProfile';
import { smsIdentity } from '../../src/domain/smsIdentity';
import { fillTemplate } from '../../src/content/fillTemplate';
import { conversationKeyFor } from '../../src/domain/conversationKey';
import { emergencyMessage } from '../../src/safeguarding/emergencyMessage';
import { detectRisk } from '../../src/safeguarding/riskDetector';
import { startFakeTwilio } from '../support/fakeTwilio';
import {
  inboundFields,
  newMessageSid,
  postSigned,
  smsParent,
  twilioEnv,
  waitForTurn,
} from '../support/smsParent';
import { startTestApp, type TestApp } from '../support/testApp';

/**
 * Issue 5's "done when", with the real conversation: a whole self-referral over signed webhooks,
 * the replies captured by a fake Twilio; every text GSM-7 and at most two segments (Twilio's own
 * calculator); a risk message answered first with the emergency message; a bad signature refused
 * with nothing stored; a repeated webhook making one turn.
 */

/** Monday 23 November 2026, 10:00 UK time: in term, inside Oakfield Primary's PSW hours. */
const IN_HOURS = new Date('2026-11-23T10:00:00Z');
const PARENT = '+447700900123';
const SERVICE = '+447700900001';
const REFERENCE = /Your reference is ([2-9A-Z]{3}-[2-9A-Z]{3})\./;

type FakeTwilio = Awaited<ReturnType<typeof startFakeTwilio>>;

/** What a phone would make of a text: Twilio's segment calculator, as the code uses it. */
function expectSendable(bodies: readonly string[]): void {
  for (const body of bodies) {
    const message = new SegmentedMessage(body);
    expect({ body, encoding: message.encodingName }).toEqual({ body, encoding: 'GSM-7' });
    expect({ body, segments: message.segmentsCount <= 2 }).toEqual({ body, segments: true });
  }
}

const oneLine = (text: string) => text.replace(/\s+/g, ' ').trim();

function expectEndsWith(text: string | undefined, end: string): void {
  expect({ text, endsAsExpected: text?.endsWith(end) }).toEqual({ text, endsAsExpected: true });
}

function menuChoices(app: App): string[] {
  const { referral, faq, signposting, person } = app.content.copy.menu;
  return [referral, faq, signposting, person];
}

function numbered(app: App, prompt: string, choices: string[]): string {
  return [prompt, ...choices.map((c, i) => `${i + 1}. ${c}`), app.content.sms.choiceHint].join('\n');
}

async function counts(app: TestApp) {
  const count = async (name: string) => (await app.app.stores.database.collection({ name })).count({});
  return {
    inbox: await count('sms_inbox'),
    conversations: await count('sms_conversations'),
    transcripts: await count('transcripts'),
    cases: (await app.app.stores.cases.list({})).length,
  };
}

describe('a whole conversation by SMS, through signed webhooks and a fake Twilio', () => {
  let fake: FakeTwilio;
  let app: TestApp;
  beforeEach(async () => {
    fake = await startFakeTwilio();
    app = await startTestApp(twilioEnv(fake), { now: () => IN_HOURS });
  });
  afterEach(async () => {
    await app.dispose();
    await fake.close();
  });
  const parent = () => smsParent({ app: app.app, url: app.url, twilio: fake, from: PARENT, to: SERVICE });

  it('takes a self-referral from the first text to a case in the queue, choices by number and by words', async () => {
    const { copy, privacy, sms, schools } = app.app.content;
    const { referral } = copy;
    const sam = parent();
    /** Sends a text; the replies' last text must end with the question asked next. */
    const answer = async (text: string, nextQuestion: string): Promise<string[]> => {
      const replies = await sam.text(text);
      expectEndsWith(replies.at(-1), nextQuestion);
      return replies;
    };

    // The first text, one text: automated, call 999; what is kept before the privacy notice; one question.
    const [first, ...more] = await sam.text('Hello');
    expect(more).toEqual([]);
    expect(first).toContain(sms.welcome);
    expect(first).toContain(beforeConsentSentence(app.app.content, true));
    expect(first).toMatch(/automated/);
    expect(first).toMatch(/call 999/i);
    expectEndsWith(first, sms.opening);

    // "yes" (a PSW to contact me): the short privacy notice with the link to the full one, then the question.
    const notice = await answer('yes', privacy.layered.smsAgreePrompt);
    expect(oneLine(notice.join(' '))).toContain('Full notice: https://psa.example.org/privacy');
    // By words, in any case.
    await answer(
      'yes, i agree',
      numbered(app.app, copy.school.prompt, [...schools.map((s) => s.name), copy.school.notListed]),
    );
    await answer('1', referral.askName);
    // The phone number: the contact question names the one the parent is texting from, by its last digits only.
    const contact = fillTemplate(sms.askContactMethodOwnNumber, { ending: '123' });
    await answer('Sam Sample', numbered(app.app, contact, Object.values(referral.contactMethods)));
    await answer(
      'Phone call',
      numbered(app.app, referral.askContactTime, Object.values(referral.contactTimes)),
    );
    // Texts and voicemail in one question.
    await answer(
      'afternoon',
      numbered(app.app, referral.askSafeToTextOrVoicemail, Object.values(referral.textOrVoicemail)),
    );
    // The child's name and year in one question; a name alone, and the year is asked on its own.
    await answer('2', sms.askChildNameAndYear);
    // School years hold numbers of their own: listed without numbers, and "2" is Year 2.
    const years = [...referral.yearGroups.primary, referral.skip].join(', ');
    await answer('Jo', `${referral.askYearGroup}\n${years}\n${sms.choiceHintUnnumbered}`);
    // The parent's words first; the topic is understood from them ("bedtime"), not asked.
    await answer('2', referral.askWords);
    await answer('Bedtime takes hours and mornings are a battle.', sms.askWellbeing);
    const check = await answer(
      'seven',
      numbered(app.app, referral.checkPrompt, [referral.send, referral.change]),
    );
    // The whole summary and its question in one text.
    expect(check).toHaveLength(1);
    const answers = oneLine(check.join('\n'));
    for (const line of [
      `${sms.checkLabels.contactMethod}: Phone call, 07700 900123, ${referral.contactTimes.afternoon}`,
      `${sms.checkLabels.safeToText}: Yes. ${sms.checkLabels.safeToLeaveMessage}: No`,
      `${sms.checkLabels.childFirstName}: Jo, Year 2`,
      `${sms.checkLabels.wellbeing}: 7 out of 10`,
    ]) {
      expect(answers).toContain(line);
    }
    // Change one answer, by words ("Change an answer", "Best time"), then send it by number.
    const which = await sam.text(referral.change);
    expect(which.at(-1)).toMatch(new RegExp(`\\n\\d+\\. ${referral.labels.contactTime}\\n`));
    expect(which.at(-1)?.startsWith(`${referral.changePrompt}\n1. `)).toBe(true);
    await answer(
      'best time',
      numbered(app.app, referral.askContactTime, Object.values(referral.contactTimes)),
    );
    const rechecked = await answer(
      '2',
      numbered(app.app, referral.checkPrompt, [referral.send, referral.change]),
    );
    expect(oneLine(rechecked.join('\n'))).toContain(
      `${sms.checkLabels.contactMethod}: Phone call, 07700 900123, ${referral.contactTimes.morning}`,
    );

    const sent = await sam.text('1');
    const reference = REFERENCE.exec(sent.join('\n'))?.[1];
    expect(reference).toBeDefined();
    // By SMS one short text: the reference, what happens next, 999 (and the menu with it).
    expect(oneLine(sent.join('\n'))).toContain(app.app.content.sms.nextInHours);
    expectEndsWith(sent.at(-1), numbered(app.app, copy.menu.promptAgain, menuChoices(app.app)));

    // Every text the parent received: GSM-7, at most two segments.
    const received = fake.textsTo(PARENT).map((t) => t.body);
    expectSendable(received);

    // The case is in the queue with the reference the parent was sent, and how they want to be contacted.
    const [opened, ...others] = await app.app.stores.cases.list({});
    expect(others).toEqual([]);
    const { conversationId } = smsIdentity(app.app.sealer, 'twilio', PARENT, SERVICE);
    expect(opened).toMatchObject({
      reference,
      kind: 'referral',
      status: 'new',
      urgent: false,
      schoolId: 'oakfield-primary',
      channelId: 'sms',
      conversationKey: conversationKeyFor(app.app.sealer, 'sms', conversationId),
      details: {
        parentName: 'Sam Sample',
        contactMethod: 'phone',
        phone: '07700 900123',
        contactTime: 'morning',
        safeToText: true,
        safeToLeaveMessage: false,
        childFirstName: 'Jo',
        yearGroup: 'Year 2',
        topic: 'routines_sleep',
        words: 'Bedtime takes hours and mornings are a battle.',
        privacyNoticeVersion: privacy.version,
      },
      wellbeing: { start: 7 },
    });
    // The way back to the parent names the conversation by a keyed hash, never the number...
    expect(JSON.stringify(opened?.conversationRef)).not.toContain('7700900123');
    // ...and works: a PSW's reply reaches them by SMS.
    await app.app.gateway.continueConversation(opened!.conversationRef, async (context) => {
      await context.sendActivity({
        type: 'message',
        text: `About ${reference}: I will call you this afternoon.`,
        channelData: { psaSender: { kind: 'psw', staffId: 'psw-1' } },
      });
    });
    expect(fake.textsTo(PARENT).at(-1)?.body).toBe(`About ${reference}: I will call you this afternoon.`);

    // Nothing personal in the logs: not the number, the name, or the words.
    const logs = app.logLines().join('\n');
    for (const secret of ['7700900123', '7700 900123', 'Sam Sample', 'Bedtime'])
      expect(logs).not.toContain(secret);
  });

  it('names the number the parent texts from in the contact question, and takes another one typed instead', async () => {
    const { copy, sms } = app.app.content;
    const { referral } = copy;
    const sam = parent();
    for (const text of ['Hello', '1', '1', '1']) await sam.text(text);
    const [offer] = await sam.text('Sam Sample');
    expect(offer).toContain(fillTemplate(sms.askContactMethodOwnNumber, { ending: '123' }));
    // Never the whole number in a text before the parent has chosen it.
    expect(offer).not.toContain('900123');
    const [next] = await sam.text('text me on 07700 900456');
    expect(next?.startsWith(referral.askContactTime)).toBe(true);
    for (const text of ['any time', 'skip', 'He will not go to school.']) await sam.text(text);
    const check = (await sam.text('rather not say')).join('\n');
    expect(check).toContain(`${sms.checkLabels.contactMethod}: Text message, 07700 900456`);
    expect(check).not.toContain(`${sms.checkLabels.wellbeing}:`);
    // "No" to the number texting from: then a number is asked for.
    const [own] = await sam.text('change the phone number');
    expect(own).toContain(fillTemplate(referral.askUseOwnPhone, { ending: '123' }));
    expect(await sam.text('2')).toEqual([referral.askPhone]);
  });

  it('answers a risk message with the emergency message first, in texts of two segments at most', async () => {
    const { content } = app.app;
    const { copy } = content;
    const sam = parent();
    await sam.text('Hello');
    const replies = await sam.text('my partner hits me');
    expectSendable(replies);
    const emergency = emergencyMessage(
      content,
      areaFor(content, undefined, app.config.conversation.defaultArea),
      detectRisk('my partner hits me').categories,
    );
    // With the domestic abuse helpline and the children's front door, about 500 characters: more than one text can hold, so it is split, and the first text the
    // parent receives is its start: 999.
    expect(emergency.length).toBeGreaterThan(306);
    expect(replies.length).toBeGreaterThan(1);
    expect(replies[0]?.startsWith(copy.safeguarding.emergency[0]!)).toBe(true);
    expect(replies[0]).toContain('call 999');
    // Cut between sentences, never inside one.
    for (const text of replies.slice(0, -1)) expect(text).toMatch(/[.!?]$/);
    expect(oneLine(replies.join('\n')).startsWith(oneLine(emergency))).toBe(true);
    expectEndsWith(replies.at(-1), numbered(app.app, copy.menu.prompt, menuChoices(app.app)));

    // As a parent's very first text: the emergency message still comes first, the welcome after.
    const newcomer = smsParent({
      app: app.app,
      url: app.url,
      twilio: fake,
      from: '+447700900124',
      to: SERVICE,
    });
    const firstReplies = await newcomer.text('my partner hits me');
    expectSendable(firstReplies);
    expect(firstReplies[0]?.startsWith(copy.safeguarding.emergency[0]!)).toBe(true);
    expect(oneLine(firstReplies.join('\n')).startsWith(oneLine(emergency))).toBe(true);
    expect(firstReplies.join('\n')).toContain(content.sms.welcome);
  });

  it('refuses a text with a bad signature (403), and stores nothing and texts nobody', async () => {
    const fields = inboundFields({ from: PARENT, to: SERVICE, body: 'Hello' });
    const forged = await postSigned(app.url, '/api/sms', fields, { authToken: 'not-our-auth-token' });
    expect(forged.status).toBe(403);
    const unsigned = await postSigned(app.url, '/api/sms', fields, { signature: null });
    expect(unsigned.status).toBe(403);
    await new Promise((r) => setTimeout(r, 200));
    expect(await counts(app)).toEqual({ inbox: 0, conversations: 0, transcripts: 0, cases: 0 });
    expect(fake.requests()).toBe(0);
  });

  it('makes one turn of a webhook Twilio delivers twice, in the middle of a referral', async () => {
    const { copy } = app.app.content;
    const sam = parent();
    await sam.text('Hello');
    await sam.text('yes');
    const before = fake.textsTo(PARENT).length;
    // "1" (I agree: the number of the choice), delivered three times at once and once more after its turn.
    const messageSid = newMessageSid();
    const fields = inboundFields({ from: PARENT, to: SERVICE, body: '1', messageSid });
    const answers = await Promise.all([1, 2, 3].map(() => postSigned(app.url, '/api/sms', fields)));
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200]);
    await waitForTurn(app.app, messageSid);
    expect((await postSigned(app.url, '/api/sms', fields)).status).toBe(200);
    await new Promise((r) => setTimeout(r, 300));
    const replies = fake
      .textsTo(PARENT)
      .slice(before)
      .map((t) => t.body);
    expect(replies).toHaveLength(1);
    expect(replies[0]).toContain(copy.referral.intro);
    // The dialog moved on once: the next answer is the school.
    const [name] = await sam.text('1');
    expect(name).toBe(copy.referral.askName);
    const transcript = await app.app.stores.transcripts.list(
      conversationKeyFor(
        app.app.sealer,
        'sms',
        smsIdentity(app.app.sealer, 'twilio', PARENT, SERVICE).conversationId,
      ),
    );
    expect(transcript.filter((e) => e.sender === 'parent').map((e) => e.text)).toEqual([
      'Hello',
      'yes',
      '1', // at the short notice by SMS the choices are not listed: the number is kept as typed
      'Oakfield Primary School',
    ]);
  });
});
