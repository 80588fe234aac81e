import { beforeConsentSentence } from '../support/content';
import type { App } from '../../src/app';
import { describeSms } from '../../src/text/gsm7';
import { SmsOptedOutError } from '../../src/channels/sms/smsErrors';
import { smsIdentity } from '../../src/domain/smsIdentity';
import { conversationKeyFor } from '../../src/domain/conversationKey';
import { startFakeTwilio } from '../support/fakeTwilio';
import {
  inboundFields,
  newMessageSid,
  postSigned,
  smsParent,
  twilioEnv,
  twilioSignature,
  waitForTurn,
} from '../support/smsParent';
import { startTestApp, type TestApp } from '../support/testApp';

const PARENT = '+447700900123';
const SERVICE = '+447700900001';

/** A numbered list of choices as a text shows it. */
function numbered(app: App, prompt: string, choices: string[]): string {
  return [prompt, ...choices.map((c, i) => `${i + 1}. ${c}`), app.content.sms.choiceHint].join('\n');
}

function menu(app: App, prompt = app.content.copy.menu.prompt): string {
  const { referral, faq, signposting, person } = app.content.copy.menu;
  return numbered(app, prompt, [referral, faq, signposting, person]);
}

/**
 * The first text, one text: the SMS welcome (automated, call 999), what is kept before the privacy
 * notice is agreed to, and the opening question (a PSW, or the parent's own words).
 */
function welcome(app: App): string[] {
  const { sms } = app.content;
  return [`${sms.welcome}\n\n${beforeConsentSentence(app.content, true)}\n\n${sms.opening}`];
}

/** The reply to "3" at the menu ("Find other help"): the start of the list of topics. */
function topicsPrompt(app: App): string {
  return `${app.content.copy.signposting.prompt}\n1. `;
}

/** "Does it cost anything?" from the list of questions: its short answer, then the menu again. */
function costAnswer(app: App): string {
  const cost = app.content.faqs.find((f) => f.id === 'cost')!;
  // By SMS an answer is followed by a short "anything else?", not the whole menu (issue 11).
  return `${cost.smsAnswer}\n\n${app.content.sms.anythingElse}`;
}

type FakeTwilio = Awaited<ReturnType<typeof startFakeTwilio>>;

const signatureOf = (fields: Record<string, string>) =>
  twilioSignature('https://psa.example.org/api/sms', fields);

async function storedCounts(app: TestApp) {
  const count = async (name: string) => (await app.app.stores.database.collection({ name })).count({});
  return {
    inbox: await count('sms_inbox'),
    conversations: await count('sms_conversations'),
    transcripts: await count('transcripts'),
  };
}

describe('SMS webhook without Twilio configured', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(() => app.dispose());

  it('answers 503 with a message saying what to set', async () => {
    const response = await postSigned(
      app.url,
      '/api/sms',
      inboundFields({ from: PARENT, to: SERVICE, body: 'hi' }),
    );
    expect(response.status).toBe(503);
    const body = (await response.json()) as { code: string; message: string };
    expect(body.code).toBe('SmsNotConfigured');
    expect(body.message).toContain('TWILIO_AUTH_TOKEN');
    expect(body.message).toContain('/dev/sms');
    expect(await storedCounts(app)).toMatchObject({ inbox: 0, conversations: 0 });
  });
});

