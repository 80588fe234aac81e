/// <reference lib="dom" />
import { beforeConsentSentence } from '../support/content';
import { mkdir } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import {
  PHONE_VIEWPORT,
  chatFrame,
  eventually,
  chooseSuggestedAction,
  launchBrowser,
  launcher,
  openDemoPage,
  openWidget,
  plainQuotes,
  sendBox,
  sendMessage,
  suggestedAction,
  suggestedActions,
  transcriptTexts,
  waitForBotReply,
  waitForOwnMessage,
  type BrowserSession,
} from '../support/browser';
import { contentWithSchools, welcomeAtOakfield } from '../support/content';
import { startTestApp, type TestApp } from '../support/testApp';

/**
 * The widget in a real Chromium (Debian's /usr/bin/chromium), with every request that is not to
 * the app (or the test's own stand-in pages) refused: it must work with no network at all.
 */
jest.setTimeout(120_000);

const NEUTRAL_URL = 'https://neutral.example/weather';

/**
 * `SCREENSHOT_DIR=/tmp/shots npx jest test/webchat/widget.browser.test.ts` saves what the tests
 * saw at a few points, to look at (they assert nothing about pixels).
 */
async function snapshot(page: Page, name: string): Promise<void> {
  const dir = process.env.SCREENSHOT_DIR;
  if (!dir) return;
  await mkdir(dir, { recursive: true });
  await page.waitForTimeout(600); // Web Chat scrolls to the newest message smoothly; let it settle.
  await page.screenshot({ path: path.join(dir, `${name}-${page.viewportSize()?.width ?? 0}.png`) });
}

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
  const menuLabels = () => [copy.menu.referral, copy.menu.faq, copy.menu.signposting, copy.menu.person];

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

  it('greets a parent, answers a question, and takes a referral that carries on after a reload', async () => {
    const { privacy, faqs } = t.app.content;
    const cost = faqs.find((f) => f.id === 'cost');
    if (!cost) throw new Error('content has no "cost" FAQ');
    await openDemoPage(page, t.url);
    let frame = await openWidget(page);

    // Greeted before typing anything: the welcome, then the menu as buttons.
    await waitForBotReply(frame, copy.menu.prompt);
    expect(await transcriptTexts(frame)).toEqual([
      ...welcomeAtOakfield(copy),
      beforeConsentSentence(t.app.content),
      copy.menu.prompt,
    ]);
    expect(await suggestedActions(frame)).toEqual(menuLabels());

    // Questions about the service: the list of questions as buttons, then one asked in words.
    await chooseSuggestedAction(frame, copy.menu.faq);
    await waitForOwnMessage(frame, copy.menu.faq);
    await waitForBotReply(frame, copy.faq.menuPrompt);
    expect(await suggestedActions(frame)).toEqual(faqs.map((f) => f.question));
    await sendMessage(frame, 'Is it free?');
    await waitForBotReply(frame, cost.answer);
    await waitForBotReply(frame, copy.menu.promptAgain);
    // Sent, not "Send failed": the echo with its clientActivityID came back.
    await expect(frame.getByText(/send failed/i).count()).resolves.toBe(0);

    // A self-referral: the privacy notice first; the school comes from the widget, so no school question.
    await chooseSuggestedAction(frame, copy.menu.referral);
    await waitForBotReply(frame, privacy.agreePrompt);
    expect((await transcriptTexts(frame)).slice(-privacy.summary.length - 1)).toEqual(
      [...privacy.summary, privacy.agreePrompt].map(plainQuotes),
    );
    expect(await suggestedActions(frame)).toEqual([privacy.agree, privacy.disagree, privacy.readMore]);
    await chooseSuggestedAction(frame, privacy.agree);
    await waitForBotReply(frame, copy.referral.askName);
    await sendMessage(frame, 'Sam Example');
    await waitForBotReply(frame, copy.referral.askContactMethod);
    const contactMethods = Object.values(copy.referral.contactMethods);
    expect(await suggestedActions(frame)).toEqual(contactMethods);
    const beforeReload = await transcriptTexts(frame);
    expect(beforeReload).not.toContain(copy.school.prompt);
    await snapshot(page, 'widget-referral-before-reload');

    // The conversation, buttons and all, passes axe inside the widget.
    const withButtons = await new AxeBuilder({ page }).analyze();
    expect(withButtons.violations).toEqual([]);

    // A reload: the widget reopens on the same conversation, greeted once, at the same question.
    await page.reload();
    frame = await chatFrame(page);
    await waitForBotReply(frame, copy.referral.askContactMethod);
    await suggestedAction(frame, copy.referral.contactMethods.text);
    expect(await transcriptTexts(frame)).toEqual(beforeReload);
    expect(await suggestedActions(frame)).toEqual(contactMethods);
    await snapshot(page, 'widget-referral-after-reload');

    // ...and carries on from that step: the answer is taken and the next question comes.
    await chooseSuggestedAction(frame, copy.referral.contactMethods.text);
    await waitForBotReply(frame, copy.referral.askPhone);
    await sendMessage(frame, '07700 900123');
    await waitForBotReply(frame, copy.referral.askContactTime);
    expect(await suggestedActions(frame)).toEqual(Object.values(copy.referral.contactTimes));
    expect((await transcriptTexts(frame)).slice(beforeReload.length)).toEqual([
      copy.referral.contactMethods.text,
      copy.referral.askPhone,
      '07700 900123',
      copy.referral.askContactTime,
    ]);
    await snapshot(page, 'widget-referral-continued');
    expect(browser.problems).toEqual([]);
    expect(blocked).toEqual([]);
  });

  it('shows the bot\'s lines as lines: each agency\'s details in "Find other help" one under another', async () => {
    await page.goto(`${t.url}/chat?school=oakfield-primary`);
    await chooseSuggestedAction(page, copy.menu.signposting);
    await waitForBotReply(page, copy.signposting.prompt);
    const [topic] = await suggestedActions(page);
    await chooseSuggestedAction(page, topic ?? '');
    await waitForBotReply(page, copy.signposting.offerReferral);
    // Every agency ends with its website on a line of its own, not run on after what it helps with.
    const websiteLine = copy.signposting.website.replace('{website}', '');
    const agencies = (await transcriptTexts(page)).filter((text) => text.includes(websiteLine));
    expect(agencies.length).toBeGreaterThan(0);
    for (const agency of agencies) expect(agency).toContain(`\n${websiteLine}`);
    await snapshot(page, 'chat-page-agencies');
    await page.evaluate(() => window.sessionStorage.clear());
  });

  it('shows the emergency message first with every phone number as a tap-to-call link', async () => {
    await page.goto(`${t.url}/chat?school=oakfield-primary`);
    await waitForBotReply(page, copy.menu.prompt);
    await sendMessage(page, 'My partner hits me and I am scared.');
    const emergency = await waitForBotReply(page, 'Abuse from a partner?');
    const links = await emergency
      .locator('a[href^="tel:"]')
      .evaluateAll((anchors) => anchors.map((a) => [a.textContent, a.getAttribute('href')]));
    expect(links).toEqual(
      expect.arrayContaining([
        ['999', 'tel:999'],
        ['0808 2000 247', 'tel:+448082000247'],
      ]),
    );
    // The emergency message is the first thing the bot said to the message.
    const texts = await transcriptTexts(page);
    const asked = texts.lastIndexOf('My partner hits me and I am scared.');
    // (Web Chat puts zero-width spaces around a link.)
    expect(texts[asked + 1]?.replace(/\u200b/g, '')).toMatch(
      /^I am worried about what you said\. If anyone is in danger now, call 999\./,
    );
    await page.evaluate(() => window.sessionStorage.clear());
  });

  it('has no axe violations on the school page, the open widget and the chat page, on desktop and phone', async () => {
    for (const viewport of [{ width: 1280, height: 800 }, PHONE_VIEWPORT]) {
      await page.setViewportSize(viewport);
      await openDemoPage(page, t.url);
      const closed = await new AxeBuilder({ page }).analyze();
      expect([viewport.width, 'closed', closed.violations]).toEqual([viewport.width, 'closed', []]);

      // Open, with the greeting and the menu's buttons in it.
      const frame = await openWidget(page);
      await waitForBotReply(frame, copy.menu.prompt);
      await suggestedAction(frame, copy.menu.person);
      await snapshot(page, 'widget-greeting');
      const open = await new AxeBuilder({ page }).analyze();
      expect([viewport.width, 'open', open.violations]).toEqual([viewport.width, 'open', []]);
      // axe did look inside the widget's shadow root and into the chat's iframe.
      const checked = JSON.stringify(open.passes.flatMap((rule) => rule.nodes.map((node) => node.target)));
      expect(checked).toContain('#psa-panel');
      expect(checked).toContain('webchat__');

      // The chat page on its own, showing the list of questions: many long buttons.
      await page.goto(`${t.url}/chat?school=oakfield-primary`);
      await sendBox(page).waitFor();
      await chooseSuggestedAction(page, copy.menu.faq);
      await waitForBotReply(page, copy.faq.menuPrompt);
      await suggestedAction(page, t.app.content.faqs.at(-1)?.question ?? '');
      await snapshot(page, 'chat-page-questions');
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

    // The menu's buttons: Shift+Tab reaches them, the arrow keys move between them, Enter chooses.
    await waitForBotReply(frame, copy.menu.prompt);
    await suggestedAction(frame, copy.menu.person);
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('ArrowDown');
    expect(await frame.evaluate(() => document.activeElement?.textContent?.trim())).toBe(copy.menu.faq);
    await page.keyboard.press('Enter');
    await waitForOwnMessage(frame, copy.menu.faq);
    await waitForBotReply(frame, copy.faq.menuPrompt);

    // Back in the send box, typing goes on.
    expect(
      await eventually(
        () => frame.evaluate(() => document.activeElement?.getAttribute('data-id')),
        (id) => id === 'webchat-sendbox-input',
      ),
    ).toBe('webchat-sendbox-input');
    await page.keyboard.type('Typed without a mouse');
    await page.keyboard.press('Enter');
    await waitForOwnMessage(frame, 'Typed without a mouse');

    // Escape inside the chat's frame reaches the widget by postMessage: give it a moment.
    await page.keyboard.press('Escape');
    await launcher(page).waitFor({ state: 'visible', timeout: 5000 });
    await expect(launcher(page).getAttribute('aria-expanded')).resolves.toBe('false');
    expect(await launcher(page).evaluate((el) => (el.getRootNode() as ShadowRoot).activeElement === el)).toBe(
      true,
    );
    await expect(page.getByRole('dialog').isVisible()).resolves.toBe(false);
  });

  it('"Leave quickly" replaces the page with a neutral site, out of the history, and the chat is forgotten', async () => {
    await openDemoPage(page, t.url);
    const frame = await openWidget(page);
    await waitForBotReply(frame, copy.menu.prompt);
    await sendMessage(frame, 'Something private');
    await waitForOwnMessage(frame, 'Something private');

    await page.getByRole('button', { name: /Leave quickly/ }).click();
    await page.waitForURL(NEUTRAL_URL);
    await expect(page.title()).resolves.toBe('Weather');
    await page.goBack();
    expect(page.url()).not.toContain(t.url);

    // Coming back to the school site in the same tab starts a new chat: nothing of the old one shows.
    await openDemoPage(page, t.url);
    const fresh = await openWidget(page);
    await waitForBotReply(fresh, copy.menu.prompt);
    expect(await transcriptTexts(fresh)).toEqual([
      ...welcomeAtOakfield(copy),
      beforeConsentSentence(t.app.content),
      copy.menu.prompt,
    ]);
  });

  it('fills a phone screen with the chat, and the chat page works on its own with its own "Leave quickly"', async () => {
    await page.setViewportSize(PHONE_VIEWPORT);
    await openDemoPage(page, t.url);
    await openWidget(page);
    const box = await page.getByRole('dialog').boundingBox();
    expect(box).toEqual({ x: 0, y: 0, width: PHONE_VIEWPORT.width, height: PHONE_VIEWPORT.height });

    await page.goto(`${t.url}/chat?school=riverside-high`);
    await page.getByRole('heading', { level: 1, name: 'Riverside High School' }).waitFor();
    await waitForBotReply(page, copy.menu.prompt);
    await chooseSuggestedAction(page, copy.menu.faq);
    await waitForBotReply(page, copy.faq.menuPrompt);
    await snapshot(page, 'chat-page-phone');
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
      const { copy } = t.app.content;
      await waitForBotReply(frame, copy.menu.prompt);
      await chooseSuggestedAction(frame, copy.menu.faq);
      await waitForBotReply(frame, copy.faq.menuPrompt);

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
