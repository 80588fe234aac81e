import type { Page } from 'playwright-core';
import { DESKTOP_VIEWPORT, PHONE_VIEWPORT } from '../support/browser';
import { TEST_PASSWORD, addStaff } from '../support/console';
import { accessibilityViolations, launchBrowser, screenshot } from '../support/consoleBrowser';
import { TestParent } from '../support/parent';
import { startReplySink } from '../support/replySink';
import { startTestApp, type TestApp } from '../support/testApp';

jest.setTimeout(180_000);

type Sink = Awaited<ReturnType<typeof startReplySink>>;

/**
 * The console as an inbox, in a real Chromium on a desktop and on a phone: a live chat asked for
 * through the bot arrives at the top with the tab's badge; the PSW finds an urgent SMS referral
 * by its reference, sees why it is urgent, starts from a saved reply, sees how many texts it makes,
 * and closes it. Nothing is wider than the phone; axe finds nothing on any page.
 */
describe.each([
  ['desktop', DESKTOP_VIEWPORT],
  ['phone', PHONE_VIEWPORT],
])('PSW inbox on a %s', (device, viewport) => {
  let sink: Sink;
  let t: TestApp;
  let browser: Awaited<ReturnType<typeof launchBrowser>>;
  let page: Page;
  const shot = (name: string) => screenshot(page, `inbox-${device}-${name}`);

  beforeAll(async () => {
    sink = await startReplySink();
    t = await startTestApp(
      { ALLOWED_SERVICE_URLS: sink.url },
      { now: () => new Date('2026-11-23T10:00:00Z') },
    );
    browser = await launchBrowser({ viewport });
    page = browser.page;
  });
  afterAll(async () => {
    await browser?.close();
    await t?.dispose();
    await sink?.close();
  });

  async function signIn(email: string) {
    await page.goto(`${t.url}/console/login`);
    await page.getByLabel('E-mail address').fill(email);
    await page.getByLabel('Password').fill(TEST_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${t.url}/console`);
  }

  /** The page fits the screen: nothing scrolls sideways, and no axe violation. */
  async function pageIsFine(name: string) {
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(width).toBeLessThanOrEqual(viewport.width);
    expect(await accessibilityViolations(page)).toEqual([]);
    await shot(name);
  }

  it('announces a new live chat at the top, finds an urgent case by reference, replies from a saved reply and closes it', async () => {
    const pat = await addStaff(t.app, { email: 'pat@example.org', displayName: 'Pat Example' });
    const robin = await addStaff(t.app, { email: 'robin@example.org', displayName: 'Robin Other' });
    await t.app.stores.savedReplies.create({
      areaId: 'liverpool',
      title: 'Ask when to call',
      text: 'Hello {parent}, this is {me} from school. When is a good time to call you?',
      createdBy: 'admin',
      createdAt: new Date(),
    });
    // Already in the queue: a referral Robin has claimed, and an urgent SMS referral.
    const claimed = await new TestParent(t.url, sink.url).opensCase(t.app);
    await t.app.cases.transition({ caseId: claimed.id, action: 'claim', actorId: robin.id });
    const urgent = await new TestParent(t.url, sink.url).opensCase(t.app, {
      channelId: 'sms',
      urgent: true,
      urgentReason: 'Parent said her son has not come home since last night',
      details: {
        parentName: 'Alex Sample',
        topic: 'behaviour',
        words: 'He stays out late and will not say where.',
        contactMethod: 'text',
        phone: '07700 900456',
        safeToText: true,
        safeToLeaveMessage: false,
      },
    });

    // Browser notifications, as the page makes them (recorded instead of shown).
    await page.addInitScript(() => {
      const shown: string[] = [];
      Object.assign(window, { shownNotifications: shown });
      class RecordedNotification {
        static permission = 'granted';
        static requestPermission = () => Promise.resolve('granted');
        constructor(_title: string, options: { body: string }) {
          shown.push(options.body);
        }
        addEventListener() {}
      }
      Object.defineProperty(window, 'Notification', { value: RecordedNotification });
    });
    await signIn('pat@example.org');
    await page.getByText('Alerts', { exact: true }).click();
    await page.getByLabel('Sound and a browser notification for a new live chat or urgent case').check();
    const rows = page.locator('#case-rows > li');
    await rows.first().waitFor();
    expect(await rows.count()).toBe(2);
    await expect(page.title()).resolves.toBe('(1) Queue – PSW console');
    await pageIsFine('1-queue');

    // A parent asks the bot for a person: the live chat arrives at the top, live, with the badge.
    const parent = new TestParent(t.url, sink.url);
    await parent.says('Hello');
    await parent.says('I would like to talk to a person');
    await parent.says('Yes, I agree');
    await parent.says('Is anyone there? It is about my son');
    const top = rows.first();
    await top.getByText('Live chat: parent waiting').waitFor();
    // The preview follows the parent's words as they write, without a reload.
    await top.getByText('Is anyone there? It is about my son').waitFor();
    await page.getByRole('status').getByText('A new live chat is waiting.').waitFor();
    await expect(
      page.evaluate(() => (window as unknown as { shownNotifications: string[] }).shownNotifications),
    ).resolves.toEqual(['A new live chat is waiting.']);
    await page.waitForFunction(() => document.title === '(2) Queue – PSW console');
    expect(await rows.count()).toBe(3);
    // Then the urgent referral (with why), then Robin's.
    await expect(rows.nth(1).textContent()).resolves.toContain(urgent.reference);
    await expect(rows.nth(1).textContent()).resolves.toContain(
      'Urgent: Parent said her son has not come home',
    );
    await expect(rows.nth(2).textContent()).resolves.toContain('with Robin Other');
    const claimButton = top.getByRole('button', { name: /^Claim case / });
    const box = await claimButton.boundingBox();
    expect(box && box.x >= 0 && box.x + box.width <= viewport.width).toBe(true);
    await pageIsFine('2-live-chat-arrived');

    // Found by its reference, typed as a parent might read it out; the search is in the address.
    const typed = urgent.reference.toLowerCase().replace('-', ' ');
    await page.getByLabel('Search cases').fill(typed);
    await page.getByLabel('Search cases').press('Enter');
    await page.getByRole('status').getByText(`1 case found for “${typed}”.`).waitFor();
    expect(new URL(page.url()).searchParams.get('q')).toBe(typed);
    expect(await rows.count()).toBe(1);
    // A reload keeps the search.
    await page.reload();
    await page.getByRole('status').getByText(`1 case found for “${typed}”.`).waitFor();
    await rows.first().getByRole('link', { name: urgent.reference }).click();

    // The case: why it is urgent, before anything else.
    await page.waitForURL(`${t.url}/console/cases/${urgent.id}`);
    const banner = page.getByRole('region', { name: 'Urgent' });
    await banner.getByText('Parent said her son has not come home since last night').waitFor();
    await page.getByRole('button', { name: 'Claim this case' }).click();
    await page.getByRole('alert').getByText('You have claimed this case.').waitFor();

    // A saved reply with the parent's and the PSW's first names; the counter says how many texts.
    await page.getByLabel('Saved reply').selectOption({ label: 'Ask when to call' });
    await page.getByRole('button', { name: 'Use this reply' }).click();
    const reply = page.getByLabel('Message to the parent');
    await expect(reply.inputValue()).resolves.toBe(
      'Hello Alex, this is Pat from school. When is a good time to call you?',
    );
    await page.locator('#sms-count').getByText('69 characters · 1 text message').waitFor();
    // A curly apostrophe is outside the SMS alphabet: flagged, and fewer characters fit.
    await reply.fill(`${'x'.repeat(60)} Let’s talk today.`);
    await page.locator('#sms-count').getByText('Not in the SMS alphabet').waitFor();
    await page.locator('#sms-count').getByText('2 text messages').waitFor();
    await pageIsFine('3-case-reply');

    // Closed with an outcome.
    await page.getByText('Close the case', { exact: true }).click();
    await page.getByLabel('Outcome').selectOption({ label: 'Escalated to the safeguarding lead' });
    await page.getByRole('button', { name: 'Close case' }).click();
    await page
      .getByRole('alert')
      .getByText(/^Case closed/)
      .waitFor();
    await page.getByText('Closed: Escalated to the safeguarding lead').waitFor();
    await pageIsFine('4-closed');
    expect(pat.id).toBeTruthy();
  });

  it('shows a manager the audit log in words, searchable by reference, and the saved replies', async () => {
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(/\/console\/login/);
    await addStaff(t.app, {
      email: 'lee@example.org',
      displayName: 'Lee Manager',
      role: 'manager',
      schools: ['area:liverpool'],
    });
    await signIn('lee@example.org');
    await pageIsFine('5-manager-queue');
    await page.getByRole('link', { name: 'Audit log' }).click();
    await page.waitForURL(`${t.url}/console/audit`);
    const [closed] = await t.app.stores.cases.list({ statuses: ['closed'] });
    await page.getByLabel('Case reference').fill(closed?.reference ?? '');
    await page.getByRole('button', { name: 'Show' }).click();
    const rows = page.locator('#audit-rows');
    await rows.getByText('Closed a case').waitFor();
    await expect(rows.textContent()).resolves.toContain('Escalated to the safeguarding lead');
    expect(await rows.textContent()).not.toContain('case.');
    await pageIsFine('6-audit');
    await page.getByRole('link', { name: 'Saved replies' }).click();
    await page.getByRole('heading', { name: 'Ask when to call' }).waitFor();
    await pageIsFine('7-saved-replies');
    expect(browser.problems).toEqual([]);
  });
});
