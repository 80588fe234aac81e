import { messageActivity, postJson } from '../support/activities';
import { startReplySink } from '../support/replySink';
import { startTestApp, type TestApp } from '../support/testApp';

const textsOf = (requests: Array<{ body: Record<string, unknown> }>) =>
  requests.map((r) => String(r.body.text));

describe('the bot server', () => {
  let t: TestApp;
  afterEach(async () => {
    await t?.dispose();
  });

  it('answers /healthz, and /readyz once the store answers', async () => {
    t = await startTestApp();
    const health = await fetch(`${t.url}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok' });
    const ready = await fetch(`${t.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ready', store: 'embedded' });
    // Answered requests are no longer work in flight, even on a kept-alive connection.
    expect(t.app.work.size).toBe(0);
  });

  it('replies to a message from the Emulator on an allowed loopback origin', async () => {
    const sink = await startReplySink();
    t = await startTestApp({ ALLOWED_SERVICE_URLS: sink.url });
    try {
      const res = await postJson(
        `${t.url}/api/messages`,
        messageActivity({ text: 'hello', serviceUrl: sink.url }),
      );
      expect(res.status).toBe(200);
      const replies = await sink.waitFor(1);
      expect(replies.length).toBeGreaterThan(0);
      expect(replies[0]?.url).toMatch(/^\/v3\/conversations\/[^/]+\/activities\//);
      expect(textsOf(replies).join(' ')).toContain('automated assistant');
    } finally {
      await sink.close();
    }
  });

  it('refuses, and sends nothing to, a serviceUrl off loopback while authentication is off', async () => {
    t = await startTestApp();
    // Listening on every interface, so a reply to 0.0.0.0 would land here if the guard let it through.
    const sink = await startReplySink({ host: '0.0.0.0' });
    try {
      const res = await postJson(
        `${t.url}/api/messages`,
        messageActivity({ text: 'hello', serviceUrl: `http://0.0.0.0:${sink.port}` }),
      );
      expect(res.status).toBe(403);
      expect(res.json).toMatchObject({ code: 'ServiceUrlNotAllowed' });
      const otherHost = await postJson(
        `${t.url}/api/messages`,
        messageActivity({ text: 'hello', serviceUrl: 'https://attacker.example/' }),
      );
      expect(otherHost.status).toBe(403);
      await new Promise((r) => setTimeout(r, 300));
      expect(sink.requests).toHaveLength(0);
    } finally {
      await sink.close();
    }
  });

  it('refuses a loopback serviceUrl whose port or path is not on the allow-list (no SSRF to its own host)', async () => {
    const allowed = await startReplySink();
    const other = await startReplySink();
    t = await startTestApp({ ALLOWED_SERVICE_URLS: allowed.url });
    try {
      for (const serviceUrl of [
        other.url, // another port on this machine
        `${allowed.url}/admin/anything`, // another path on the allowed port
        `http://localhost:${other.port}`,
        t.url, // the service itself
      ]) {
        const res = await postJson(`${t.url}/api/messages`, messageActivity({ text: 'hello', serviceUrl }));
        expect(res.status).toBe(403);
        expect(res.json).toMatchObject({ code: 'ServiceUrlNotAllowed' });
      }
      await new Promise((r) => setTimeout(r, 300));
      expect(other.requests).toHaveLength(0);
      expect(allowed.requests).toHaveLength(0);
    } finally {
      await allowed.close();
      await other.close();
    }
  });

  it('requires a channel token when MicrosoftAppId is set, and sends nothing without one', async () => {
    t = await startTestApp({
      MicrosoftAppId: '00000000-0000-0000-0000-000000000001',
      MicrosoftAppPassword: 'not-a-real-secret',
    });
    const sink = await startReplySink();
    // botbuilder reports the refused token on console.error itself; keep the test output clean.
    const quiet = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      const res = await postJson(
        `${t.url}/api/messages`,
        messageActivity({ text: 'hello', serviceUrl: sink.url }),
      );
      expect(res.status).toBe(401);
      await new Promise((r) => setTimeout(r, 300));
      expect(sink.requests).toHaveLength(0);
    } finally {
      quiet.mockRestore();
      await sink.close();
    }
  });

  it('answers bad input with a clear JSON error and no internals', async () => {
    t = await startTestApp({ BODY_LIMIT_BYTES: '2048' });
    const malformed = await postJson(`${t.url}/api/messages`, '{"type": "message", ');
    expect(malformed.status).toBe(400);
    expect(malformed.json).toEqual({
      code: 'BadRequest',
      message: expect.stringContaining('could not be read'),
    });

    const oversized = await postJson(`${t.url}/api/messages`, { type: 'message', text: 'x'.repeat(5000) });
    expect(oversized.status).toBe(413);
    expect(oversized.json).toMatchObject({ code: 'PayloadTooLarge' });

    const notFound = await fetch(`${t.url}/no/such/path`);
    expect(notFound.status).toBe(404);
    expect(await notFound.json()).toEqual({ code: 'NotFound', message: 'Not found.' });

    const noServiceUrl = await postJson(`${t.url}/api/messages`, { type: 'message', text: 'hi' });
    expect(noServiceUrl.status).toBe(400);
    expect(noServiceUrl.json).toEqual({
      code: 'BadActivity',
      message: 'This is not a Bot Framework activity.',
    });
    for (const res of [malformed, oversized, noServiceUrl])
      expect(res.text).not.toMatch(/at .*\.(ts|js):\d+/);
  });

  it('keeps the conversation across a restart', async () => {
    const sink = await startReplySink();
    t = await startTestApp({ ALLOWED_SERVICE_URLS: sink.url });
    try {
      const conversationId = 'restart-conversation';
      await postJson(
        `${t.url}/api/messages`,
        messageActivity({ text: 'hello', serviceUrl: sink.url, conversationId }),
      );
      const firstTurn = textsOf(await sink.waitFor(1));
      await t.stop();

      const dataDir = t.dataDir;
      const restarted = await startTestApp({ ALLOWED_SERVICE_URLS: sink.url }, { dataDir });
      const before = sink.requests.length;
      await postJson(
        `${restarted.url}/api/messages`,
        messageActivity({ text: 'my son will not sleep', serviceUrl: sink.url, conversationId }),
      );
      const secondTurn = textsOf((await sink.waitFor(before + 1)).slice(before));
      await restarted.stop();
      // The second turn carries on from where the first left off: it does not start the conversation again.
      expect(firstTurn[0]).toContain('automated assistant');
      expect(secondTurn.length).toBeGreaterThan(0);
      expect(secondTurn).not.toContain(firstTurn[0]);
    } finally {
      await sink.close();
    }
  });

  it('finishes a turn in flight before it shuts down', async () => {
    const sink = await startReplySink({ delayMs: 150 });
    t = await startTestApp({ ALLOWED_SERVICE_URLS: sink.url });
    try {
      const pending = postJson(
        `${t.url}/api/messages`,
        messageActivity({ text: 'hello', serviceUrl: sink.url }),
      );
      await new Promise((r) => setTimeout(r, 100));
      await t.stop();
      const res = await pending;
      expect(res.status).toBe(200);
      // Every reply of the turn reached the channel before the store closed.
      expect(sink.requests.length).toBeGreaterThanOrEqual(3);
      await expect(fetch(`${t.url}/healthz`)).rejects.toThrow();
    } finally {
      await sink.close();
    }
  });
});
