import { writeFile, readFile } from 'node:fs/promises';
import path from 'node:path';
import { SegmentedMessage } from 'sms-segments-calculator';
import { noticeLines } from '../../src/privacy/privacySettings';
import { contentWithController, FICTIONAL_CONTROLLER } from '../support/content';
import { startFakeTwilio } from '../support/fakeTwilio';
import { smsParent, twilioEnv } from '../support/smsParent';
import { startTestApp, type TestApp } from '../support/testApp';

/**
 * The layered privacy notice by SMS (issue 11): a short first layer in one text with a link to the
 * full notice's public page, the full notice by text on request (MORE, PRIVACY), consent after it;
 * and the page itself. The controller is filled in, as a service must before going live.
 */

/** Monday 23 November 2026, 10:00 UK time: in term, inside the demo schools' PSW hours. */
const IN_HOURS = new Date('2026-11-23T10:00:00Z');
const SERVICE = '+447700900001';
const OAKFIELD = '+447700900011';
const NOTICE_URL = 'https://psa.example.org/privacy';
type FakeTwilio = Awaited<ReturnType<typeof startFakeTwilio>>;

const oneLine = (text: string) => text.replace(/\s+/g, ' ').trim();

function segments(body: string): { encoding: string; segments: number } {
  const message = new SegmentedMessage(body);
  return { encoding: message.encodingName, segments: message.segmentsCount };
}

describe('the privacy notice by SMS, layered', () => {
  let fake: FakeTwilio;
  let app: TestApp;
  let content: { dir: string; remove: () => Promise<void> };
  let n = 0;
  beforeAll(async () => {
    content = await contentWithController();
  });
  afterAll(async () => {
    await content.remove();
  });
  beforeEach(async () => {
    fake = await startFakeTwilio();
    app = await startTestApp(twilioEnv(fake), { now: () => IN_HOURS, contentDir: content.dir });
  });
  afterEach(async () => {
    await app.dispose();
    await fake.close();
  });
  const parent = (to = SERVICE) =>
    smsParent({
      app: app.app,
      url: app.url,
      twilio: fake,
      from: `+4477009003${String(n++).padStart(2, '0')}`,
      to,
    });

  it('opens with one text: the welcome naming the school, what is kept before consent, and one question', async () => {
    const { sms } = app.app.content;
    const first = await parent(OAKFIELD).text('Hello');
    expect(first).toHaveLength(1);
    expect(segments(first[0]!)).toEqual({ encoding: 'GSM-7', segments: 2 });
    expect(first[0]).toContain('Oakfield Primary School');
    expect(first[0]).toMatch(/call 999/i);
    expect(first[0]).toContain('Until you agree to our privacy notice, we keep your texts for 30 days');
    expect(first[0]?.endsWith(sms.opening)).toBe(true);
  });

  it('sends a short notice in one text, with who holds the data, who sees it and the link to the full notice', async () => {
    const { privacy } = app.app.content;
    const sam = parent();
    await sam.text('Hello');
    const notice = await sam.text('yes');
    expect(notice).toHaveLength(1);
    expect(segments(notice[0]!)).toEqual({ encoding: 'GSM-7', segments: 2 });
    for (const words of [
      FICTIONAL_CONTROLLER.name,
      'only to help your family',
      'PSWs and their managers see it',
      'If anyone could be harmed, we must tell those who keep them safe',
      `Full notice: ${NOTICE_URL}`,
      privacy.layered.smsAgreePrompt,
    ])
      expect(notice[0]).toContain(words);
    // Not the whole notice: the full text waits for MORE or the page.
    expect(notice[0]).not.toContain(privacy.summary[0]);
  });

  it('sends the whole notice by text on MORE, and takes the consent after it', async () => {
    const { privacy, copy } = app.app.content;
    const sam = parent();
    await sam.text('Hello');
    await sam.text('yes');
    const full = await sam.text('more');
    const all = oneLine(full.join(' '));
    for (const line of noticeLines(app.app.content, privacy.full)) expect(all).toContain(oneLine(line));
    expect(all).toContain(FICTIONAL_CONTROLLER.dpoContact);
    for (const body of full) expect(segments(body).segments).toBeLessThanOrEqual(2);
    expect(full.at(-1)).toContain(`${privacy.agreePrompt}\n1. ${privacy.agree}\n2. ${privacy.disagree}\n`);
    // Agreeing after it: recorded, and the referral goes on.
    const next = await sam.text('yes');
    expect(next.join('\n')).toContain(copy.referral.intro);
    const consents = await app.app.stores.privacy.consents.list({});
    expect(consents.map((c) => [c.version, c.channelId])).toEqual([[privacy.version, 'sms']]);
  });

  it('sends the whole notice on PRIVACY too; NO is refused politely and records nothing', async () => {
    const { privacy } = app.app.content;
    const sam = parent();
    await sam.text('Hello');
    await sam.text('yes');
    const full = oneLine((await sam.text('PRIVACY')).join(' '));
    expect(full).toContain(oneLine(noticeLines(app.app.content, privacy.full)[0]!));
    expect((await sam.text('no')).join('\n')).toContain(privacy.declined);
    expect(await app.app.stores.privacy.consents.list({})).toEqual([]);
  });

  it('asks again, saying what to reply, when the answer is not yes, no or more', async () => {
    const { privacy } = app.app.content;
    const sam = parent();
    await sam.text('Hello');
    await sam.text('yes');
    expect(await sam.text('purple')).toEqual([privacy.layered.smsAgreeRetry]);
    expect((await sam.text('I agree')).join('\n')).toContain(app.app.content.copy.referral.intro);
  });
});

