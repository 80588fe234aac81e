import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { CONSOLE_PUBLIC_DIR } from '../../src/console/consolePages';
import { CONSOLE_LABELS } from '../../src/console/inWords';
import { ConsoleClient, addStaff } from '../support/console';
import { startTestApp, type TestApp } from '../support/testApp';

/** Every console page is served whole: the shared head and header once, then the page's own parts. */
describe('console pages from one shared layout', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.dispose());

  const get = async (pagePath: string) => {
    const res = await fetch(`${t.url}${pagePath}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    return await res.text();
  };
  const times = (text: string, part: string) => text.split(part).length - 1;

  it.each([
    ['/console', 'queue.html', 'Queue – PSW console'],
    ['/console/cases/some-id', 'case.html', 'Case – PSW console'],
    ['/console/audit', 'audit.html', 'Audit log – PSW console'],
    ['/console/reports', 'reports.html', 'Reports – PSW console'],
    ['/console/replies', 'replies.html', 'Saved replies – PSW console'],
    ['/console/privacy', 'privacy.html', 'Privacy – PSW console'],
  ])('%s has the shared head, header and navigation, and all of %s', async (pagePath, file, title) => {
    const html = await get(pagePath);
    expect(html.startsWith('<!doctype html>\n<html lang="en-GB">')).toBe(true);
    expect(times(html, `<title>${title}</title>`)).toBe(1);
    expect(times(html, '<script src="/console/assets/console.js" defer></script>')).toBe(1);
    expect(times(html, '<link rel="stylesheet" href="/console/assets/console.css" />')).toBe(1);
    expect(times(html, '<a class="skip-link" href="#main">Skip to main content</a>')).toBe(1);
    expect(times(html, '<nav aria-label="Console">')).toBe(1);
    expect(times(html, 'id="sign-out"')).toBe(1);
    expect(html).not.toMatch(/<!--/);
    // The page's own main, word for word (whatever its indentation), inside the body.
    const own = await readFile(path.join(CONSOLE_PUBLIC_DIR, file), 'utf8');
    const squash = (text: string) => text.replace(/\s+/g, ' ');
    expect(squash(html)).toContain(squash(own.slice(own.indexOf('<main'))).trim());
    expect(html.indexOf('<main')).toBeGreaterThan(html.indexOf('</header>'));
    expect(html.trimEnd().endsWith('</body>\n</html>')).toBe(true);
  });

  it('the sign-in page has the header without navigation or account', async () => {
    const html = await get('/console/login');
    expect(times(html, '<title>Sign in – PSW console</title>')).toBe(1);
    expect(html).toContain('<p class="service-name">Parent Support Worker console</p>');
    expect(html).not.toContain('<nav');
    expect(html).not.toContain('sign-out');
    expect(html).toContain('<script src="/console/assets/login.js" defer></script>');
  });

  it("the pages' words for statuses, kinds and outcomes come with the session, from the server's one list", async () => {
    const client = await ConsoleClient.signedIn(t.url, (await addStaff(t.app)).email);
    const session = await client.get<{ labels: unknown }>('/api/console/session');
    expect(session.body.labels).toEqual(CONSOLE_LABELS);
    expect(session.body.labels).toMatchObject({
      status: { new: 'Waiting' },
      kind: { live_chat: 'Live chat' },
      outcome: { escalated: 'Escalated to the safeguarding lead' },
    });
    const scripts = await Promise.all(
      ['console.js', 'case.js', 'queue.js', 'reports.js'].map((f) =>
        readFile(path.join(CONSOLE_PUBLIC_DIR, f), 'utf8'),
      ),
    );
    for (const words of ['Escalated to the safeguarding lead', 'Started working on it', 'In progress']) {
      expect(scripts.filter((script) => script.includes(words))).toEqual([]);
    }
  });

  it('the layout itself is not served as a page or an asset', async () => {
    expect((await fetch(`${t.url}/console/assets/layout.html`)).status).toBe(404);
  });
});