describe('SMS webhook with Twilio', () => {
  let fake: FakeTwilio;
  let app: TestApp;
  beforeEach(async () => {
    fake = await startFakeTwilio();
    app = await startTestApp(twilioEnv(fake));
  });
  afterEach(async () => {
    await app.dispose();
    await fake.close();
  });
  const parent = (from = PARENT) =>
    smsParent({ app: app.app, url: app.url, twilio: fake, from, to: SERVICE });

  it('acknowledges a signed text with empty TwiML, then replies by SMS from the number texted', async () => {
    const fields = inboundFields({ from: PARENT, to: SERVICE, body: 'Hello' });
    const response = await postSigned(app.url, '/api/sms', fields, {
      signedUrl: 'https://psa.example.org/api/sms',
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/xml');
    expect(await response.text()).toBe('<?xml version="1.0" encoding="UTF-8"?><Response></Response>');
    await waitForTurn(app.app, fields.MessageSid!);
    expect(fake.texts.map((t) => t.body)).toEqual(welcome(app.app));
    expect(fake.texts[0]).toMatchObject({
      to: PARENT,
      from: SERVICE,
      statusCallback: 'https://psa.example.org/api/sms/status',
    });
    // The turn's replies (welcome, the pre-consent sentence, the opening question) arrive as one text of GSM-7.
    for (const text of fake.texts) expect(describeSms(text.body)).toMatchObject({ encoding: 'GSM-7' });
  });

  it('runs a conversation turn by turn and records it, without logging the number or the words', async () => {
    const sam = parent();
    const { faqs } = app.app.content;
    expect(await sam.text('Hello')).toEqual(welcome(app.app));
    const [questions] = await sam.text('2');
    expect(questions?.startsWith(`${app.app.content.copy.faq.menuPrompt}\n1. ${faqs[0]!.question}\n`)).toBe(
      true,
    );
    // The question typed in words, as listed: its short SMS answer.
    expect(await sam.text('does it cost anything')).toEqual([costAnswer(app.app)]);
    const key = conversationKeyFor(
      app.app.sealer,
      'sms',
      smsIdentity(app.app.sealer, 'twilio', PARENT, SERVICE).conversationId,
    );
    const transcript = await app.app.stores.transcripts.list(key);
    expect(transcript.map((e) => e.sender)).toEqual([
      'parent',
      'bot',
      'bot',
      'bot',
      'parent',
      'bot',
      'parent',
      'bot',
      'bot',
    ]);
    const logs = app.logLines().join('\n');
    expect(logs).toContain('SMS turn done');
    expect(logs).not.toContain('7700900123');
    expect(logs).not.toMatch(/cost anything/i);
    expect(logs).not.toContain(faqs.find((f) => f.id === 'cost')!.smsAnswer);
  });

  it('keeps one conversation per phone number per service number', async () => {
    expect(await parent().text('Hello')).toEqual(welcome(app.app));
    expect(await parent('+447700900124').text('Hello')).toEqual(welcome(app.app));
    expect(
      await smsParent({ app: app.app, url: app.url, twilio: fake, to: '+447700900002' }).text('Hi'),
    ).toEqual(welcome(app.app));
    // The first parent's conversation carries on at the menu: "3" is "Find other help".
    const [topics] = await parent().text('3');
    expect(topics?.startsWith(topicsPrompt(app.app))).toBe(true);
    expect((await storedCounts(app)).conversations).toBe(3);
  });

  it('refuses a wrong or missing signature with 403 and stores nothing', async () => {
    const fields = inboundFields({ from: PARENT, to: SERVICE, body: 'Hello' });
    const forged = await postSigned(app.url, '/api/sms', fields, { authToken: 'not-the-auth-token' });
    expect(forged.status).toBe(403);
    expect(((await forged.json()) as { code: string }).code).toBe('BadTwilioSignature');
    const missing = await postSigned(app.url, '/api/sms', fields, { signature: null });
    expect(missing.status).toBe(403);
    const genuine = await postSigned(app.url, '/api/sms', fields);
    expect(genuine.status).toBe(200);
    // Signed for the fields as Twilio sent them, but the body was changed on the way.
    const changed = await fetch(`${app.url}/api/sms`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'x-twilio-signature': signatureOf(fields),
      },
      body: new URLSearchParams({ ...fields, Body: 'changed on the way' }).toString(),
    });
    expect(changed.status).toBe(403);
    await waitForTurn(app.app, fields.MessageSid!);
    expect(await storedCounts(app)).toMatchObject({ inbox: 1, conversations: 1 });
  });

  it('checks the signature against PUBLIC_URL, not the address the request reached', async () => {
    const fields = inboundFields({ from: PARENT, to: SERVICE, body: 'Hello' });
    const signedForLocal = await postSigned(app.url, '/api/sms', fields, { signedUrl: `${app.url}/api/sms` });
    expect(signedForLocal.status).toBe(403);
    expect(await storedCounts(app)).toMatchObject({ inbox: 0, conversations: 0, transcripts: 0 });
  });

  it('turns a repeated delivery of the same MessageSid into one turn', async () => {
    const messageSid = newMessageSid();
    const fields = inboundFields({ from: PARENT, to: SERVICE, body: 'Hello', messageSid });
    const answers = await Promise.all([1, 2, 3].map(() => postSigned(app.url, '/api/sms', fields)));
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200]);
    await waitForTurn(app.app, messageSid);
    const again = await postSigned(app.url, '/api/sms', fields);
    expect(again.status).toBe(200);
    await new Promise((r) => setTimeout(r, 200));
    expect(fake.texts.map((t) => t.body)).toEqual(welcome(app.app));
    expect((await storedCounts(app)).inbox).toBe(1);
  });

  it('runs texts that arrive together one at a time, in arrival order', async () => {
    const sids = [newMessageSid(), newMessageSid(), newMessageSid()];
    // Each reply depends on the one before: "2" picks from the menu, "3" from the list of questions.
    for (const [i, body] of ['Hello', '2', '3'].entries()) {
      const response = await postSigned(
        app.url,
        '/api/sms',
        inboundFields({ from: PARENT, to: SERVICE, body, messageSid: sids[i] }),
      );
      expect(response.status).toBe(200);
    }
    for (const sid of sids) await waitForTurn(app.app, sid);
    const bodies = fake.texts.map((t) => t.body);
    expect(bodies.slice(0, 1)).toEqual(welcome(app.app));
    expect(bodies[1]?.startsWith(`${app.app.content.copy.faq.menuPrompt}\n1. `)).toBe(true);
    expect(bodies.at(-1)).toBe(costAnswer(app.app));
  });

  it('retries Twilio answers of 429 and 5xx with backoff until the text goes', async () => {
    fake.failNext(1, { status: 429, code: 20429, message: 'Too many requests' });
    fake.failNext(2, { status: 503 });
    expect(await parent().text('Hello')).toEqual(welcome(app.app));
    // The one text took three failures and a success.
    expect(fake.requests()).toBe(4);
  });

  it('stops on STOP, says so once, restarts on START and explains itself on HELP', async () => {
    const sam = parent();
    const { sms } = app.app.content;
    expect(await sam.text('Hello')).toEqual(welcome(app.app));
    expect(await sam.text('STOP')).toEqual([sms.optedOut]);
    // Nothing more may be texted after the confirmation (docs/safeguarding.md: still read for risk).
    expect(await sam.text('are you there?')).toEqual([]);

    const { conversationId } = smsIdentity(app.app.sealer, 'twilio', PARENT, SERVICE);
    await expect(
      app.app.gateway.continueConversation(
        { channelId: 'sms', conversation: { id: conversationId } as never },
        (c) => c.sendActivity('A PSW will call you tomorrow.').then(() => undefined),
      ),
    ).rejects.toBeInstanceOf(SmsOptedOutError);

    expect(await sam.text('Start')).toEqual([sms.optedIn]);
    // HELP is the conversation's help by SMS (what this is, how to stop texts, 999), then the
    // question again: here the menu, so "3" still picks from it.
    const help = await sam.text('HELP');
    expect(help.join('\n\n')).toBe(`${sms.help}\n\n${menu(app.app)}`);
    expect(help[0]).toContain('not an emergency service');
    const [topics] = await sam.text('3');
    expect(topics?.startsWith(topicsPrompt(app.app))).toBe(true);
  });

  it('forgets a referral in progress when the parent texts STOP, and START does not pick it up again', async () => {
    const sam = parent();
    await sam.text('Hello');
    await sam.text('1'); // Ask a PSW to contact me: the privacy notice
    const [school] = await sam.text('1'); // I agree: which school?
    expect(school).toContain(app.app.content.copy.school.prompt);
    expect(await sam.text('stop')).toEqual([app.app.content.sms.optedOut]);
    expect(await sam.text('START')).toEqual([app.app.content.sms.optedIn]);
    // The school list is no longer on offer: "1" is not "Oakfield Primary School" any more.
    const { conversationId } = smsIdentity(app.app.sealer, 'twilio', PARENT, SERVICE);
    expect((await app.app.stores.sms.conversations.get(conversationId))?.lastChoices).toEqual([]);
    // Not "Sorry, I did not understand" at the school question: the conversation starts afresh.
    expect(await sam.text('hello')).toEqual([
      `${app.app.content.copy.commands.greeting}\n\n${menu(app.app)}`,
    ]);
    // The saved conversation (ConversationState's key): the dialogs ended, the draft is gone.
    const key = `sms/conversations/${smsIdentity(app.app.sealer, 'twilio', PARENT, SERVICE).conversationId}/`;
    const saved = (await app.app.stores.state.read([key]))[key] as Record<string, unknown> | undefined;
    expect(saved).toMatchObject({ conversationProfile: { welcomed: true } });
    expect(saved).not.toHaveProperty('referralDraft');
  });

  it('treats START from a number that never opted out as an ordinary first text', async () => {
    expect(await parent().text('START')).toEqual(welcome(app.app));
  });

  it('asks for words when a picture arrives without any', async () => {
    const messageSid = newMessageSid();
    const fields = inboundFields({
      from: PARENT,
      to: SERVICE,
      body: '',
      messageSid,
      extra: { NumMedia: '1' },
    });
    expect((await postSigned(app.url, '/api/sms', fields)).status).toBe(200);
    await waitForTurn(app.app, messageSid);
    expect(fake.texts.map((t) => t.body)).toEqual([
      expect.stringContaining('I can only read text') as string,
    ]);
  });

  it('honours Twilio reporting that the parent unsubscribed (error 21610)', async () => {
    fake.unsubscribed.add(PARENT);
    expect(await parent().text('Hello')).toEqual([]);
    const { phoneHash } = smsIdentity(app.app.sealer, 'twilio', PARENT, SERVICE);
    expect(await app.app.stores.sms.optOuts.get(phoneHash)).toMatchObject({ optedOut: true });
  });

  it('sends proactive messages (a PSW reply) by SMS and records them as the PSW’s', async () => {
    const sam = parent();
    await sam.text('Hello');
    const { conversationId } = smsIdentity(app.app.sealer, 'twilio', PARENT, SERVICE);
    await app.app.gateway.continueConversation(
      { channelId: 'sms', conversation: { id: conversationId } as never },
      async (context) => {
        await context.sendActivity({
          type: 'message',
          text: 'Hi, it’s Pat — I’ll ring you tomorrow at 10 😊',
          channelData: { psaSender: { kind: 'psw', staffId: 'psw-1' } },
        });
      },
    );
    expect(fake.texts.at(-1)).toMatchObject({
      to: PARENT,
      from: SERVICE,
      body: "Hi, it's Pat - I'll ring you tomorrow at 10",
    });
    const transcript = await app.app.stores.transcripts.list(
      conversationKeyFor(app.app.sealer, 'sms', conversationId),
    );
    expect(transcript.at(-1)).toMatchObject({ sender: 'psw', senderId: 'psw-1' });
  });

  it('records delivery status from signed status callbacks', async () => {
    await parent().text('Hello');
    const sent = fake.texts[0]!;
    const callback = (status: string, extra: Record<string, string> = {}) =>
      postSigned(
        app.url,
        '/api/sms/status',
        { MessageSid: sent.sid, AccountSid: sent.accountSid, MessageStatus: status, To: PARENT, ...extra },
        { signedUrl: sent.statusCallback! },
      );
    expect((await callback('delivered')).status).toBe(204);
    expect((await callback('sent')).status).toBe(204);
    expect(await app.app.stores.sms.outbox.getByProviderSid(sent.sid)).toMatchObject({ status: 'delivered' });
    const unsigned = await postSigned(
      app.url,
      '/api/sms/status',
      { MessageSid: sent.sid, AccountSid: sent.accountSid, MessageStatus: 'failed' },
      { signature: 'bad' },
    );
    expect(unsigned.status).toBe(403);
    expect((await callback('undelivered', { ErrorCode: '21610' })).status).toBe(204);
    const { phoneHash } = smsIdentity(app.app.sealer, 'twilio', PARENT, SERVICE);
    expect(await app.app.stores.sms.optOuts.isOptedOut(phoneHash)).toBe(true);
  });
});

