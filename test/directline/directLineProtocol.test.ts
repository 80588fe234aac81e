import { beforeConsentSentence } from '../support/content';
import { DirectLineTokens } from '../../src/channels/directline/DirectLineTokens';
import { conversationKeyFor } from '../../src/domain/conversationKey';
import { ActivityStream, DirectLineClient, buttons, getToken } from '../support/directLineClient';
import { startTestApp, type TestApp } from '../support/testApp';
import { welcomeAtOakfield } from '../support/content';

/** The local Direct Line 3.0 protocol, over HTTP and WebSocket, through the real server. */
describe('local Direct Line', () => {
  let t: TestApp;
  let copy: TestApp['app']['content']['copy'];
  /** What the bot sends when a conversation starts: the welcome, then the menu with its buttons. */
  let greeting: string[];
  let menuButtons: string[];
  let costAnswer: string;
  beforeAll(async () => {
    t = await startTestApp();
    copy = t.app.content.copy;
    // The token names Oakfield, so the welcome does too; then what is kept before consent.
    greeting = [...welcomeAtOakfield(copy), beforeConsentSentence(t.app.content), copy.menu.prompt];
    menuButtons = [copy.menu.referral, copy.menu.faq, copy.menu.signposting, copy.menu.person];
    costAnswer = t.app.content.faqs.find((f) => f.id === 'cost')?.answer ?? 'no cost FAQ';
  });
  afterAll(async () => {
    await t.dispose();
  });

  const texts = (activities: Array<{ text?: string }>) => activities.map((a) => a.text);

  it('starts the conversation the token is bound to, with a stream URL and a fresh token', async () => {
    const { token, domain, conversationId, expiresIn } = await getToken(t.url);
    expect(domain).toBe(`${t.url}/v3/directline`);
    expect(expiresIn).toBe(1800);
    const client = new DirectLineClient(domain, token, conversationId);
    const response = await client.call('POST', '/conversations');
    expect(response.status).toBe(201);
    const body = (await response.json()) as Record<string, unknown>;
    expect(body).toMatchObject({ conversationId, expires_in: 1800 });
    expect(typeof body.token).toBe('string');
    expect(String(body.streamUrl)).toMatch(
      new RegExp(`^ws://127\\.0\\.0\\.1:\\d+/v3/directline/conversations/${conversationId}/stream\\?`),
    );
    // The bot greets as the conversation starts, before the parent types: the welcome, then the menu.
    const started = await client.activities();
    expect(texts(started.activities)).toEqual(greeting);
    expect(started.activities.every((a) => a.from?.role === 'bot')).toBe(true);
    expect(buttons(started.activities.at(-1))).toEqual(menuButtons);
    // Starting again (or reconnecting) resumes the same conversation, without greeting twice.
    expect((await client.call('POST', '/conversations')).status).toBe(201);
    expect((await client.call('GET', `/conversations/${conversationId}?watermark=0`)).status).toBe(200);
    expect(await client.activities()).toEqual(started);
  });

  it("echoes the parent's message with its clientActivityID, then the bot's replies, in order", async () => {
    const client = await DirectLineClient.start(t.url);
    const greeted = await client.activities();
    expect(greeted.watermark).toBe(String(greeting.length));
    const sent = await client.say('Hello');
    expect(sent.id).toMatch(
      new RegExp(`^${client.conversationId}\\|${String(greeting.length + 1).padStart(7, '0')}$`),
    );
    const { activities, watermark } = await client.activities(greeted.watermark);
    const [echo, ...replies] = activities;
    expect(echo).toMatchObject({
      id: sent.id,
      type: 'message',
      text: 'Hello',
      from: { role: 'user' },
      channelData: { clientActivityID: sent.clientActivityID },
    });
    expect(texts(replies)).toEqual([copy.commands.greeting, copy.menu.prompt]);
    expect(buttons(replies.at(-1))).toEqual(menuButtons);
    expect(replies.every((a) => a.from?.role === 'bot')).toBe(true);
    expect(watermark).toBe(String(greeting.length + activities.length));
  });

  it('answers only what came after the watermark it is given', async () => {
    const client = await DirectLineClient.start(t.url);
    await client.say('Hello');
    const first = await client.activities();
    expect(texts(first.activities)).toEqual([...greeting, 'Hello', copy.commands.greeting, copy.menu.prompt]);
    await client.say('Is it free?');
    const next = await client.activities(first.watermark);
    expect(texts(next.activities)).toEqual(['Is it free?', costAnswer, copy.menu.promptAgain]);
    expect(Number(next.watermark)).toBe(Number(first.watermark) + 3);
    expect((await client.activities(next.watermark)).activities).toEqual([]);
  });

  it('streams the history and then each new activity over the WebSocket', async () => {
    const client = await DirectLineClient.start(t.url);
    const stream = await client.openStream();
    try {
      await stream.waitFor((a) => a.text === copy.menu.prompt);
      // A menu choice by its number: the list of questions comes back, as buttons.
      const sent = await client.say('2');
      const echo = await stream.waitFor((a) => a.text === '2');
      expect(echo.channelData?.clientActivityID).toBe(sent.clientActivityID);
      const list = await stream.waitFor((a) => a.text === copy.faq.menuPrompt);
      expect(buttons(list)).toEqual(t.app.content.faqs.map((f) => f.question));
      expect(texts(stream.activities)).toEqual([...greeting, '2', copy.faq.menuPrompt]);
      expect(stream.watermark).toBe(String(greeting.length + 2));
    } finally {
      await stream.close();
    }
  });

  it('resumes a stream from a watermark without repeating what the client has', async () => {
    const client = await DirectLineClient.start(t.url);
    await client.say('Hello');
    const { watermark } = await client.activities();
    await client.say('help');
    const stream = await client.openStream(watermark);
    try {
      await stream.waitFor((a) => a.text === copy.menu.prompt);
      expect(texts(stream.activities)).toEqual(['help', ...copy.help, copy.menu.prompt]);
    } finally {
      await stream.close();
    }
  });

  it('refuses a stream without a valid token for that conversation', async () => {
    const a = await DirectLineClient.start(t.url);
    const b = await DirectLineClient.start(t.url);
    const wsBase = t.url.replace('http', 'ws');
    await expect(
      ActivityStream.open(`${wsBase}/v3/directline/conversations/${a.conversationId}/stream`),
    ).rejects.toThrow('stream: 403');
    await expect(
      ActivityStream.open(`${wsBase}/v3/directline/conversations/${a.conversationId}/stream`, {
        authorization: `Bearer ${b.token}`,
      }),
    ).rejects.toThrow('stream: 403');
    const own = await ActivityStream.open(
      `${wsBase}/v3/directline/conversations/${a.conversationId}/stream`,
      {
        authorization: `Bearer ${a.token}`,
      },
    );
    await own.close();
  });

  it('refreshes a token: the new one works and expires later', async () => {
    const client = await DirectLineClient.start(t.url);
    const response = await client.call('POST', '/tokens/refresh');
    expect(response.status).toBe(200);
    const refreshed = (await response.json()) as {
      token: string;
      conversationId: string;
      expires_in: number;
    };
    expect(refreshed).toMatchObject({ conversationId: client.conversationId, expires_in: 1800 });
    const tokens = new DirectLineTokens(t.app.sealer, 1800);
    const before = tokens.verify(client.token, 'conversation').expiresAt.getTime();
    await new Promise((r) => setTimeout(r, 1100));
    const again = (await (
      await client.call('POST', '/tokens/refresh', undefined, refreshed.token)
    ).json()) as {
      token: string;
    };
    expect(tokens.verify(again.token, 'conversation').expiresAt.getTime()).toBeGreaterThan(before);
    client.token = again.token;
    await client.say('Hello');
  });

  it('refuses an expired token with 403 everywhere, refresh included', async () => {
    const client = await DirectLineClient.start(t.url);
    const longAgo = new DirectLineTokens(t.app.sealer, 1800, () => new Date(Date.now() - 3600_000));
    const expired = longAgo.issue({ conversationId: client.conversationId, userId: 'dl_expired' }).token;
    const id = client.conversationId;
    for (const [method, path, body] of [
      ['GET', `/conversations/${id}/activities`, undefined],
      ['POST', `/conversations/${id}/activities`, { type: 'message', text: 'hi' }],
      ['GET', `/conversations/${id}`, undefined],
      ['POST', '/tokens/refresh', undefined],
    ] as const) {
      const response = await client.call(method, path, body, expired);
      expect([method, path, response.status]).toEqual([method, path, 403]);
      expect(await response.json()).toMatchObject({ code: 'TokenExpired' });
    }
  });

  it("refuses a token for another conversation with 403, and never shows another family's messages", async () => {
    const a = await DirectLineClient.start(t.url);
    const b = await DirectLineClient.start(t.url);
    await a.say('Private to family A');
    const read = await b.call('GET', `/conversations/${a.conversationId}/activities`);
    expect(read.status).toBe(403);
    const body = await read.text();
    expect(body).toContain('WrongConversation');
    expect(body).not.toContain('family A');
    const post = await b.call('POST', `/conversations/${a.conversationId}/activities`, {
      type: 'message',
      text: 'intruding',
    });
    expect(post.status).toBe(403);
    expect(texts((await a.activities()).activities)).not.toContain('intruding');
  });

  it('refuses requests without a token, with a forged one, or with bad input', async () => {
    const client = await DirectLineClient.start(t.url);
    const greeted = await client.activities();
    const id = client.conversationId;
    const path = `/conversations/${id}/activities`;
    const noToken = await fetch(`${client.domain}${path}`);
    expect(noToken.status).toBe(401);
    const [head, payload] = client.token.split('.');
    const forged = `${head}.${payload}.${'A'.repeat(43)}`;
    expect((await client.call('GET', path, undefined, forged)).status).toBe(403);

    const badJson = await client.call('POST', path, '{"type": "message", "text": ');
    expect(badJson.status).toBe(400);
    expect(await badJson.json()).toEqual({
      code: 'BadRequest',
      message: 'The request could not be read. Send valid JSON or form data.',
    });
    const oversized = await client.call('POST', path, { type: 'message', text: 'x'.repeat(300 * 1024) });
    expect(oversized.status).toBe(413);
    const tooLong = await client.call('POST', path, { type: 'message', text: 'x'.repeat(4001) });
    expect(tooLong.status).toBe(400);
    const attachment = await client.call('POST', path, {
      type: 'message',
      text: 'see file',
      attachments: [{ contentType: 'image/png', contentUrl: 'blob:x' }],
    });
    expect(attachment.status).toBe(400);
    expect((await client.call('POST', path, { type: 'message', text: '   ' })).status).toBe(400);
    expect((await client.call('POST', path, { type: 'invoke', name: 'x' })).status).toBe(400);
    expect((await client.call('GET', `${path}?watermark=abc`)).status).toBe(400);
    expect((await client.call('GET', '/conversations/not%20an%20id/activities')).status).toBe(404);
    // None of it reached the conversation: it holds the greeting and nothing more.
    expect(await client.activities()).toEqual(greeted);
  });

  it("keeps the token's school on what the bot receives, whatever the client claims", async () => {
    const client = await DirectLineClient.start(t.url, 'riverside-high');
    const { watermark } = await client.activities();
    const response = await client.call('POST', `/conversations/${client.conversationId}/activities`, {
      type: 'message',
      text: 'Hello',
      channelData: { clientActivityID: 'c1', schoolId: 'oakfield-primary', psaSender: { kind: 'psw' } },
    });
    expect(response.status).toBe(200);
    const [echo] = (await client.activities(watermark)).activities;
    expect(echo?.text).toBe('Hello');
    expect(echo?.channelData).toEqual({ clientActivityID: 'c1' });
    const conversation = await t.app.stores.directLine.getConversation(client.conversationId);
    expect(conversation?.schoolId).toBe('riverside-high');
  });

  it("takes the school from the token: a referral from a school's chat does not ask which school", async () => {
    const { privacy } = t.app.content;
    const client = await DirectLineClient.start(t.url, 'riverside-high');
    const { watermark } = await client.activities();
    await client.say(copy.menu.referral);
    const notice = await client.activities(watermark);
    expect(texts(notice.activities)).toEqual([copy.menu.referral, ...privacy.summary, privacy.agreePrompt]);
    expect(buttons(notice.activities.at(-1))).toEqual([privacy.agree, privacy.disagree, privacy.readMore]);
    await client.say(privacy.agree);
    const next = await client.activities(notice.watermark);
    expect(texts(next.activities)).toEqual([privacy.agree, copy.referral.intro, copy.referral.askName]);
  });

  it('asks which school when the chat was opened without one', async () => {
    const { privacy, schools } = t.app.content;
    const client = await DirectLineClient.start(t.url, null);
    await client.say(copy.menu.referral);
    const { watermark } = await client.activities();
    await client.say(privacy.agree);
    const next = await client.activities(watermark);
    expect(texts(next.activities)).toEqual([privacy.agree, copy.referral.intro, copy.school.prompt]);
    expect(buttons(next.activities.at(-1))).toEqual([...schools.map((s) => s.name), copy.school.notListed]);
  });

  it("records the parent's and the bot's words in the transcript", async () => {
    const client = await DirectLineClient.start(t.url);
    await client.say(copy.menu.faq);
    const key = conversationKeyFor(t.app.sealer, 'webchat', client.conversationId);
    const entries = await t.app.stores.transcripts.list(key);
    expect(entries.map((e) => [e.sender, e.text])).toEqual([
      ...greeting.map((text) => ['bot', text]),
      ['parent', copy.menu.faq],
      ['bot', copy.faq.menuPrompt],
    ]);
  });

  it("delivers a PSW's proactive reply to the parent's open chat through the channel gateway", async () => {
    const client = await DirectLineClient.start(t.url);
    const stream = await client.openStream();
    try {
      await stream.waitFor((a) => a.text === copy.menu.prompt);
      const reference = {
        channelId: 'webchat',
        serviceUrl: 'urn:parent-support:directline',
        conversation: { id: client.conversationId, isGroup: false, conversationType: 'personal', name: '' },
        bot: { id: 'parent-support-assistant', name: 'Parent Support Assistant' },
        user: { id: 'dl_user', name: '' },
      };
      await t.app.gateway.continueConversation(reference, async (context) => {
        await context.sendActivity({
          type: 'message',
          text: 'Hello, this is Pat from the PSW team.',
          channelData: { psaSender: { kind: 'psw', staffId: 'psw-1' } },
        });
      });
      const reply = await stream.waitFor((a) => a.text === 'Hello, this is Pat from the PSW team.');
      expect(reply.from?.role).toBe('bot');
      expect(reply.channelData).toBeUndefined();
      const key = conversationKeyFor(t.app.sealer, 'webchat', client.conversationId);
      const last = (await t.app.stores.transcripts.list(key)).at(-1);
      expect(last).toMatchObject({ sender: 'psw', senderId: 'psw-1' });
    } finally {
      await stream.close();
    }
  });
});

