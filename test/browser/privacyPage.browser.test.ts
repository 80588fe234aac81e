import AxeBuilder from '@axe-core/playwright';
import { launchBrowser, PHONE_VIEWPORT } from '../support/browser';
import { contentWithController, FICTIONAL_CONTROLLER } from '../support/content';
import { startTestApp, type TestApp } from '../support/testApp';

/** The full privacy notice's public page (`GET /privacy`), linked from the short notice by SMS, on a phone. */
describe('the privacy notice page in a real Chromium', () => {
  let app: TestApp;
  let content: { dir: string; remove: () => Promise<void> };
  beforeAll(async () => {
    content = await contentWithController();
    app = await startTestApp({}, { contentDir: content.dir });
  });
  afterAll(async () => {
    await app.dispose();
    await content.remove();
  });

  it('reads on a phone with no accessibility violations, no sideways scrolling and no console errors', async () => {
    const browser = await launchBrowser({ viewport: PHONE_VIEWPORT });
    try {
      const { page } = browser;
      await page.goto(`${app.url}/privacy`);
      await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe(
        app.app.content.privacy.layered.pageTitle,
      );
      await expect(page.getByRole('main').textContent()).resolves.toContain(FICTIONAL_CONTROLLER.name);
      await expect(page.getByRole('link', { name: 'https://ico.org.uk' }).count()).resolves.toBe(1);
      const accessibility = await new AxeBuilder({ page }).analyze();
      expect(accessibility.violations.map((v) => v.id)).toEqual([]);
      const widths = await page.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
      expect(widths[0]).toBeLessThanOrEqual(widths[1]!);
      expect(browser.problems).toEqual([]);
    } finally {
      await browser.close();
    }
  });
});
