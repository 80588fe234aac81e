/// <reference lib="dom" />
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import AxeBuilder from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import {
  PHONE_VIEWPORT,
  chatFrame,
  eventually,
  launchBrowser,
  launcher,
  openDemoPage,
  openWidget,
  sendBox,
  sendMessage,
  transcriptTexts,
  waitForBotReply,
  waitForOwnMessage,
  type BrowserSession,
} from '../support/browser';
import { contentWithSchools } from '../support/content';
import { startTestApp, type TestApp } from '../support/testApp';

/**
 * The widget in a real Chromium (Debian's /usr/bin/chromium), with every request that is not to
 * the app (or the test's own stand-in pages) refused: it must work with no network at all.
 */
jest.setTimeout(120_000);

const NEUTRAL_URL = 'https://neutral.example/weather';

async function offline(browser: BrowserSession, allowedOrigins: string[]): Promise<string[]> {
  const blocked: string[] = [];
  await browser.context.route('**/*', async (route) => {
    const url = route.request().url();
    if (url.startsWith(NEUTRAL_URL)) {
      return route.fulfill({ contentType: 'text/html', body: '<title>Weather</title><h1>Weather</h1>' });
    }
    if (allowedOrigins.some((origin) => url.startsWith(origin)) || url.startsWith('data:')) {
      return route.continue();
    }
    blocked.push(url);
    return route.abort();
  });
  return blocked;
}

describe('web chat widget in Chromium', () => {
  let t: TestApp;
  let browser: BrowserSession;
  let blocked: string[];
  let copy: TestApp['app']['content']['copy'];

  beforeAll(async () => {
    t = await startTestApp({ WEBCHAT_LEAVE_URL: NEUTRAL_URL });
    copy = t.app.content.copy;
    browser = await launchBrowser();
    blocked = await offline(browser, [t.url]);
  });
  afterAll(async () => {
    await browser?.close();
    await t?.dispose();
  });

  let page: Page;
  beforeEach(async () => {
    browser.problems.length = 0;
    blocked.length = 0;
    page = await browser.context.newPage();
  });
  afterEach(async () => {
    await page.close();
  });

  it('lets a parent open the chat on the school page, talk to the bot, reload and carry on', async () => {
    await openDemoPage(page, t.url);
    let frame = await openWidget(page);
    await sendMessage(frame, 'Hello, is anyone there?');
    await waitForOwnMessage(frame, 'Hello, is anyone there?');
    await waitForBotReply(frame, copy.askWhatFor);
    // Sent, not "Send failed": the echo with its clientActivityID came back.
    await expect(frame.getByText(/send failed/i).count()).resolves.toBe(0);

    await page.reload();
    frame = await chatFrame(page);
    await waitForBotReply(frame, copy.askWhatFor);
    expect(await transcriptTexts(frame)).toEqual([
      'Hello, is anyone there?',
      ...copy.welcome,
      copy.askWhatFor,
    ]);

    await sendMessage(frame, 'Bedtimes are really hard');
    await waitForBotReply(frame, copy.notReadyYet);
    expect((await transcriptTexts(frame)).slice(-2)).toEqual(['Bedtimes are really hard', copy.notReadyYet]);
    expect(browser.problems).toEqual([]);
    expect(blocked).toEqual([]);
  });

  it('has no axe violations on the school page, the open widget and the chat page, on desktop and phone', async () => {
    for (const viewport of [{ width: 1280, height: 800 }, PHONE_VIEWPORT]) {
      await page.setViewportSize(viewport);
      await openDemoPage(page, t.url);
      const closed = await new AxeBuilder({ page }).analyze();
      expect([viewport.width, 'closed', closed.violations]).toEqual([viewport.width, 'closed', []]);

      const frame = await openWidget(page);
      await sendMessage(frame, 'Hello');
      await waitForBotReply(frame, copy.askWhatFor);
      const open = await new AxeBuilder({ page }).analyze();
      expect([viewport.width, 'open', open.violations]).toEqual([viewport.width, 'open', []]);
      // axe did look inside the widget's shadow root and into the chat's iframe.
      const checked = JSON.stringify(open.passes.flatMap((rule) => rule.nodes.map((node) => node.target)));
      expect(checked).toContain('#psa-panel');
      expect(checked).toContain('webchat__');

      await page.goto(`${t.url}/chat?school=oakfield-primary`);
      await sendBox(page).waitFor();
      await sendMessage(page, 'Hello again');
      await waitForOwnMessage(page, 'Hello again');
      const chat = await new AxeBuilder({ page }).analyze();
      expect([viewport.width, 'chat page', chat.violations]).toEqual([viewport.width, 'chat page', []]);
      await page.evaluate(() => window.sessionStorage.clear());
    }
    expect(browser.problems).toEqual([]);
  });

  it('works from the keyboard: Enter opens it into the send box, Escape closes it back to the launcher', async () => {
    await openDemoPage(page, t.url);
    await launcher(page).focus();
    await page.keyboard.press('Enter');
    const frame = await chatFrame(page);
    const focused = await eventually(
      () => frame.evaluate(() => document.activeElement?.getAttribute('data-id')),
      (id) => id === 'webchat-sendbox-input',
    );
    expect(focused).toBe('webchat-sendbox-input');
    await page.keyboard.type('Typed without a mouse');
    await page.keyboard.press('Enter');
    await waitForOwnMessage(frame, 'Typed without a mouse');

    await page.keyboard.press('Escape');
    await expect(launcher(page).isVisible()).resolves.toBe(true);
    await expect(launcher(page).getAttribute('aria-expanded')).resolves.toBe('false');
    expect(await launcher(page).evaluate((el) => (el.getRootNode() as ShadowRoot).activeElement === el)).toBe(
      true,
    );
    await expect(page.getByRole('dialog').isVisible()).resolves.toBe(false);
  });

  it('"Leave quickly" replaces the page with a neutral site, out of the history, and the chat is forgotten', async () => {
    await openDemoPage(page, t.url);
    const frame = await openWidget(page);
    await sendMessage(frame, 'Something private');
    await waitForBotReply(frame, copy.askWhatFor);

    await page.getByRole('button', { name: /Leave quickly/ }).click();
    await page.waitForURL(NEUTRAL_URL);
    await expect(page.title()).resolves.toBe('Weather');
    await page.goBack();
    expect(page.url()).not.toContain(t.url);

    // Coming back to the school site in the same tab starts a new chat: nothing of the old one shows.
    await openDemoPage(page, t.url);
    const fresh = await openWidget(page);
    await sendMessage(fresh, 'A new start');
    await waitForBotReply(fresh, copy.askWhatFor);
    expect(await transcriptTexts(fresh)).toEqual(['A new start', ...copy.welcome, copy.askWhatFor]);
  });

  it('fills a phone screen with the chat, and the chat page works on its own with its own "Leave quickly"', async () => {
    await page.setViewportSize(PHONE_VIEWPORT);
    await openDemoPage(page, t.url);
    await openWidget(page);
    const box = await page.getByRole('dialog').boundingBox();
    expect(box).toEqual({ x: 0, y: 0, width: PHONE_VIEWPORT.width, height: PHONE_VIEWPORT.height });

    await page.goto(`${t.url}/chat?school=riverside-high`);
    await page.getByRole('heading', { level: 1, name: 'Riverside High School' }).waitFor();
    await sendMessage(page, 'Hi');
    await waitForBotReply(page, copy.askWhatFor);
    await page.getByRole('button', { name: /Leave quickly/ }).click();
    await page.waitForURL(NEUTRAL_URL);
    expect(browser.problems).toEqual([]);
  });
});

