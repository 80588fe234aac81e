import { randomBytes } from 'node:crypto';
import { loadConfig } from '../../src/config';
import { messageActivity, postJson } from '../support/activities';
import { startReplySink } from '../support/replySink';
import { contentForProduction } from '../support/content';
import { startTestApp, type TestApp } from '../support/testApp';

/** Production refuses to start until the data controller is filled in (content/privacy.json). */
let production: { dir: string; remove: () => Promise<void> };
beforeAll(async () => {
  production = await contentForProduction();
});
afterAll(async () => {
  await production.remove();
});

const PRODUCTION = { NODE_ENV: 'production', DATA_ENCRYPTION_KEY: randomBytes(32).toString('base64') };

describe('/api/messages from outside', () => {
  let t: TestApp | undefined;
  afterEach(async () => {
    await t?.dispose();
    t = undefined;
  });

  it('does not exist in production without MicrosoftAppId, and says so at start', async () => {
    const sink = await startReplySink();
    try {
      t = await startTestApp(
        { ...PRODUCTION, ALLOWED_SERVICE_URLS: sink.url },
        { contentDir: production.dir },
      );
      const res = await postJson(
        `${t.url}/api/messages`,
        messageActivity({ text: 'I want to make a referral', serviceUrl: sink.url }),
      );
      expect(res.status).toBe(404);
      await new Promise((r) => setTimeout(r, 300));
      expect(sink.requests).toHaveLength(0);
      expect(await t.app.stores.cases.list({})).toHaveLength(0);
      expect(t.logLines().join('\n')).toContain('POST /api/messages is off');
    } finally {
      await sink.close();
    }
  });

  it('is there in production with MicrosoftAppId (and then wants a channel token)', async () => {
    t = await startTestApp(
      {
        ...PRODUCTION,
        MicrosoftAppId: '00000000-0000-0000-0000-000000000001',
        MicrosoftAppPassword: 'not-a-real-secret',
      },
      { contentDir: production.dir },
    );
    const quiet = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      const res = await postJson(
        `${t.url}/api/messages`,
        messageActivity({ text: 'hello', serviceUrl: 'http://127.0.0.1:9/' }),
      );
      expect(res.status).toBe(401);
      expect(res.json).toEqual({
        code: 'Unauthorized',
        message: 'The channel token is missing or not valid.',
      });
    } finally {
      quiet.mockRestore();
    }
  });

  it('limits each client in development, so nobody can flood it', async () => {
    const sink = await startReplySink();
    try {
      t = await startTestApp({ ALLOWED_SERVICE_URLS: sink.url, BOT_MESSAGES_RATE_LIMIT: '3' });
      const statuses: number[] = [];
      for (let i = 0; i < 5; i++) {
        const res = await postJson(
          `${t.url}/api/messages`,
          messageActivity({ text: 'hello', serviceUrl: sink.url, conversationId: `flood-${i}` }),
        );
        statuses.push(res.status);
      }
      expect(statuses).toEqual([200, 200, 200, 429, 429]);
    } finally {
      await sink.close();
    }
  });

  it('refuses ALLOWED_SERVICE_URLS entries that are not loopback origins', () => {
    for (const entry of ['https://bots.example.org', 'http://127.0.0.1:3978/some/path', 'http://localhost']) {
      expect(() => loadConfig({ ALLOWED_SERVICE_URLS: entry })).toThrow(
        /ALLOWED_SERVICE_URLS entries must be loopback origins/,
      );
    }
    expect(
      loadConfig({ ALLOWED_SERVICE_URLS: 'http://localhost:56789/' }).botFramework.allowedServiceUrls,
    ).toEqual(['http://localhost:56789']);
  });

  it('answers a bad activity 400 with a fixed message, never the exception text', async () => {
    const sink = await startReplySink();
    try {
      t = await startTestApp({ ALLOWED_SERVICE_URLS: sink.url });
      const { conversation: _dropped, ...noConversation } = messageActivity({
        text: 'hi',
        serviceUrl: sink.url,
      });
      const bodies = [
        { ...messageActivity({ text: 'hi', serviceUrl: sink.url }), type: undefined },
        noConversation,
        { ...messageActivity({ text: 'hi', serviceUrl: sink.url }), timestamp: 'not a date' },
        [1, 2, 3],
        '"just a string"',
      ];
      for (const body of bodies) {
        const res = await postJson(`${t.url}/api/messages`, body);
        expect(res.status).toBe(400);
        expect(res.json).toEqual({ code: 'BadActivity', message: 'This is not a Bot Framework activity.' });
        expect(res.text).not.toMatch(/validateAndFixActivity|Cannot read|undefined/);
      }
    } finally {
      await sink.close();
    }
  });
});
