import type { Page } from 'playwright-core';
import { accessibilityViolations, launchBrowser, screenshot } from '../support/consoleBrowser';
import { TEST_PASSWORD, addStaff } from '../support/console';
import { TestParent } from '../support/parent';
import { makeReferral } from '../support/referral';
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
    t = await startTestApp(
      { ALLOWED_SERVICE_URLS: sink.url },
      { now: () => new Date('2026-11-23T10:00:00Z') },
    );
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

    // A parent makes a whole referral through the bot (/api/messages, replies to the sink); it
    // appears in the open queue without a reload.
    const parent = new TestParent(t.url, sink.url);
    const say = async (text: string) => {
      const before = sink.requests.length;
      await parent.says(text);
      return textsSince(sink, before);
    };
    await say('Hello');
    const { reference } = await makeReferral(say, { safeToText: 'No', safeToLeaveMessage: 'Yes' });
    const referral = await t.app.stores.cases.getByReference(reference);
    if (!referral) throw new Error('the referral made through the bot is not in the store');
    const row = page.locator('#case-rows > li').filter({ hasText: referral.reference });
    await row.waitFor();
    await expectText(row, ['Referral', 'Sam', 'Oakfield Primary School', 'Routines and sleep', 'Waiting']);
    expect(await accessibilityViolations(page)).toEqual([]);
    await screenshot(page, '2-queue');

    // Claimed from the queue with the keyboard.
    await page.getByRole('button', { name: `Claim case ${referral.reference}` }).focus();
    await page.keyboard.press('Enter');
    await page.waitForURL(`${t.url}/console/cases/${referral.id}`);
    await page.getByRole('heading', { level: 1, name: `Referral ${referral.reference}` }).waitFor();
    await page.getByText('Claimed · Oakfield Primary School').waitFor();
    // Every answer the parent gave, in words; "not safe to text" where it cannot be missed.
    await page.locator('#case-warning').getByText('not safe to text them').waitFor();
    expect(await definitionList(page, '#contact')).toEqual([
      'How to contact them: Phone call',
      'Phone: 07700 900123',
      'Best time: Afternoon',
      'Safe to text?: Important: No: do not text them',
      'Safe to leave a voicemail?: Yes',
    ]);
    expect(await definitionList(page, '#details')).toEqual([
      "Parent's name: Sam Sample",
      "Child's first name: Alex",
      'Year group: Year 3',
      'What it is about: Routines and sleep',
      'In their words: Bedtime is a battle every night and he is tired at school.',
      'Things at home (0–10): 6 at referral',
      expect.stringMatching(/^Privacy notice: Agreed to version .+ \(Mon 23 Nov, \d\d:00\)$/),
    ]);
    expect(await accessibilityViolations(page)).toEqual([]);
    await screenshot(page, '3-case-claimed');

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
    await screenshot(page, '4-case-in-progress');

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
      expect.stringContaining('Choose from 1 (not helpful) to 5'),
    ]);
    await page.getByText('Closed: Signposted · Oakfield Primary School').waitFor();

    // The parent's rating (not the menu's fourth choice) and comment appear on the case page.
    expect(await say('4')).toEqual([expect.stringContaining('anything you would like to tell us')]);
    expect(await say('Pat was very helpful')).toEqual([t.app.content.handoff.askWellbeing]);
    expect(await say('7')).toEqual([expect.stringContaining('Thank you for your feedback')]);
    await page.locator('#feedback').getByText('4 out of 5 – “Pat was very helpful”').waitFor();
    // The 0–10 answer at close beside the one given at referral.
    await page.reload();
    await page.locator('#details').getByText('6 at referral → 7 at close').waitFor();
    expect(await definitionList(page, '#details')).toContain(
      'Things at home (0–10): 6 at referral → 7 at close',
    );
    expect(await accessibilityViolations(page)).toEqual([]);
    await screenshot(page, '5-closed');
  });

  it('puts a parent who asks the bot for a person in the queue, and tells them when a PSW joins', async () => {
    const parent = new TestParent(t.url, sink.url);
    const say = async (text: string) => {
      const before = sink.requests.length;
      await parent.says(text);
      return textsSince(sink, before);
    };
    await say('Hello');
    await say('I would like to talk to a person');
    const queued = await say('Yes, I agree');
    expect(queued).toEqual([expect.stringContaining('You are number 1 in the queue for a PSW')]);
    const reference = /Your reference is ([2-9A-Z]{3}-[2-9A-Z]{3})/.exec(queued[0] ?? '')?.[1] ?? '';
    expect(await say('Is anyone there? It is about my son')).toEqual([
      expect.stringContaining('will see that'),
    ]);

    await page.goto(`${t.url}/console`);
    const row = page.locator('#case-rows > li').filter({ hasText: reference });
    await row.waitFor();
    await expectText(row, ['Live chat: parent waiting', 'Oakfield Primary School', 'Waiting']);
    await row.getByRole('link', { name: reference }).click();
    await page.getByRole('heading', { level: 1, name: `Live chat ${reference}` }).waitFor();
    await page.locator('#transcript').getByText('Is anyone there? It is about my son').waitFor();
    expect(await accessibilityViolations(page)).toEqual([]);
    await screenshot(page, '6-live-chat-waiting');

    const seen = sink.requests.length;
    await page.getByRole('button', { name: 'Claim this case' }).click();
    await page.getByRole('alert').getByText('The parent has been told a person has joined.').waitFor();
    await sink.waitFor(seen + 1);
    expect(textsSince(sink, seen)).toEqual([
      'Pat, a Parent Support Worker, has joined the chat. You are now talking to a person.',
    ]);
    expect(await say('Thank you. He will not go to school')).toEqual([]);
    await page.locator('#transcript').getByText('Thank you. He will not go to school').waitFor();
    expect(await accessibilityViolations(page)).toEqual([]);
    await screenshot(page, '7-live-chat-claimed');
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
    await rows.getByText("Tried to open another school's case").waitFor();
    await expectText(rows, [
      'Pat Example',
      'Claimed a case',
      'Closed a case',
      'Signposted',
      'Wrote to a parent',
    ]);
    expect(await accessibilityViolations(page)).toEqual([]);
    await screenshot(page, '8-audit');

    // The privacy tools list the consents to the notice (the referral's parent agreed to it).
    await page.goto(`${t.url}/console/privacy`);
    const consents = page.locator('#consent-rows > tr');
    await consents.first().waitFor();
    await expectText(consents.first(), [t.app.content.privacy.version, 'oakfield-primary']);
    expect(await accessibilityViolations(page)).toEqual([]);
  });

  it("puts a risk message first in the queue, in words, with the parent's sentence on the case", async () => {
    // Signed in as Lee (the area's manager) from the test before.
    await page.goto(`${t.url}/console`);
    const risk = 'My partner hit me last night and I am scared of him.';
    const parent = new TestParent(t.url, sink.url);
    await parent.says('Hello');
    await parent.says(risk);
    const [opened] = await t.app.stores.cases.list({ kind: 'safeguarding' });
    if (!opened) throw new Error('the risk message opened no case');

    const first = page.locator('#case-rows > li').first();
    await first.getByText(opened.reference).waitFor();
    await expectText(first, [
      'Urgent',
      'Domestic abuse by a partner',
      'Safeguarding',
      'Oakfield Primary School',
    ]);
    expect(await accessibilityViolations(page)).toEqual([]);
    await screenshot(page, '9-queue-safeguarding');

    await first.getByRole('link', { name: opened.reference }).click();
    await page
      .getByRole('heading', { level: 1, name: `Safeguarding ${opened.reference} (urgent)` })
      .waitFor();
    await page
      .locator('#case-warning')
      .getByText(/Safeguarding concern: .*Domestic abuse by a partner/)
      .waitFor();
    // The emergency message as the parent read it, its tap-to-call links as plain numbers.
    await page
      .locator('#transcript')
      .getByText('National Domestic Abuse Helpline on 0808 2000 247.')
      .waitFor();
    expect(await definitionList(page, '#details')).toEqual(
      expect.arrayContaining([`What raised it: ${risk}`]),
    );
    expect(await accessibilityViolations(page)).toEqual([]);
    await screenshot(page, '10-case-safeguarding');
  });
});

async function expectText(
  locator: { textContent: () => Promise<string | null> },
  parts: string[],
): Promise<void> {
  const text = (await locator.textContent()) ?? '';
  for (const part of parts) expect(text).toContain(part);
}

/** A definition list as "term: definition" lines, as a screen reader would read them. */
async function definitionList(page: Page, selector: string): Promise<string[]> {
  return await page
    .locator(selector)
    .evaluate((list) =>
      Array.from(list.querySelectorAll('dt')).map(
        (dt) => `${dt.textContent ?? ''}: ${dt.nextElementSibling?.textContent ?? ''}`,
      ),
    );
}