/** A school's own website on another origin, pasting the one line. */
async function startSchoolSite(appUrl: () => string, school: string) {
  const server = http.createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(
      `<!doctype html><html lang="en"><head><title>A school</title></head><body>` +
        `<main><h1>A school's own website</h1><button id="own">The page's own button</button></main>` +
        `<script src="${appUrl()}/widget.js" data-school="${school}" async></script></body></html>`,
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    origin: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

describe('widget on a school website of its own', () => {
  it('works cross-origin where the school allows that website, and stays away (without breaking it) elsewhere', async () => {
    // The sites start first (the school's allowed origins name them); they learn the app's address after.
    let appUrl = '';
    const site = await startSchoolSite(() => appUrl, 'oakfield-primary');
    const otherSite = await startSchoolSite(() => appUrl, 'riverside-high');
    const content = await contentWithSchools((file) => {
      file.schools[0]!.widget.allowedOrigins = [site.origin];
    });
    const t = await startTestApp({}, { contentDir: content.dir });
    appUrl = t.url;
    const browser = await launchBrowser();
    try {
      const blocked = await offline(browser, [t.url, site.origin, otherSite.origin]);
      const page = browser.page;
      await page.goto(site.url);
      await launcher(page).waitFor();
      const frame = await openWidget(page);
      await sendMessage(frame, 'Hello from the school site');
      await waitForBotReply(frame, t.app.content.copy.askWhatFor);

      // Riverside High has not allowed this other website: no launcher, and the page still works.
      const warnings: string[] = [];
      page.on('console', (m) => {
        if (m.type() === 'warning') warnings.push(m.text());
      });
      await page.goto(otherSite.url);
      expect(
        await eventually(
          () => Promise.resolve(warnings.join(' ')),
          (text) => text.includes('[Parent support chat]'),
        ),
      ).toContain('is not shown');
      await expect(page.locator('[data-parent-support-chat]').count()).resolves.toBe(0);
      await page.locator('#own').click();
      expect(browser.problems.filter((p) => !p.includes('403'))).toEqual([]);
      expect(blocked).toEqual([]);
    } finally {
      await browser.close();
      await t.dispose();
      await site.close();
      await otherSite.close();
      await content.remove();
    }
  });
});