describe('SMS behind a proxy with a path prefix', () => {
  it('accepts texts signed for the public URL', async () => {
    const fake = await startFakeTwilio();
    const app = await startTestApp(twilioEnv(fake, 'https://schools.example.org/psa'));
    try {
      const parent = smsParent({
        app: app.app,
        url: app.url,
        twilio: fake,
        publicUrl: 'https://schools.example.org/psa',
      });
      expect(await parent.text('Hello')).toEqual(welcome(app.app));
      expect(fake.texts[0]?.statusCallback).toBe('https://schools.example.org/psa/api/sms/status');
      const wrong = await postSigned(
        app.url,
        '/api/sms',
        inboundFields({ from: PARENT, to: SERVICE, body: 'x' }),
        {
          signedUrl: 'https://schools.example.org/api/sms',
        },
      );
      expect(wrong.status).toBe(403);
    } finally {
      await app.dispose();
      await fake.close();
    }
  });
});

describe('SMS after a crash or restart', () => {
  it('sends the replies of a turn cut short by a Twilio outage after a restart, without running it twice', async () => {
    const fake = await startFakeTwilio();
    const env = { ...twilioEnv(fake), TWILIO_SEND_RETRIES: '0' };
    const first = await startTestApp(env);
    fake.failAll({ status: 503 });
    const messageSid = newMessageSid();
    expect(
      (
        await postSigned(
          first.url,
          '/api/sms',
          inboundFields({ from: PARENT, to: SERVICE, body: 'Hello', messageSid }),
        )
      ).status,
    ).toBe(200);
    const deadline = Date.now() + 5000;
    while (fake.requests() === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    await first.stop();
    expect(fake.texts).toHaveLength(0);
    expect((await first.app.stores.sms.inbox.get(messageSid))?.status).toBe('pending');

    fake.stopFailing();
    const second = await startTestApp(env, { dataDir: first.dataDir });
    try {
      await waitForTurn(second.app, messageSid);
      // The bot had taken the text (its dialog moved on): the same replies go, not a second turn's.
      expect(fake.texts.map((t) => t.body)).toEqual(welcome(second.app));
      // And the conversation carries on at the menu it offered: "3" is "Find other help".
      const [topics] = await smsParent({ app: second.app, url: second.url, twilio: fake }).text('3');
      expect(topics?.startsWith(topicsPrompt(second.app))).toBe(true);
    } finally {
      await second.dispose();
      await fake.close();
    }
  });

  it('runs a stored text whose turn never started as soon as it restarts, though the dead process held it', async () => {
    const fake = await startFakeTwilio();
    const env = twilioEnv(fake);
    const first = await startTestApp(env);
    // As if the process died right after acknowledging: stored, leased by the dead process, never run.
    const { conversationId } = smsIdentity(first.app.sealer, 'twilio', PARENT, SERVICE);
    const now = new Date();
    const messageSid = newMessageSid();
    await first.app.stores.sms.inbox.add({
      messageSid,
      conversationId,
      receivedAt: now,
      message: { from: PARENT, to: SERVICE, body: 'Hello', numMedia: 0, transport: 'twilio' },
    });
    await first.app.stores.sms.conversations.tryLease(
      conversationId,
      'dead-instance',
      new Date(Date.now() + 10 * 60_000),
      now,
    );
    await first.stop();

    const second = await startTestApp(env, { dataDir: first.dataDir });
    try {
      await waitForTurn(second.app, messageSid);
      expect(fake.texts.map((t) => t.body)).toEqual(welcome(second.app));
    } finally {
      await second.dispose();
      await fake.close();
    }
  });
});