describe('local Direct Line across a restart', () => {
  it('continues the conversation, dialog included, on a new process over the same store', async () => {
    const first = await startTestApp();
    const client = await DirectLineClient.start(first.url);
    const { copy, faqs } = first.app.content;
    await client.say(copy.menu.faq);
    const { watermark } = await client.activities();
    await first.stop();

    const second = await startTestApp({}, { dataDir: first.dataDir });
    try {
      const resumed = new DirectLineClient(
        `${second.url}/v3/directline`,
        client.token,
        client.conversationId,
      );
      const history = await resumed.activities();
      expect(history.watermark).toBe(watermark);
      expect(history.activities.map((a) => a.text)).toEqual([
        ...welcomeAtOakfield(copy),
        beforeConsentSentence(second.app.content),
        copy.menu.prompt,
        copy.menu.faq,
        copy.faq.menuPrompt,
      ]);
      // "3" answers the third question of the list the bot was waiting at (at the menu it would be
      // "Find other help"): the dialog went on where it was, and nobody was greeted again.
      await resumed.say('3');
      const next = await resumed.activities(watermark);
      expect(next.activities.map((a) => a.text)).toEqual(['3', faqs[2]?.answer, copy.menu.promptAgain]);
    } finally {
      await second.dispose();
    }
  });
});
