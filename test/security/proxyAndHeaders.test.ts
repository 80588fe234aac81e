import { loadConfig } from '../../src/config';
import { requestToken } from '../support/directLineClient';
import { startTestApp, type TestApp } from '../support/testApp';

describe('behind a reverse proxy', () => {
  let t: TestApp;
  afterEach(async () => {
    await t?.dispose();
  });

  it('limits by the address the trusted proxy saw, not the left-most X-Forwarded-For a client wrote', async () => {
    t = await startTestApp({ TRUST_PROXY: '1', WEBCHAT_TOKEN_RATE_LIMIT: '2' });
    const statuses: number[] = [];
    for (let i = 1; i <= 4; i++) {
      // The client sends its own X-Forwarded-For; the proxy appends the address it really came from.
      const res = await fetch(`${t.url}/api/webchat/token`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          origin: t.url,
          'x-forwarded-for': `198.51.100.${i}, 203.0.113.7`,
        },
        body: JSON.stringify({ school: 'oakfield-primary' }),
      });
      statuses.push(res.status);
    }
    expect(statuses).toEqual([200, 200, 429, 429]);
    // Another real client is not held up by the first.
    const other = await fetch(`${t.url}/api/webchat/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: t.url, 'x-forwarded-for': '203.0.113.8' },
      body: JSON.stringify({ school: 'oakfield-primary' }),
    });
    expect(other.status).toBe(200);
  });

  it('takes TRUST_PROXY as a number of hops and refuses the old true', () => {
    expect(loadConfig({ TRUST_PROXY: '2' }).http.trustedProxyHops).toBe(2);
    expect(loadConfig({ TRUST_PROXY: 'false' }).http.trustedProxyHops).toBe(0);
    expect(() => loadConfig({ TRUST_PROXY: 'true' })).toThrow(
      /TRUST_PROXY must be the number of reverse proxies/,
    );
  });
});

describe('development pages', () => {
  let t: TestApp;
  afterEach(async () => {
    await t?.dispose();
  });

  it('answer only clients on this machine, not someone forwarded by a proxy', async () => {
    t = await startTestApp({ TRUST_PROXY: '1' });
    const local = await fetch(`${t.url}/dev/sms/api/texts?phone=07700900123`);
    expect(local.status).toBe(200);
    for (const forwarded of ['203.0.113.7', '127.0.0.1, 203.0.113.7']) {
      for (const path of ['/dev/sms', '/dev/sms/api/texts?phone=07700900123', '/dev/sms/api/setup']) {
        const res = await fetch(`${t.url}${path}`, { headers: { 'x-forwarded-for': forwarded } });
        expect(res.status).toBe(404);
      }
    }
  });

  it('do not trust a local proxy that was not declared in TRUST_PROXY either', async () => {
    t = await startTestApp();
    const res = await fetch(`${t.url}/dev/sms/api/texts?phone=07700900123`, {
      headers: { 'x-forwarded-for': '203.0.113.7' },
    });
    expect(res.status).toBe(404);
  });
});

describe('Strict-Transport-Security', () => {
  it('is sent when PUBLIC_URL is https, and not otherwise', async () => {
    const https = await startTestApp({ PUBLIC_URL: 'https://psa.example.org' });
    const http = await startTestApp();
    try {
      expect((await fetch(`${https.url}/healthz`)).headers.get('strict-transport-security')).toBe(
        'max-age=31536000; includeSubDomains',
      );
      expect((await requestToken(https.url)).headers.get('strict-transport-security')).toContain('max-age=');
      expect((await fetch(`${http.url}/healthz`)).headers.get('strict-transport-security')).toBeNull();
    } finally {
      await https.dispose();
      await http.dispose();
    }
  });
});
