import { contentWithCopy, contentWithSchools } from '../support/content';
import { startTestApp, type TestApp } from '../support/testApp';

function csp(response: Response): Map<string, string> {
  const header = response.headers.get('content-security-policy') ?? '';
  return new Map(
    header
      .split(';')
      .map((d) => d.trim())
      .filter(Boolean)
      .map((d) => [d.split(' ')[0] ?? '', d.slice(d.indexOf(' ') + 1)]),
  );
}

describe('web chat pages', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t.dispose();
  });

  it('serves the embed script for any site to load, compressed, cacheable and revalidated', async () => {
    const response = await fetch(`${t.url}/widget.js`, { headers: { 'accept-encoding': 'gzip' } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(response.headers.get('content-encoding')).toBe('gzip');
    expect(response.headers.get('cross-origin-resource-policy')).toBe('cross-origin');
    expect(response.headers.get('cache-control')).toBe('public, max-age=300');
    expect(await response.text()).toContain('data-school');
    const etag = response.headers.get('etag') ?? '';
    const again = await fetch(`${t.url}/widget.js`, { headers: { 'if-none-match': etag } });
    expect(again.status).toBe(304);
  });

  it('serves the chat page with the school, a nonce-based CSP and only its allowed origins as framers', async () => {
    const response = await fetch(`${t.url}/chat?school=oakfield-primary`);
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    const html = await response.text();
    expect(html).toContain('<h1>Oakfield Primary School</h1>');
    expect(html).toContain('Hello from Oakfield Primary. Ask me about our Parent Support Worker.');
    expect(html).toContain('call 999');
    const policy = csp(response);
    const nonce = /'nonce-([^']+)'/.exec(policy.get('script-src') ?? '')?.[1];
    expect(nonce).toBeDefined();
    expect(html).toContain(`nonce="${nonce}"`);
    expect(policy.get('default-src')).toBe("'self'");
    expect(policy.get('script-src')).toBe(`'self' 'nonce-${nonce}'`);
    expect(policy.get('connect-src')).toBe("'self'");
    expect(policy.get('frame-ancestors')).toBe("'self' http://localhost:3978 http://127.0.0.1:3978");
    expect(policy.get('object-src')).toBe("'none'");
    // A fresh nonce for every response.
    const second = csp(await fetch(`${t.url}/chat?school=oakfield-primary`)).get('script-src');
    expect(second).not.toContain(nonce);
  });

  it('serves the Web Chat bundle it names, from the installed package, compressed and immutable', async () => {
    const html = await (await fetch(`${t.url}/chat?school=oakfield-primary`)).text();
    const bundle = /src="(\/webchat\/botframework-webchat-[\d.]+\.js)"/.exec(html)?.[1];
    expect(bundle).toBeDefined();
    const plain = await fetch(`${t.url}${bundle}`, { headers: { 'accept-encoding': 'identity' } });
    expect(plain.status).toBe(200);
    expect(plain.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    const size = Number(plain.headers.get('content-length'));
    expect(size).toBeGreaterThan(1_000_000);
    expect((await plain.text()).includes('window.WebChat')).toBe(true);
    const gzipped = await fetch(`${t.url}${bundle}`, { headers: { 'accept-encoding': 'gzip' } });
    expect(gzipped.headers.get('content-encoding')).toBe('gzip');
    expect(Number(gzipped.headers.get('content-length'))).toBeLessThan(size / 3);
    await gzipped.arrayBuffer();
  });

  it('answers an unknown or missing school with a plain 404 page that still gives the emergency number', async () => {
    for (const path of ['/chat?school=no-such-school', '/chat', '/chat?school=%24ne', '/?school=nowhere']) {
      const response = await fetch(`${t.url}${path}`);
      expect([path, response.status]).toEqual([path, 404]);
      const html = await response.text();
      expect(html).toContain('call 999');
      expect(response.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    }
  });

  it('serves the demo school page with the widget, a console link, and no framing', async () => {
    const response = await fetch(`${t.url}/`);
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain('<script src="/widget.js" data-school="oakfield-primary" async></script>');
    expect(html).toContain('href="/console"');
    expect(html).toContain('&lt;script src=&quot;https://&lt;this service&gt;/widget.js&quot;');
    const policy = csp(response);
    expect(policy.get('frame-ancestors')).toBe("'none'");
    expect(policy.get('script-src')).toBe("'self'");
    const other = await (await fetch(`${t.url}/?school=riverside-high`)).text();
    expect(other).toContain('data-school="riverside-high"');
  });

  it("gives the widget a school's public settings, to allowed origins only", async () => {
    const own = await fetch(`${t.url}/api/webchat/schools/riverside-high`);
    expect(own.status).toBe(200);
    expect(await own.json()).toEqual({
      id: 'riverside-high',
      name: 'Riverside High School',
      colour: '#6b2d5c',
      textColour: '#ffffff',
      greeting: 'Hello from Riverside High. Our Parent Support Worker is here for families.',
      chatPath: 'chat?school=riverside-high&embedded=1',
      leaveUrl: 'https://www.bbc.co.uk/weather',
      text: {
        launcher: 'Parent support chat',
        title: 'Parent Support Worker chat',
        chatLabel: 'Chat with the Riverside High School Parent Support Worker service',
        leave: 'Leave quickly',
        leaveLabel: 'Leave quickly: close the chat and open another website',
        close: 'Close chat',
      },
    });
    const allowed = await fetch(`${t.url}/api/webchat/schools/riverside-high`, {
      headers: { origin: 'http://localhost:3978' },
    });
    expect(allowed.headers.get('access-control-allow-origin')).toBe('http://localhost:3978');
    const refused = await fetch(`${t.url}/api/webchat/schools/riverside-high`, {
      headers: { origin: 'https://evil.example' },
    });
    expect(refused.status).toBe(403);
    expect((await fetch(`${t.url}/api/webchat/schools/nowhere`)).status).toBe(404);
  });
});

