import AxeBuilder from '@axe-core/playwright';
import type { Page } from 'playwright-core';

/** Debian's Chromium with a fresh profile (the same launcher as the web chat's browser tests). */
export { launchBrowser } from './browser';

/** axe-core's WCAG 2.x A/AA rules on the page as it is now: the violations, summarised. */
export async function accessibilityViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'])
    .analyze();
  return results.violations.map(
    (v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`,
  );
}

/** Saves a screenshot when CONSOLE_SCREENSHOTS names a directory (for a person to look at). */
export async function screenshot(page: Page, name: string): Promise<void> {
  const directory = process.env.CONSOLE_SCREENSHOTS;
  if (directory) await page.screenshot({ path: `${directory}/${name}.png`, fullPage: true });
}
