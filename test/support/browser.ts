import { chromium, type BrowserContext, type Frame, type Locator, type Page } from 'playwright-core';
import { makeTempDir } from './tempDir';

/**
 * Real-Chromium helpers for the web chat: Debian's /usr/bin/chromium through playwright-core,
 * with a fresh profile each time and no network beyond what a test routes itself.
 */
export const CHROMIUM_PATH = '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export const PHONE_VIEWPORT = { width: 390, height: 844 };
export const DESKTOP_VIEWPORT = { width: 1280, height: 800 };

export interface BrowserSession {
  context: BrowserContext;
  page: Page;
  /** Console errors and Content-Security-Policy violations seen by any page, for asserting there were none. */
  problems: string[];
  close: () => Promise<void>;
}

/** Launches Chromium on a fresh user-data-dir and opens one page. */
export async function launchBrowser(
  options: { viewport?: { width: number; height: number } } = {},
): Promise<BrowserSession> {
  const profile = await makeTempDir('psa-chromium-');
  const context = await chromium.launchPersistentContext(profile.dir, {
    executablePath: CHROMIUM_PATH,
    args: CHROMIUM_ARGS,
    headless: true,
    viewport: options.viewport ?? DESKTOP_VIEWPORT,
    locale: 'en-GB',
  });
  const problems: string[] = [];
  const watch = (page: Page) => {
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(`console: ${message.text()}`);
    });
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  };
  context.on('page', watch);
  const page = context.pages()[0] ?? (await context.newPage());
  watch(page);
  return {
    context,
    page,
    problems,
    close: async () => {
      await context.close();
      await profile.remove();
    },
  };
}

/** The widget's shadow-DOM launcher button on a school page. */
export function launcher(page: Page): Locator {
  return page.getByRole('button', { name: 'Parent support chat' });
}

/** Opens the demo school page (or another path) and waits for the widget's launcher. */
export async function openDemoPage(page: Page, baseUrl: string, path = '/'): Promise<void> {
  await page.goto(`${baseUrl}${path}`);
  await launcher(page).waitFor({ state: 'visible', timeout: 15_000 });
}

/** Clicks the launcher and resolves with the chat iframe once Web Chat's send box is ready. */
export async function openWidget(page: Page): Promise<Frame> {
  await launcher(page).click();
  const frameElement = await page.waitForSelector('[data-parent-support-chat] >> css=iframe', {
    timeout: 15_000,
  });
  const frame = await frameElement.contentFrame();
  if (!frame) throw new Error('the chat iframe has no frame');
  await sendBox(frame).waitFor({ state: 'visible', timeout: 30_000 });
  return frame;
}

/** The chat frame on a page where the widget is already open (e.g. after a reload). */
export async function chatFrame(page: Page): Promise<Frame> {
  const frameElement = await page.waitForSelector('[data-parent-support-chat] >> css=iframe', {
    timeout: 15_000,
  });
  const frame = await frameElement.contentFrame();
  if (!frame) throw new Error('the chat iframe has no frame');
  await sendBox(frame).waitFor({ state: 'visible', timeout: 30_000 });
  return frame;
}

export function sendBox(frame: Frame | Page): Locator {
  return frame.locator('[data-id="webchat-sendbox-input"]');
}

/** Types a message into Web Chat's send box and sends it with Enter, as a parent would. */
export async function sendMessage(frame: Frame | Page, text: string): Promise<void> {
  const input = sendBox(frame);
  await input.click();
  await input.fill(text);
  await input.press('Enter');
}

/** Web Chat renders bot text as Markdown, which turns straight quotes into typographic ones. */
export function plainQuotes(text: string): string {
  return text.replace(/[\u2018\u2019]/g, "'").replace(/[\u201c\u201d]/g, '"');
}

/** A pattern for text as Web Chat shows it: either kind of quote matches. */
function shownText(text: string): RegExp {
  const escaped = plainQuotes(text).replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(escaped.replace(/'/g, "['\u2018\u2019]").replace(/"/g, '["\u201c\u201d]'));
}

/** Waits until the transcript shows a message from the bot containing the text. */
export async function waitForBotReply(
  frame: Frame | Page,
  text: string,
  timeoutMs = 20_000,
): Promise<Locator> {
  const reply = frame
    .locator('.webchat__bubble:not(.webchat__bubble--from-user) .webchat__bubble__content')
    .filter({ hasText: shownText(text) })
    .first();
  await reply.waitFor({ state: 'visible', timeout: timeoutMs });
  return reply;
}

/** Waits until the transcript shows the parent's own message, sent (not pending or failed). */
export async function waitForOwnMessage(
  frame: Frame | Page,
  text: string,
  timeoutMs = 20_000,
): Promise<Locator> {
  const message = frame
    .locator('.webchat__bubble--from-user .webchat__bubble__content')
    .filter({ hasText: shownText(text) })
    .first();
  await message.waitFor({ state: 'visible', timeout: timeoutMs });
  return message;
}

/** The suggested actions (buttons under the last bot message) Web Chat shows now, by their text. */
export function suggestedActionButtons(frame: Frame | Page): Locator {
  return frame.locator('.webchat__suggested-actions button.webchat__suggested-action');
}

/** The texts of the suggested actions shown now. */
export async function suggestedActions(frame: Frame | Page): Promise<string[]> {
  return (await suggestedActionButtons(frame).allInnerTexts()).map((t) => t.trim());
}

/** Waits for a suggested action with exactly this text; resolves with its button. */
export async function suggestedAction(
  frame: Frame | Page,
  text: string,
  timeoutMs = 20_000,
): Promise<Locator> {
  const button = suggestedActionButtons(frame).filter({
    hasText: new RegExp(`^\\s*${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*$`),
  });
  await button.waitFor({ state: 'visible', timeout: timeoutMs });
  return button;
}

/** Clicks the suggested action with this text, as a parent choosing from the buttons would. */
export async function chooseSuggestedAction(frame: Frame | Page, text: string): Promise<void> {
  await (await suggestedAction(frame, text)).click();
}

/** Every message text in the transcript, in order (typographic quotes made plain). */
export async function transcriptTexts(frame: Frame | Page): Promise<string[]> {
  return (await frame.locator('.webchat__bubble__content').allInnerTexts()).map((t) => plainQuotes(t.trim()));
}

/** Polls `read` until `accept` holds (or the time is up), resolving with the last value read. */
export async function eventually<T>(
  read: () => Promise<T>,
  accept: (value: T) => boolean,
  timeoutMs = 10_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (accept(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
