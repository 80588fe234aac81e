import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ConsoleClient, addStaff } from '../support/console';
import { TestParent } from '../support/parent';
import { startReplySink } from '../support/replySink';
import { startTestApp, type TestApp } from '../support/testApp';

// Oakfield Primary works 08:15–16:00 on Mondays in term time (content/schools.json).
const MONDAY_MORNING = new Date('2026-11-23T10:00:00Z');
const MONDAY_EVENING = new Date('2026-11-23T19:00:00Z');

type Sink = Awaited<ReturnType<typeof startReplySink>>;

/** What the parent has been sent since `from`, as text. */
const textsSince = (sink: Sink, from: number) =>
  sink.requests.slice(from).map((r) => (typeof r.body.text === 'string' ? r.body.text : ''));

describe('live handoff through /api/messages', () => {
  let sink: Sink;
  let t: TestApp;
  let clock: Date;

  beforeEach(async () => {
    sink = await startReplySink();
    clock = MONDAY_MORNING;
    t = await startTestApp({ ALLOWED_SERVICE_URLS: sink.url }, { now: () => clock });
  });
  afterEach(async () => {
    await t.dispose();
    await sink.close();
  });

  it('queues the parent, connects them to a PSW both ways, hands back to the bot and collects feedback', async () => {
    const parent = new TestParent(t.url, sink.url);
    expect(await parent.says('Hello')).toBe(200);
    const liveChat = await parent.opensCase(t.app, { kind: 'live_chat', details: { topic: 'behaviour' } });

    let seen = sink.requests.length;
    await parent.says('Is anyone there?');
    await sink.waitFor(seen + 1);
    const waiting = textsSince(sink, seen);
    expect(waiting).toEqual([expect.stringMatching(/You are number 1 in the queue .* about 10 minutes/)]);
    expect(waiting[0]).toMatch(/Send LEAVE at any time/);

    seen = sink.requests.length;
    await parent.says('He has been refusing to go to school.');
    await sink.waitFor(seen + 1);
    expect(textsSince(sink, seen)).toEqual([expect.stringMatching(/will see that\. You are number 1/)]);

    await addStaff(t.app, { email: 'pat@example.org', displayName: 'Pat Example' });
    const psw = await ConsoleClient.signedIn(t.url, 'pat@example.org');
    seen = sink.requests.length;
    expect((await psw.post(`/api/console/cases/${liveChat.id}/claim`)).status).toBe(200);
    await sink.waitFor(seen + 1);
    expect(textsSince(sink, seen)).toEqual([
      expect.stringMatching(/^Pat, a Parent Support Worker, has joined/),
    ]);

    // Now the parent's words go to the PSW, and the bot stays quiet.
    seen = sink.requests.length;
    await parent.says('Thank you for picking this up');
    const page = await psw.get<{ transcript: Array<{ sender: string; text: string }> }>(
      `/api/console/cases/${liveChat.id}`,
    );
    expect(page.body.transcript.filter((e) => e.sender === 'parent').map((e) => e.text)).toEqual([
      'Hello',
      'Is anyone there?',
      'He has been refusing to go to school.',
      'Thank you for picking this up',
    ]);
    expect(sink.requests.length).toBe(seen);

    const reply = await psw.post(`/api/console/cases/${liveChat.id}/replies`, {
      text: 'Hello, I am Pat. Can you tell me how long this has been going on?',
    });
    expect(reply.status).toBe(200);
    await sink.waitFor(seen + 1);
    expect(textsSince(sink, seen)).toEqual([
      'Hello, I am Pat. Can you tell me how long this has been going on?',
    ]);
    expect(sink.requests.at(-1)?.body.channelData).not.toHaveProperty('psaSender');
    const transcript = await t.app.stores.transcripts.list(liveChat.conversationKey);
    expect(transcript.at(-1)?.sender).toBe('psw');
    expect(transcript.at(-1)?.text).toContain('I am Pat');
    expect((await t.app.stores.cases.get(liveChat.id))?.status).toBe('in_progress');

    seen = sink.requests.length;
    const closed = await psw.post(`/api/console/cases/${liveChat.id}/close`, { outcome: 'resolved' });
    expect(closed.body).toMatchObject({ parentTold: true, feedbackAsked: true });
    await sink.waitFor(seen + 2);
    expect(textsSince(sink, seen)).toEqual([
      expect.stringMatching(/ended the chat\. You are talking to the automated assistant again/),
      expect.stringMatching(/Choose from 1 \(not helpful\) to 5/),
    ]);

    seen = sink.requests.length;
    await parent.says('5');
    await parent.says('Pat was really kind');
    await sink.waitFor(seen + 2);
    expect(textsSince(sink, seen)).toEqual([
      expect.stringMatching(/anything you would like to tell us/),
      t.app.content.handoff.askWellbeing,
    ]);
    seen = sink.requests.length;
    await parent.says('about a 6');
    await sink.waitFor(seen + 1);
    expect(textsSince(sink, seen)).toEqual([expect.stringMatching(/Thank you for your feedback/)]);
    expect(await t.app.stores.feedback.list({ caseId: liveChat.id })).toEqual([
      expect.objectContaining({ rating: 5, comment: 'Pat was really kind', schoolId: 'oakfield-primary' }),
    ]);
    const history = (await t.app.stores.cases.get(liveChat.id))?.history.map((h) => h.action);
    expect(history).toEqual([
      'open',
      'claim',
      'start',
      'reply',
      'close',
      'feedback_requested',
      'feedback_received',
      'feedback_received',
      'feedback_received',
    ]);
    // A live chat has no score from its start: the end is kept alone.
    expect((await t.app.stores.cases.get(liveChat.id))?.wellbeing).toEqual({ end: 6 });

    // The bot has the conversation back.
    seen = sink.requests.length;
    await parent.says('What is a PSW?');
    await sink.waitFor(seen + 1);
    expect(textsSince(sink, seen).join(' ')).not.toMatch(/queue|feedback/i);
  });

  it('lets a waiting parent leave the queue', async () => {
    const parent = new TestParent(t.url, sink.url);
    const liveChat = await parent.opensCase(t.app, { kind: 'live_chat', details: {} });
    const seen = sink.requests.length;
    await parent.says('Stop');
    await sink.waitFor(seen + 1);
    expect(textsSince(sink, seen)).toEqual([expect.stringMatching(/You have left the queue/)]);
    const after = await t.app.stores.cases.get(liveChat.id);
    expect(after?.status).toBe('closed');
    expect(after?.history.at(-1)).toMatchObject({
      action: 'withdraw',
      by: 'parent',
      reason: 'parent_left_queue',
    });
  });

  it('tells a parent waiting out of hours when a person will reply, with the emergency numbers', async () => {
    clock = MONDAY_EVENING;
    const parent = new TestParent(t.url, sink.url);
    const liveChat = await parent.opensCase(t.app, { kind: 'live_chat', details: {} });
    expect(liveChat.dueBy?.toISOString()).toBe('2026-11-24T08:15:00.000Z');
    const seen = sink.requests.length;
    await parent.says('Hello?');
    await sink.waitFor(seen + 1);
    const texts = textsSince(sink, seen);
    expect(texts).toHaveLength(1);
    const [notWorking, leave, emergency] = texts[0]?.split('\n\n') ?? [];
    expect(notWorking).toMatch(/not working right now\. A person will reply tomorrow at 8:15am/);
    expect(leave).toMatch(/Send LEAVE/);
    expect(emergency).toMatch(/call 999/);
    expect(emergency).toMatch(/0151 459 2606/);
    expect(emergency).toMatch(/0808 800 5000/);
  });

  it('passes parent replies to the PSW once they have written to a referral', async () => {
    const parent = new TestParent(t.url, sink.url);
    const referral = await parent.opensCase(t.app);
    await addStaff(t.app, { email: 'pat@example.org' });
    const psw = await ConsoleClient.signedIn(t.url, 'pat@example.org');
    await psw.post(`/api/console/cases/${referral.id}/claim`);
    let seen = sink.requests.length;
    expect(sink.requests.slice(seen)).toEqual([]); // no "joined the chat" for a referral
    await psw.post(`/api/console/cases/${referral.id}/replies`, { text: 'Is now a good time to call?' });
    await sink.waitFor(seen + 1);
    seen = sink.requests.length;
    await parent.says('Yes, after 3pm please');
    expect(sink.requests.length).toBe(seen);
    const transcript = await t.app.stores.transcripts.list(referral.conversationKey);
    expect(transcript.at(-1)).toMatchObject({ sender: 'parent', text: 'Yes, after 3pm please' });
  });

  it("claims at once when the parent's channel is down, and notes that the parent was not told", async () => {
    // A channel that refuses every message (as a connector does for a conversation that has gone).
    const refusing = http.createServer((_req, res) => {
      res.statusCode = 403;
      res.end();
    });
    await new Promise<void>((resolve) => refusing.listen(0, '127.0.0.1', resolve));
    const parent = new TestParent(t.url, `http://127.0.0.1:${(refusing.address() as AddressInfo).port}`);
    const liveChat = await parent.opensCase(t.app, { kind: 'live_chat', details: {} });
    await addStaff(t.app, { email: 'pat@example.org' });
    const psw = await ConsoleClient.signedIn(t.url, 'pat@example.org');
    expect((await psw.post(`/api/console/cases/${liveChat.id}/claim`)).status).toBe(200);
    const deadline = Date.now() + 10_000;
    let last: string | undefined;
    while (Date.now() < deadline && last !== 'parent_unreachable') {
      await new Promise((r) => setTimeout(r, 50));
      last = (await t.app.stores.cases.get(liveChat.id))?.history.at(-1)?.action;
    }
    expect((await t.app.stores.cases.get(liveChat.id))?.history.at(-1)).toMatchObject({
      action: 'parent_unreachable',
      reason: 'joined_notice',
    });
    const reply = await psw.post(`/api/console/cases/${liveChat.id}/replies`, { text: 'Hello?' });
    expect(reply.status).toBe(502);
    expect(reply.body.code).toBe('NotDelivered');
    refusing.close();
  });

  it('never texts a parent who said it is not safe to text them', async () => {
    const parent = new TestParent(t.url, sink.url);
    const referral = await parent.opensCase(t.app, {
      channelId: 'sms',
      details: { parentName: 'Sam Sample', contactMethod: 'phone', safeToText: false },
    });
    await addStaff(t.app, { email: 'pat@example.org' });
    const psw = await ConsoleClient.signedIn(t.url, 'pat@example.org');
    await psw.post(`/api/console/cases/${referral.id}/claim`);
    const seen = sink.requests.length;
    const reply = await psw.post(`/api/console/cases/${referral.id}/replies`, { text: 'Hello' });
    expect(reply.status).toBe(409);
    expect(reply.body.code).toBe('NotSafeToText');
    const closed = await psw.post(`/api/console/cases/${referral.id}/close`, { outcome: 'resolved' });
    expect(closed.body).toMatchObject({ parentTold: false, feedbackAsked: false });
    expect(sink.requests.length).toBe(seen);
  });
});
