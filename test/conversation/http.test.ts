import { startReplySink } from '../support/replySink';
import { startTestApp, type TestApp } from '../support/testApp';
import { OUT_OF_HOURS } from './harness';

/**
 * The whole path a Bot Framework channel (or the Emulator) uses: activities posted to
 * /api/messages, replies posted back to the channel's service URL (a local sink here).
 */
describe('conversation over /api/messages', () => {
  let app: TestApp;
  let sink: Awaited<ReturnType<typeof startReplySink>>;
  let nextId = 0;

  beforeAll(async () => {
    sink = await startReplySink();
    app = await startTestApp({ ALLOWED_SERVICE_URLS: sink.url }, { now: () => OUT_OF_HOURS });
  });
  afterAll(async () => {
    await app.dispose();
    await sink.close();
  });

  /** Posts one message as the parent; returns the texts of the replies the bot posted back. */
  async function say(conversationId: string, text: string): Promise<string[]> {
    const before = sink.requests.length;
    const response = await fetch(`${app.url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        type: 'message',
        id: `activity-${++nextId}`,
        channelId: 'emulator',
        serviceUrl: sink.url,
        conversation: { id: conversationId },
        from: { id: 'parent-1', name: 'Parent' },
        recipient: { id: 'bot-1', name: 'Parent Support Assistant' },
        text,
        timestamp: new Date().toISOString(),
      }),
    });
    expect(response.status).toBeLessThan(300);
    return sink.requests.slice(before).map((r) => (typeof r.body.text === 'string' ? r.body.text : ''));
  }

  it('takes a referral from a parent who disclosed a risk: emergency reply first, case in the store, urgent', async () => {
    const conversation = 'http-referral-1';
    const welcome = await say(conversation, 'hi');
    expect(welcome[0]).toMatch(/automated assistant/);

    const risk = await say(conversation, 'my partner hits me');
    expect(risk[0]).toMatch(/call \[?999/);
    expect(risk[0]).toContain('0808 2000 247');

    const answers = [
      'Ask a PSW to contact me',
      'Yes, I agree',
      'Oakfield Primary School',
      'Sam Sample',
      'Phone call',
      '07700 900123',
      'Morning',
      'Neither',
      'skip',
      'skip',
      'Things are hard at home since the split.',
      'Family changes, like a split or a new baby',
    ];
    for (const answer of answers) await say(conversation, answer);
    const sent = await say(conversation, 'Yes, send it');
    const reference = /Your reference is ([2-9A-Z]{3}-[2-9A-Z]{3})/.exec(sent.join('\n'))?.[1];
    expect(reference).toBeDefined();
    expect(sent.join('\n')).toContain('They will be back tomorrow at 8:15am');

    const stored = await app.app.stores.cases.getByReference(reference ?? '');
    expect(stored).toMatchObject({
      kind: 'referral',
      urgent: true,
      status: 'new',
      schoolId: 'oakfield-primary',
      channelId: 'emulator',
      details: { parentName: 'Sam Sample', phone: '07700 900123', topic: 'family_changes' },
    });
    expect(stored?.conversationRef).toMatchObject({
      serviceUrl: sink.url,
      conversation: { id: conversation },
    });
  });

  it('answers a question and asks for a person, in a separate conversation that is not urgent', async () => {
    const conversation = 'http-faq-1';
    const replies = await say(conversation, 'is it free?');
    expect(replies).toContain('The Parent Support Worker service is free for parents and carers.');
    const person = await say(conversation, 'talk to a person');
    expect(person.join('\n')).toContain('Which school is your child at?');
    const offer = await say(conversation, 'Riverside High School');
    expect(offer.join('\n')).toContain('A person will be back tomorrow at 8am');
  });

  it('logs no message text or phone numbers', () => {
    const logs = app.logLines().join('\n');
    expect(logs).toContain('emergency reply sent');
    expect(logs).not.toContain('07700 900123');
    expect(logs).not.toContain('my partner hits me');
    expect(logs).not.toContain('Sam Sample');
  });
});
