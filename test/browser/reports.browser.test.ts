import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { accessibilityViolations, launchBrowser, screenshot } from '../support/consoleBrowser';
import { TEST_PASSWORD, addStaff } from '../support/console';
import { TestParent } from '../support/parent';
import { startReplySink } from '../support/replySink';
import { startTestApp, type TestApp } from '../support/testApp';

jest.setTimeout(90_000);

describe('reports in Chromium', () => {
  let sink: Awaited<ReturnType<typeof startReplySink>>;
  let t: TestApp;
  let clock = new Date('2026-09-07T09:00:00Z');
  let browser: Awaited<ReturnType<typeof launchBrowser>>;
  let page: Page;

  beforeAll(async () => {
    sink = await startReplySink();
    t = await startTestApp({}, { now: () => clock });
    browser = await launchBrowser();
    page = await browser.context.newPage();
  });
  afterAll(async () => {
    await browser?.close();
    await t?.dispose();
    await sink?.close();
  });

  /** Seven referrals at Oakfield in September (five closed), three at Riverside in October. */
  async function seed() {
    const topics = [
      'attendance',
      'attendance',
      'behaviour',
      'routines_sleep',
      'attendance',
      'behaviour',
      'send',
    ];
    for (const [i, topic] of topics.entries()) {
      clock = new Date(`2026-09-${String(7 + i).padStart(2, '0')}T09:00:00Z`);
      const c = await new TestParent(t.url, sink.url).opensCase(t.app, {
        details: { parentName: 'Sam Sample', topic, words: 'made up' },
      });
      if (i >= 5) continue;
      await t.app.cases.transition({ caseId: c.id, action: 'claim', actorId: 'psw-1' });
      clock = new Date(clock.getTime() + 3 * 3_600_000);
      await t.app.cases.record({
        caseId: c.id,
        event: 'contact_attempt',
        actorId: 'psw-1',
        reason: 'phone:reached',
      });
      await t.app.cases.transition({
        caseId: c.id,
        action: 'close',
        actorId: 'psw-1',
        outcome: 'resolved',
        closure: { areas: ['attendance_improved', 'parent_more_confident'] },
      });
    }
    for (let i = 0; i < 3; i++) {
      clock = new Date(`2026-10-1${i}T12:00:00Z`);
      await new TestParent(t.url, sink.url).opensCase(t.app, {
        schoolId: 'riverside-high',
        details: { parentName: 'Alex Example', topic: 'behaviour', words: 'made up' },
      });
    }
  }

  it('lets a manager filter by school and term, read the charts and their tables, download the CSV and print one page', async () => {
    await seed();
    await addStaff(t.app, {
      email: 'lee@example.org',
      displayName: 'Lee Manager',
      role: 'manager',
      schools: ['area:liverpool'],
    });
    await page.goto(`${t.url}/console/reports`);
    await page.waitForURL(/\/console\/login\?next=/);
    await page.getByLabel('E-mail address').fill('lee@example.org');
    await page.getByLabel('Password').fill(TEST_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(/\/console\/reports/);
    await page.getByRole('heading', { name: 'Summary by school' }).waitFor();

    // Choosing a term fills the dates with it and groups by term.
    const firstTerm = page.getByLabel('Term', { exact: true }).locator('option').nth(1);
    const termValue = (await firstTerm.getAttribute('value')) ?? '';
    await page.getByLabel('Term', { exact: true }).selectOption(termValue);
    expect(await page.getByLabel('From', { exact: true }).inputValue()).toBe(termValue.split('|')[0]);
    expect(await page.getByLabel('Group by').inputValue()).toBe('term');

    await page.getByLabel('School', { exact: true }).selectOption({ label: 'Oakfield Primary School' });
    await page.getByLabel('From', { exact: true }).fill('2026-09-01');
    await page.getByLabel('To', { exact: true }).fill('2026-12-31');
    await page.getByRole('button', { name: 'Show' }).click();
    await page.waitForURL(/school=oakfield-primary.*period=term/);
    await page
      .getByRole('heading', { name: 'Parent Support Worker service: Oakfield Primary School' })
      .waitFor();

    const summary = page.locator('#summary-table');
    await summary.getByRole('rowheader', { name: 'Oakfield Primary School' }).waitFor();
    expect(await summary.locator('tbody tr').count()).toBe(1);
    const cells = await summary.locator('tbody tr td').allTextContents();
    expect(cells.slice(0, 6)).toEqual(['7', '7', '0', '0', '<5', '5']);
    // Every chart with figures is drawn, and each has a table with them; no help was shown here,
    // and every topic is below 5, so its chart is left out (its table still says "<5").
    expect(await page.locator('#charts canvas').count()).toBe(4);
    await page
      .getByRole('region', { name: 'What it was about' })
      .getByText('Every figure is below 5, so none is drawn.')
      .waitFor();
    await page
      .getByRole('region', { name: 'Help the assistant pointed families to' })
      .getByText('Nothing to show.')
      .waitFor();
    const referralsTable = page.getByRole('table', { name: 'Referrals by term (figures)' });
    await referralsTable.getByRole('rowheader', { name: 'Autumn term 2026' }).waitFor();
    expect(await referralsTable.locator('tbody td').allTextContents()).toEqual(['7']);
    const topicsTable = page.getByRole('table', { name: 'What it was about (figures)' });
    expect(await topicsTable.locator('tbody tr').allTextContents()).toEqual([
      'Getting to school<5',
      'Behaviour<5',
      'Routines and sleep<5',
      'Special educational needs (SEN)<5',
    ]);
    const areasTable = page.getByRole('table', { name: 'What changed (figures)' });
    expect(await areasTable.locator('tbody tr').allTextContents()).toEqual([
      'Attendance improved5',
      'Parent more confident5',
    ]);
    expect(await accessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'reports-1280');

    // The CSV download has the same figures.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Download figures (CSV)' }).click(),
    ]);
    const csv = await readFile((await download.path()) ?? '', 'utf8');
    expect(csv).toMatch(
      /^oakfield-primary,Oakfield Primary School,2026-27-1-autumn,Autumn term 2026,7,7,0,/m,
    );
    expect(csv).not.toMatch(/riverside/);

    // Printed, it is one A4 page with the school's name and the term.
    await page.emulateMedia({ media: 'print' });
    expect(await page.getByRole('link', { name: 'Download figures (CSV)' }).isVisible()).toBe(false);
    await screenshot(page, 'reports-print');
    const pdf = (await page.pdf({ format: 'A4', printBackground: true })).toString('latin1');
    expect(pdf.match(/\/Type\s*\/Page[^s]/g)).toHaveLength(1);
    await page.emulateMedia({ media: 'screen' });

    // Years later the retention sweep deletes the closed cases: the same figures, and the page
    // says which come from the counts kept for reports.
    expect(await page.locator('#retained-note').isVisible()).toBe(false);
    clock = new Date('2029-01-15T09:00:00Z');
    expect((await t.app.privacy.runSweep()).closed_cases).toBe(5);
    await page.reload();
    const note = page.getByText('Deleted under the retention policy: 5 cases and 0 ratings');
    await note.waitFor();
    await summary.getByRole('rowheader', { name: 'Oakfield Primary School' }).waitFor();
    expect(await summary.locator('tbody tr td').allTextContents()).toEqual(cells);
    expect(await areasTable.locator('tbody tr').allTextContents()).toEqual([
      'Attendance improved5',
      'Parent more confident5',
    ]);
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.emulateMedia({ media: 'print' });
    expect(await note.isVisible()).toBe(true);
    await screenshot(page, 'reports-print-after-retention');
    const afterPdf = (await page.pdf({ format: 'A4', printBackground: true })).toString('latin1');
    expect(afterPdf.match(/\/Type\s*\/Page[^s]/g)).toHaveLength(1);
    await page.emulateMedia({ media: 'screen' });
  });
});