describe('GET /privacy: the full notice as a public page', () => {
  let app: TestApp;
  afterEach(async () => {
    await app.dispose();
  });

  it('serves the full notice, with the controller and the retention filled in, without script', async () => {
    const content = await contentWithController();
    try {
      app = await startTestApp({}, { contentDir: content.dir });
      const response = await fetch(`${app.url}/privacy`);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(response.headers.get('content-security-policy')).toContain("default-src 'none'");
      const html = await response.text();
      expect(html).toContain('<html lang="en-GB">');
      expect(html).toContain(`<h1>${app.app.content.privacy.layered.pageTitle}</h1>`);
      expect(html).not.toMatch(/<script/i);
      expect(html).toContain(FICTIONAL_CONTROLLER.name);
      const text = html
        .replace(/<[^>]+>/g, '')
        .replace(/&#39;/g, "'")
        .replace(/&quot;/g, '"');
      for (const line of noticeLines(app.app.content, app.app.content.privacy.full))
        expect(oneLine(text)).toContain(oneLine(line));
      expect(html).toContain('<a href="https://ico.org.uk">https://ico.org.uk</a>');
      expect(html).toContain('call 999');
    } finally {
      await content.remove();
    }
  });

  it("quotes a school's own area retention with ?school=, links to it by SMS, and 404s an unknown school", async () => {
    const content = await contentWithController();
    try {
      const file = path.join(content.dir, 'privacy.json');
      const privacy = JSON.parse(await readFile(file, 'utf8')) as {
        retention: { areas: Record<string, unknown> };
      };
      privacy.retention.areas = { liverpool: { conversationDays: 14 } };
      await writeFile(file, JSON.stringify(privacy));
      const fake = await startFakeTwilio();
      try {
        app = await startTestApp(twilioEnv(fake), { now: () => IN_HOURS, contentDir: content.dir });
        const oakfield = await (await fetch(`${app.url}/privacy?school=oakfield-primary`)).text();
        expect(oakfield).toContain('is deleted after 14 days');
        const general = await (await fetch(`${app.url}/privacy`)).text();
        expect(general).toContain('is deleted after 30 days');
        for (const bad of ['no-such-school', '%3Cscript%3E']) {
          const response = await fetch(`${app.url}/privacy?school=${bad}`);
          expect(response.status).toBe(404);
          expect(await response.text()).toContain('<a href="/privacy">');
        }
        // By SMS from the school's number: the link names the school, so the parent reads their own periods.
        const sam = smsParent({
          app: app.app,
          url: app.url,
          twilio: fake,
          from: '+447700900399',
          to: OAKFIELD,
        });
        await sam.text('Hello');
        expect((await sam.text('yes')).join('\n')).toContain(`${NOTICE_URL}?school=oakfield-primary`);
      } finally {
        await fake.close();
      }
    } finally {
      await content.remove();
    }
  });
});
