import { ConsoleClient, addStaff } from '../support/console';
import {
  chooseSuggestedAction,
  launchBrowser,
  openDemoPage,
  openWidget,
  waitForBotReply,
  type BrowserSession,
} from '../support/browser';
import { accessibilityViolations } from '../support/consoleBrowser';
import { startTestApp, type TestApp } from '../support/testApp';

jest.setTimeout(120_000);

/**
 * What a parent sees in the web chat once a PSW writes: the PSW's first name and role on their
 * messages, in a look of their own, and a screen reader names them (not "Bot said").
 */
describe("a PSW's messages in the parent's web chat", () => {
  let t: TestApp;
  let browser: BrowserSession;

  beforeAll(async () => {
    // A Monday morning in term, when Oakfield's PSWs are working (a live chat needs them).
    t = await startTestApp({}, { now: () => new Date('2026-11-23T10:00:00Z') });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await t?.dispose();
  });

  it("carry the PSW's name, for the eye and for a screen reader", async () => {
    const { copy, privacy, handoff } = t.app.content;
    const page = browser.page;
    await openDemoPage(page, t.url);
    const frame = await openWidget(page);
    await waitForBotReply(frame, copy.menu.prompt);
    await chooseSuggestedAction(frame, copy.menu.person);
    await waitForBotReply(frame, privacy.agreePrompt);
    await chooseSuggestedAction(frame, privacy.agree);
    await waitForBotReply(frame, 'You are number 1 in the queue');

    await addStaff(t.app, { email: 'pat@example.org', displayName: 'Pat Example' });
    const psw = await ConsoleClient.signedIn(t.url, 'pat@example.org');
    const [liveChat] = await t.app.stores.cases.list({ kind: 'live_chat' });
    if (!liveChat) throw new Error('the live chat asked for in the widget is not in the store');
    expect((await psw.post(`/api/console/cases/${liveChat.id}/claim`)).status).toBe(200);
    await waitForBotReply(frame, 'has joined the chat');
    expect(
      (
        await psw.post(`/api/console/cases/${liveChat.id}/replies`, {
          text: 'Hello, I am here. How can I help?',
        })
      ).status,
    ).toBe(200);

    // Seen: the name above the message, in the PSW's own style; the assistant's are not marked.
    const fromPsw = frame.locator('.psa-from-psw');
    await fromPsw.getByText('Hello, I am here. How can I help?').waitFor();
    await expect(fromPsw.locator('.psa-from-psw__name').allInnerTexts()).resolves.toEqual([
      `Pat, ${handoff.pswTitle}`,
    ]);
    const background = await fromPsw
      .locator('.webchat__bubble__content')
      .evaluate((bubble) => getComputedStyle(bubble).backgroundColor);
    expect(background).toBe('rgb(232, 244, 236)');
    // Heard: Web Chat's text for screen readers names the PSW, and the assistant as the assistant.
    await frame
      .getByText(`Pat, ${handoff.pswTitle}: Hello, I am here. How can I help?`)
      .first()
      .waitFor({ state: 'attached' });
    await expect(frame.getByText(/^Bot said/).count()).resolves.toBe(0);
    await frame
      .getByText(new RegExp(`^${copy.webchat.assistantName}: .*has joined the chat`))
      .first()
      .waitFor({ state: 'attached' });
    expect(await accessibilityViolations(frame.page())).toEqual([]);
    if (process.env.SCREENSHOT_DIR)
      await page.screenshot({ path: `${process.env.SCREENSHOT_DIR}/psw-named.png` });
    expect(browser.problems).toEqual([]);
  });
});
