import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { requestToken } from '../support/directLineClient';
import { startTestApp, type TestApp } from '../support/testApp';

describe('POST /api/webchat/token', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ WEBCHAT_TOKEN_RATE_LIMIT: '30' });
  });
  afterAll(async () => {
    await t.dispose();
  });

  it('gives the chat page on this service a local Direct Line token for the school', async () => {
    const response = await requestToken(t.url, { school: 'oakfield-primary' });
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    const body = (await response.json()) as Record<string, unknown>;
    expect(body).toMatchObject({ domain: `${t.url}/v3/directline`, expiresIn: 1800 });
    expect(typeof body.token).toBe('string');
    expect(String(body.token)).not.toContain('oakfield');
  });

  it('accepts no school at all from this service', async () => {
    expect((await requestToken(t.url, {})).status).toBe(200);
  });

  it("lets a school's allowed origin ask, with CORS for that origin only", async () => {
    const allowed = 'http://localhost:3978';
    const response = await requestToken(t.url, { school: 'oakfield-primary' }, allowed);
    expect(response.status).toBe(200);
    expect(response.headers.get('access-control-allow-origin')).toBe(allowed);

    const preflight = await fetch(`${t.url}/api/webchat/token`, {
      method: 'OPTIONS',
      headers: { origin: allowed, 'access-control-request-method': 'POST' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe(allowed);
  });

  it('refuses a disallowed origin, a missing origin and an unknown school', async () => {
    const elsewhere = await requestToken(t.url, { school: 'oakfield-primary' }, 'https://evil.example');
    expect(elsewhere.status).toBe(403);
    expect(elsewhere.headers.get('access-control-allow-origin')).toBeNull();
    expect(await elsewhere.json()).toMatchObject({ code: 'OriginNotAllowed' });
    // An origin allowed for the school is not allowed without one.
    expect((await requestToken(t.url, {}, 'http://localhost:3978')).status).toBe(403);
    expect((await requestToken(t.url, { school: 'oakfield-primary' }, null)).status).toBe(403);

    const unknown = await requestToken(t.url, { school: 'no-such-school' });
    expect(unknown.status).toBe(400);
    expect(await unknown.json()).toMatchObject({ code: 'UnknownSchool' });
    expect((await requestToken(t.url, { school: { $ne: null } })).status).toBe(400);
    const preflight = await fetch(`${t.url}/api/webchat/token`, {
      method: 'OPTIONS',
      headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' },
    });
    expect(preflight.status).toBe(403);
  });
});

describe('token rate limit', () => {
  it('answers 429 with Retry-After once a client asks too often', async () => {
    const t = await startTestApp({ WEBCHAT_TOKEN_RATE_LIMIT: '3' });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 4; i++) statuses.push((await requestToken(t.url)).status);
      expect(statuses).toEqual([200, 200, 200, 429]);
      const limited = await requestToken(t.url);
      expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(await limited.json()).toMatchObject({ code: 'TooManyRequests' });
    } finally {
      await t.dispose();
    }
  });
});

/** A stand-in for Azure's Direct Line token service. */
async function startFakeAzure(answer: (auth: string | undefined) => { status: number; body: unknown }) {
  const calls: Array<{ url: string; auth: string | undefined; body: string }> = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    req.on('end', () => {
      calls.push({ url: req.url ?? '', auth: req.headers.authorization, body });
      const { status, body: out } = answer(req.headers.authorization);
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(out));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/v3/directline`,
    calls,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe('token endpoint with Azure Direct Line', () => {
  const SECRET = 'fake-direct-line-secret-for-tests';

  it('exchanges the secret server-side and hands out only the conversation token', async () => {
    const azure = await startFakeAzure((auth) =>
      auth === `Bearer ${SECRET}`
        ? { status: 200, body: { conversationId: 'azure-conv-1', token: 'azure-token-1', expires_in: 3600 } }
        : { status: 403, body: {} },
    );
    const t = await startTestApp({ DIRECT_LINE_SECRET: SECRET, DIRECT_LINE_URL: azure.url });
    try {
      const response = await requestToken(t.url, { school: 'oakfield-primary' });
      expect(response.status).toBe(200);
      const text = await response.text();
      expect(JSON.parse(text)).toEqual({
        token: 'azure-token-1',
        domain: azure.url,
        expiresIn: 3600,
        conversationId: 'azure-conv-1',
      });
      expect(text).not.toContain(SECRET);
      expect(azure.calls).toHaveLength(1);
      expect(azure.calls[0]?.url).toBe('/v3/directline/tokens/generate');
      const sent = JSON.parse(azure.calls[0]?.body ?? '{}') as { user?: { id?: string } };
      expect(sent.user?.id).toMatch(/^dl_/);
      expect(t.logLines().join('\n')).not.toContain(SECRET);
    } finally {
      await t.dispose();
      await azure.close();
    }
  });

  it('answers 503 when Azure refuses, without passing on what Azure said', async () => {
    const azure = await startFakeAzure(() => ({ status: 500, body: { error: 'internal azure detail' } }));
    const t = await startTestApp({ DIRECT_LINE_SECRET: SECRET, DIRECT_LINE_URL: azure.url });
    try {
      const response = await requestToken(t.url, { school: 'oakfield-primary' });
      expect(response.status).toBe(503);
      const text = await response.text();
      expect(JSON.parse(text)).toMatchObject({ code: 'DirectLineUnavailable' });
      expect(text).not.toContain('internal azure detail');
    } finally {
      await t.dispose();
      await azure.close();
    }
  });
});