describe('web chat pages with unusual settings', () => {
  it("escapes a school's name and greeting, and picks a readable text colour for a pale school colour", async () => {
    const content = await contentWithSchools((file) => {
      const school = file.schools[0]!;
      school.name = 'St Mary & St John <Primary>';
      school.widget.greeting = 'Hi "parents" </script><script>alert(1)</script>';
      school.widget.colour = '#ffe066';
    });
    const t = await startTestApp({}, { contentDir: content.dir });
    try {
      const html = await (await fetch(`${t.url}/chat?school=oakfield-primary`)).text();
      expect(html).toContain('St Mary &amp; St John &lt;Primary&gt;');
      expect(html).not.toContain('<script>alert(1)</script>');
      expect(html).toContain('--school-text: #0b0c0c');
      // Too pale for text on white (choice buttons, the send button): those use near-black instead.
      expect(html).toContain('"inkColour":"#0b0c0c"');
    } finally {
      await t.dispose();
      await content.remove();
    }
  });

  it("takes the chat's own words (header, Leave quickly, the 999 line, status lines) from content", async () => {
    const content = await contentWithCopy((copy) => {
      Object.assign(copy.webchat!, {
        launcher: 'Talk to our family team',
        leave: 'Exit now',
        safety: 'Not for emergencies: in danger now, call 999.',
        chatLabel: 'Family chat at {school}',
        notFound: 'That link does not work.',
        cannotStart: 'Sorry, try later.',
      });
    });
    const t = await startTestApp({}, { contentDir: content.dir });
    try {
      const html = await (await fetch(`${t.url}/chat?school=riverside-high`)).text();
      expect(html).toContain('<title>Family chat at Riverside High School</title>');
      expect(html).toContain('>Exit now</button>');
      expect(html).toContain('<p class="safety">Not for emergencies: in danger now, call 999.</p>');
      expect(html).toContain('"cannotStart":"Sorry, try later."');
      expect(html).not.toMatch(/Leave quickly<|immediate danger/);
      const info = (await (await fetch(`${t.url}/api/webchat/schools/riverside-high`)).json()) as {
        text: Record<string, string>;
      };
      expect(info.text).toMatchObject({
        launcher: 'Talk to our family team',
        leave: 'Exit now',
        chatLabel: 'Family chat at Riverside High School',
      });
      const missing = await (await fetch(`${t.url}/chat?school=nowhere`)).text();
      expect(missing).toContain('That link does not work.');
      expect(missing).toContain('call 999');
    } finally {
      await t.dispose();
      await content.remove();
    }
  });

  it('lets the chat page connect to Azure Direct Line, and nowhere else, when Azure is configured', async () => {
    const t = await startTestApp({
      DIRECT_LINE_SECRET: 'fake-secret',
      DIRECT_LINE_URL: 'https://europe.directline.botframework.com/v3/directline',
    });
    try {
      const response = await fetch(`${t.url}/chat?school=oakfield-primary`);
      expect(csp(response).get('connect-src')).toBe(
        "'self' https://europe.directline.botframework.com wss://europe.directline.botframework.com",
      );
      expect(await response.text()).toContain('"azure":true');
    } finally {
      await t.dispose();
    }
  });
});
