import { contentForProduction } from '../support/content';
import { randomBytes } from 'node:crypto';
import AxeBuilder from '@axe-core/playwright';
import { launchBrowser, PHONE_VIEWPORT } from '../support/browser';
import { startFakeTwilio } from '../support/fakeTwilio';
import { twilioEnv } from '../support/smsParent';
import { startTestApp, type TestApp } from '../support/testApp';

interface SimulatedTexts {
  phone: string;
  texts: Array<{ direction: 'in' | 'out'; body: string; segments: number }>;
}

const simulatedTexts = async (app: TestApp, phone: string): Promise<SimulatedTexts> =>
  (await (
    await fetch(`${app.url}/dev/sms/api/texts?phone=${encodeURIComponent(phone)}`)
  ).json()) as SimulatedTexts;

describe('SMS simulator (/dev/sms) without Twilio', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(() => app.dispose());

  it('lets a person text the assistant as a pretend phone and read its replies', async () => {
    const browser = await launchBrowser({ viewport: PHONE_VIEWPORT });
    try {
      const { page } = browser;
      await page.goto(`${app.url}/dev/sms`);
      await page.getByLabel('Pretend phone number').fill('07700 900321');
      await page.getByLabel('Pretend phone number').dispatchEvent('change');
      await page.getByLabel('Texting').selectOption({ label: 'Oakfield Primary School' });
      await page.getByLabel('Message').fill('Hello');
      await page.getByRole('button', { name: 'Send' }).click();
      const reply = page.locator('#texts li.from-service').first();
      await reply.waitFor({ timeout: 10_000 });
      await expect(reply.locator('p').textContent()).resolves.toContain('I am automated, not a person');
      await expect(reply.locator('small').textContent()).resolves.toMatch(/2 segment\(s\)/);
      await expect(page.locator('#conversation-phone').textContent()).resolves.toBe('+447700900321');
      await page.waitForTimeout(1500); // a few more polls: nothing is shown twice
      // The text sent, and one text back: the welcome, what is kept before the privacy notice, one question.
      await expect(page.locator('#texts li').count()).resolves.toBe(2);
      const accessibility = await new AxeBuilder({ page }).analyze();
      expect(accessibility.violations.map((v) => v.id)).toEqual([]);
    } finally {
      await browser.close();
    }
  });

  it('shows texts sent outside a conversation (staff alerts), since Twilio is not configured', async () => {
    await app.app.smsSender.send({
      to: '07700 900555',
      body: 'Urgent case at Oakfield Primary — please check the console.',
      purpose: 'staff_alert',
    });
    const { texts } = await simulatedTexts(app, '+447700900555');
    expect(texts).toEqual([
      {
        direction: 'out',
        body: 'Urgent case at Oakfield Primary - please check the console.',
        segments: 1,
        id: expect.any(Number) as number,
        at: expect.any(String) as string,
        phone: '+447700900555',
        serviceNumber: 'simulator',
      },
    ]);
  });

  it('refuses a phone number that cannot be one', async () => {
    const response = await fetch(`${app.url}/dev/sms/api/texts`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ phone: 'not a phone', service: 'service', text: 'hi' }),
    });
    expect(response.status).toBe(400);
  });
});

describe('SMS simulator in production', () => {
  it('is not there', async () => {
    const fake = await startFakeTwilio();
    const content = await contentForProduction();
    const app = await startTestApp(
      {
        ...twilioEnv(fake),
        NODE_ENV: 'production',
        DATA_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
      },
      { contentDir: content.dir },
    );
    try {
      expect((await fetch(`${app.url}/dev/sms`)).status).toBe(404);
      expect((await fetch(`${app.url}/dev/sms/api/setup`)).status).toBe(404);
    } finally {
      await app.dispose();
      await fake.close();
      await content.remove();
    }
  });
});

describe('SmsSender with Twilio configured', () => {
  it('sends through Twilio from TWILIO_FROM_NUMBER, in GSM-7', async () => {
    const fake = await startFakeTwilio();
    const app = await startTestApp(twilioEnv(fake));
    try {
      await app.app.smsSender.send({
        to: '07700 900555',
        body: 'New urgent case “K7P-4QX”',
        purpose: 'staff_alert',
      });
      expect(fake.texts).toEqual([
        expect.objectContaining({
          to: '+447700900555',
          from: '+447700900999',
          body: 'New urgent case "K7P-4QX"',
        }),
      ]);
    } finally {
      await app.dispose();
      await fake.close();
    }
  });
});
