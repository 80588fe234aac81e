import { conversationKeyFor } from '../../src/domain/conversationKey';
import type { Case } from '../../src/domain/model/case';
import { ConsoleClient, addStaff } from '../support/console';
import { TestParent } from '../support/parent';
import { makeReferral } from '../support/referral';
import { startReplySink } from '../support/replySink';
import { startTestApp, type TestApp } from '../support/testApp';

// Oakfield Primary works 08:15–16:00 on Mondays in term time (content/schools.json).
const MONDAY_MORNING = new Date('2026-11-23T10:00:00Z');

type Sink = Awaited<ReturnType<typeof startReplySink>>;

interface CasePage {
  status: string;
  transcript: Array<{ sender: string; senderName: string; text: string }>;
  feedback: Array<{ rating: number; comment?: string }>;
  answers: Array<{ label: string; value: string; important?: boolean }>;
  contact: Array<{ label: string; value: string; important?: boolean }>;
  warnings: string[];
  permissions: { reply: boolean };
}

/**
 * The live handoff with the real conversation: a parent on /api/messages (replies to a loopback
 * sink) talks to the real bot, and a PSW works the case through the console API.
 */
describe('handoff through the real conversation', () => {
  let sink: Sink;
  let t: TestApp;
  let parent: TestParent;
  let psw: ConsoleClient;

  beforeEach(async () => {
    sink = await startReplySink();
    t = await startTestApp({ ALLOWED_SERVICE_URLS: sink.url }, { now: () => MONDAY_MORNING });
    parent = new TestParent(t.url, sink.url);
    await addStaff(t.app, { email: 'pat@example.org', displayName: 'Pat Example' });
    psw = await ConsoleClient.signedIn(t.url, 'pat@example.org');
  });
  afterEach(async () => {
    await t.dispose();
    await sink.close();
  });

  /** Sends a message as the parent; resolves with what the bot sent back in that turn. */
  const say = async (text: string): Promise<string[]> => {
    const before = sink.requests.length;
    expect(await parent.says(text)).toBe(200);
    return textsSince(before);
  };
  const textsSince = (from: number) =>
    sink.requests.slice(from).map((r) => (typeof r.body.text === 'string' ? r.body.text : ''));
  /** Waits for `count` proactive messages to the parent after `from`. */
  const proactive = async (from: number, count: number) => {
    await sink.waitFor(from + count);
    return textsSince(from);
  };
  const casesOfParent = () =>
    t.app.stores.cases.list({
      conversationKey: conversationKeyFor(t.app.sealer, 'emulator', parent.conversationId),
    });
  const page = async (theCase: Case) => (await psw.get<CasePage>(`/api/console/cases/${theCase.id}`)).body;

  it('"talk to a person": queued in one message, claimed, both ways, closed, rating 4 and a comment', async () => {
    expect((await say('Hello'))[0]).toMatch(/automated assistant/);
    expect((await say('talk to a person')).join('\n')).toContain('Do you agree to this?');
    const queued = await say('Yes, I agree');
    const [liveChat] = await casesOfParent();
    if (!liveChat) throw new Error('no live chat case was opened');
    expect(liveChat).toMatchObject({ kind: 'live_chat', status: 'new', schoolId: 'oakfield-primary' });
    expect(queued).toEqual([
      `I have asked for a Parent Support Worker (PSW) to chat with you here. Your reference is ${liveChat.reference}.\n\n` +
        'You are number 1 in the queue for a PSW at Oakfield Primary School. Someone should reply in about 10 minutes. ' +
        'You can keep writing here: they will see everything you send.\n\n' +
        'Send LEAVE at any time to leave the queue. If anyone is in immediate danger, call 999.',
    ]);

    // Waiting: the parent's words are kept for the PSW; the dialogs do not answer them.
    expect(await say('My daughter is being bullied')).toEqual([
      'Thank you, a Parent Support Worker will see that. You are number 1 in the queue.',
    ]);

    let seen = sink.requests.length;
    expect((await psw.post(`/api/console/cases/${liveChat.id}/claim`)).status).toBe(200);
    expect(await proactive(seen, 1)).toEqual([
      'Pat, a Parent Support Worker, has joined the chat. You are now talking to a person.',
    ]);

    seen = sink.requests.length;
    const reply = await psw.post(`/api/console/cases/${liveChat.id}/replies`, {
      text: 'Hello, I am Pat. I am sorry to hear that. How long has it been going on?',
    });
    expect(reply.status).toBe(200);
    expect(await proactive(seen, 1)).toEqual([
      'Hello, I am Pat. I am sorry to hear that. How long has it been going on?',
    ]);

    // Connected: the parent's answer reaches the PSW and the bot stays quiet.
    expect(await say('Since half term')).toEqual([]);
    const during = await page(liveChat);
    expect(during.status).toBe('in_progress');
    expect(during.transcript.map((e) => `${e.senderName}: ${e.text}`)).toEqual(
      expect.arrayContaining([
        'Parent: My daughter is being bullied',
        'Pat Example: Hello, I am Pat. I am sorry to hear that. How long has it been going on?',
        'Parent: Since half term',
      ]),
    );

    seen = sink.requests.length;
    const closed = await psw.post(`/api/console/cases/${liveChat.id}/close`, { outcome: 'resolved' });
    expect(closed.body).toMatchObject({ parentTold: true, feedbackAsked: true });
    expect(await proactive(seen, 2)).toEqual([
      `The Parent Support Worker has ended the chat. You are talking to the automated assistant again. Your reference is ${liveChat.reference}.`,
      'How helpful was the Parent Support Worker service? Choose from 1 (not helpful) to 5 (very helpful). You can add a comment too.',
    ]);

    // "4" is a rating here, not the menu's fourth choice ("Talk to a person").
    expect(await say('4')).toEqual([
      'Thank you. Is there anything you would like to tell us about it? Reply SKIP if not.',
    ]);
    // Then the scaling question, with buttons; "skip" skips it without fuss.
    const scale = await say('Pat was kind and quick');
    expect(scale).toEqual([t.app.content.handoff.askWellbeing]);
    expect(sink.requests.at(-1)?.body.suggestedActions).toMatchObject({
      actions: expect.arrayContaining([
        expect.objectContaining({ title: '10' }),
        expect.objectContaining({ title: 'Skip' }),
      ]),
    });
    expect(await say('skip')).toEqual(['Thank you for your feedback. It helps us improve the service.']);
    expect((await t.app.stores.cases.get(liveChat.id))?.wellbeing).toBeUndefined();
    expect(await t.app.stores.feedback.list({ caseId: liveChat.id })).toEqual([
      expect.objectContaining({ rating: 4, comment: 'Pat was kind and quick', schoolId: 'oakfield-primary' }),
    ]);
    expect((await page(liveChat)).feedback).toEqual([
      expect.objectContaining({ rating: 4, comment: 'Pat was kind and quick' }),
    ]);
    expect(await casesOfParent()).toHaveLength(1); // no new live chat from the "4"

    // The assistant has the conversation back.
    expect(await say('is it free?')).toContain(
      'The Parent Support Worker service is free for parents and carers.',
    );
  });

  it('a referral made through the bot: the console shows every answer, the PSW and parent talk, "4" is feedback', async () => {
    await say('Hello');
    const { reference } = await makeReferral(say, { safeToLeaveMessage: 'No' });
    const referral = await t.app.stores.cases.getByReference(reference);
    if (!referral) throw new Error('the referral is not in the store');
    expect(referral.details).toEqual({
      parentName: 'Sam Sample',
      contactMethod: 'phone',
      phone: '07700 900123',
      contactTime: 'afternoon',
      safeToText: true,
      safeToLeaveMessage: false,
      childFirstName: 'Alex',
      yearGroup: 'Year 3',
      topic: 'routines_sleep',
      topicLabel: 'Routines and sleep',
      words: 'Bedtime is a battle every night and he is tired at school.',
      callback: false,
      privacyNoticeVersion: t.app.content.privacy.version,
      privacyAgreedAt: MONDAY_MORNING.toISOString(),
    });

    const shown = await page(referral);
    expect(shown.answers.map((a) => `${a.label}: ${a.value}`)).toEqual([
      "Parent's name: Sam Sample",
      "Child's first name: Alex",
      'Year group: Year 3',
      'What it is about: Routines and sleep',
      'In their words: Bedtime is a battle every night and he is tired at school.',
      'Things at home (0–10): 6 at referral',
      `Privacy notice: Agreed to version ${t.app.content.privacy.version}`,
    ]);
    expect(shown.contact).toEqual([
      { label: 'How to contact them', value: 'Phone call' },
      { label: 'Phone', value: '07700 900123' },
      { label: 'Best time', value: 'Afternoon' },
      { label: 'Safe to text?', value: 'Yes' },
      { label: 'Safe to leave a voicemail?', value: 'No: do not leave a message', important: true },
    ]);
    expect(shown.warnings).toEqual(['The parent said it is not safe to leave them a voicemail message.']);

    await psw.post(`/api/console/cases/${referral.id}/claim`);
    let seen = sink.requests.length;
    await psw.post(`/api/console/cases/${referral.id}/replies`, { text: 'Hello Sam, this is Pat.' });
    expect(await proactive(seen, 1)).toEqual(['Hello Sam, this is Pat.']);
    // After the PSW has written, the parent's answers go to the PSW (the menu is not shown).
    expect(await say('Hello Pat, after 3pm is best')).toEqual([]);
    expect((await page(referral)).transcript.at(-1)).toMatchObject({
      sender: 'parent',
      text: 'Hello Pat, after 3pm is best',
    });

    seen = sink.requests.length;
    await psw.post(`/api/console/cases/${referral.id}/close`, { outcome: 'signposted' });
    expect(await proactive(seen, 2)).toEqual([
      expect.stringContaining(`(reference ${reference}) is now closed`),
      expect.stringContaining('Choose from 1 (not helpful) to 5'),
    ]);
    // The menu ("Is there anything else I can help with?") is still waiting under the feedback
    // question: "4" must be the rating, not its fourth choice.
    expect(await say('4')).toEqual([expect.stringContaining('anything you would like to tell us')]);
    expect(await say('skip')).toEqual([t.app.content.handoff.askWellbeing]);
    // Not a score: asked once more; then "8 - getting better" is kept beside the 6 given at referral.
    expect(await say('not sure what you mean')).toEqual([t.app.content.handoff.wellbeingRetry]);
    expect(await say('8 - getting better')).toEqual([
      'Thank you for your feedback. It helps us improve the service.',
    ]);
    expect(await t.app.stores.feedback.list({ caseId: referral.id })).toEqual([
      expect.objectContaining({ rating: 4 }),
    ]);
    expect((await t.app.stores.cases.get(referral.id))?.wellbeing).toEqual({ start: 6, end: 8 });
    // The PSW's case page shows both, the start beside the end.
    expect((await page(referral)).answers).toContainEqual({
      label: 'Things at home (0–10)',
      value: '6 at referral → 8 at close',
    });
    // The manager's per-case report shows both scores.
    const manager = await addStaff(t.app, {
      email: 'lee@example.org',
      role: 'manager',
      schools: ['oakfield-primary'],
    });
    const lead = await ConsoleClient.signedIn(t.url, 'lee@example.org');
    const csv = await fetch(`${t.url}/api/console/reports/cases.csv?from=2026-11-01&to=2026-11-30`, {
      headers: { cookie: lead.cookie! },
    });
    expect(manager.role).toBe('manager');
    const row = (await csv.text()).split('\r\n').find((l) => l.startsWith(`${reference},`));
    expect(row).toMatch(/,6,8$/);
    expect(await casesOfParent()).toHaveLength(1);
  });

  it('a parent who ignores the feedback question and asks something else gets an answer', async () => {
    await say('Hello');
    await say('talk to a person');
    await say('Yes, I agree');
    const [liveChat] = await casesOfParent();
    if (!liveChat) throw new Error('no live chat case was opened');
    let seen = sink.requests.length;
    await psw.post(`/api/console/cases/${liveChat.id}/claim`);
    await proactive(seen, 1); // "has joined the chat"
    seen = sink.requests.length;
    await psw.post(`/api/console/cases/${liveChat.id}/close`, { outcome: 'resolved' });
    expect((await proactive(seen, 2))[1]).toMatch(/How helpful was/);

    expect(await say('is it free?')).toContain(
      'The Parent Support Worker service is free for parents and carers.',
    );
    expect(await t.app.stores.feedback.list({ caseId: liveChat.id })).toEqual([]);
    // The question is over: a later number is not taken as a rating.
    expect((await say('5')).join('\n')).not.toMatch(/tell us about it|Thank you for your feedback/);
    expect(await t.app.stores.feedback.list({ caseId: liveChat.id })).toEqual([]);
  });

  it('a parent who ends a live chat with a PSW is told the chat has ended, and the PSW sees it', async () => {
    await say('Hello');
    await say('talk to a person');
    await say('Yes, I agree');
    const [liveChat] = await casesOfParent();
    if (!liveChat) throw new Error('no live chat case was opened');
    const seen = sink.requests.length;
    await psw.post(`/api/console/cases/${liveChat.id}/claim`);
    await proactive(seen, 1);
    expect(await say('leave')).toEqual([
      'You have ended the chat with the Parent Support Worker. You can message us again at any time.',
    ]);
    const after = await t.app.stores.cases.get(liveChat.id);
    expect(after?.status).toBe('closed');
    expect(after?.history.at(-1)).toMatchObject({ action: 'withdraw', reason: 'parent_ended_chat' });
  });
});
