import type { Page } from 'playwright-core';
import { accessibilityViolations, launchBrowser, screenshot } from '../support/consoleBrowser';
import { TEST_PASSWORD, addStaff } from '../support/console';
import { TestParent } from '../support/parent';
import { startReplySink } from '../support/replySink';
import { startTestApp, type TestApp } from '../support/testApp';

jest.setTimeout(90_000);

type Sink = Awaited<ReturnType<typeof startReplySink>>;
const textsSince = (sink: Sink, from: number) =>
  sink.requests.slice(from).map((r) => (typeof r.body.text === 'string' ? r.body.text : ''));

describe('PSW console in Chromium', () => {
  let sink: Sink;
  let t: TestApp;
  let browser: Awaited<ReturnType<typeof launchBrowser>>;
  let page: Page;

  beforeAll(async () => {
    sink = await startReplySink();
    t = await startTestApp({}, { now: () => new Date('2026-11-23T10:00:00Z') });
    browser = await launchBrowser();
    page = await browser.context.newPage();
  });
  afterAll(async () => {
    await browser?.close();
    await t?.dispose();
    await sink?.close();
  });

  it('takes a referral from the queue to closed, with the parent answered on their channel', async () => {
    await addStaff(t.app, { email: 'pat@example.org', displayName: 'Pat Example' });

    // Signed out: the console sends the PSW to sign in, then back.
    await page.goto(`${t.url}/console`);
    await page.waitForURL(/\/console\/login\?next=/);
    expect(await accessibilityViolations(page)).toEqual([]);
    await screenshot(page, '1-login');
    await page.getByLabel('E-mail address').fill('pat@example.org');
    await page.getByLabel('Password').fill('not my password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('alert').getByText('do not match an account').waitFor();
    await page.getByLabel('Password').fill(TEST_PASSWORD);
    await page.getByLabel('Password').press('Enter');
    await page.waitForURL(`${t.url}/console`);
    await page.getByText('Signed in as Pat Example (PSW)').waitFor();
    await page.getByRole('status').getByText('0 cases shown').waitFor();

    // A parent's referral, made through the bot, appears in the open queue without a reload.
    const parent = new TestParent(t.url, sink.url);
    await parent.says('Hello');
    const referral = await parent.opensCase(t.app);
    const row = page.getByRole('row', { name: new RegExp(referral.reference) });
    await row.waitFor();
    await expectText(row, ['Referral', 'Oakfield Primary School', 'Waiting', 'Nobody yet']);
    expect(await accessibilityViolations(page)).toEqual([]);
    await screenshot(page, '2-queue');

    // Claimed from the queue with the keyboard.
    await page.getByRole('button', { name: `Claim case ${referral.reference}` }).focus();
    await page.keyboard.press('Enter');
    await page.waitForURL(`${t.url}/console/cases/${referral.id}`);
    await page.getByRole('heading', { level: 1, name: `Referral ${referral.reference}` }).waitFor();
    await page.getByText('Claimed · Oakfield Primary School').waitFor();
    await expectText(page.locator('#contact'), [
      'phone, text',
      'Safe to text?',
      'Yes',
      '07700 900123',
      'After 3pm',
    ]);
    await expectText(page.locator('#details'), [
      "Parent's name",
      'Sam Sample',
      'Bedtime is a battle every night.',
    ]);

    // The reply reaches the parent on their own channel.
    let seen = sink.requests.length;
    await page
      .getByLabel('Message to the parent')
      .fill('Hello Sam, this is Pat. When is a good time to call?');
    await page.getByRole('button', { name: 'Send to parent' }).click();
    await page.getByRole('alert').getByText('Sent to the parent.').waitFor();
    await sink.waitFor(seen + 1);
    expect(textsSince(sink, seen)).toEqual(['Hello Sam, this is Pat. When is a good time to call?']);

    // The parent's answer shows up in the conversation, live.
    await parent.says('After 3pm is best, thank you');
    await page.locator('#transcript').getByText('After 3pm is best, thank you').waitFor();
    await page.getByText('In progress · Oakfield Primary School').waitFor();
    expect(await accessibilityViolations(page)).toEqual([]);
    await screenshot(page, '3-case');

    // Closed with an outcome; the parent is told and asked for feedback.
    seen = sink.requests.length;
    await page.getByText('Close the case', { exact: true }).click();
    await page.getByLabel('Outcome').selectOption({ label: 'Signposted to another service' });
    await page.getByLabel('Closing note (optional)').fill('Gave details of a sleep clinic');
    await page.getByRole('button', { name: 'Close case' }).click();
    await page.getByRole('alert').getByText('Case closed. The parent has been asked for feedback.').waitFor();
    await sink.waitFor(seen + 2);
    expect(textsSince(sink, seen)).toEqual([
      expect.stringContaining(`(reference ${referral.reference}) is now closed`),
      expect.stringContaining('Reply with a number from 1 (not helpful) to 5'),
    ]);
    await page.getByText('Closed: Signposted · Oakfield Primary School').waitFor();

    // The parent's rating appears on the case page.
    await parent.says('4');
    await page.locator('#feedback').getByText('4 out of 5').waitFor();
    expect(await accessibilityViolations(page)).toEqual([]);
    await screenshot(page, '4-closed');
  });

  it("shows a manager the audit log, and keeps a PSW out of another school's case", async () => {
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(/\/console\/login/);
    const riverside = await new TestParent(t.url, sink.url).opensCase(t.app, { schoolId: 'riverside-high' });

    // Pat works only at Oakfield: Riverside's case is "not found".
    await page.getByLabel('E-mail address').fill('pat@example.org');
    await page.getByLabel('Password').fill(TEST_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${t.url}/console`);
    await page.goto(`${t.url}/console/cases/${riverside.id}`);
    await page.getByRole('heading', { level: 1, name: 'Case not found' }).waitFor();
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(/\/console\/login/);

    await addStaff(t.app, {
      email: 'lee@example.org',
      displayName: 'Lee Manager',
      role: 'manager',
      schools: ['area:liverpool'],
    });
    await page.getByLabel('E-mail address').fill('lee@example.org');
    await page.getByLabel('Password').fill(TEST_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${t.url}/console`);
    await page.getByRole('link', { name: 'Audit log' }).click();
    await page.waitForURL(`${t.url}/console/audit`);
    const rows = page.locator('#audit-rows');
    await rows.getByText('case.view_refused').waitFor();
    await expectText(rows, ['Pat Example', 'case.claim', 'case.close', 'signposted', 'case.reply']);
    expect(await accessibilityViolations(page)).toEqual([]);
    await screenshot(page, '5-audit');
  });
});

async function expectText(
  locator: { textContent: () => Promise<string | null> },
  parts: string[],
): Promise<void> {
  const text = (await locator.textContent()) ?? '';
  for (const part of parts) expect(text).toContain(part);
}
