import { smsIdentity } from '../../src/domain/smsIdentity';
import { conversationKeyFor } from '../../src/domain/conversationKey';
import { startFakeTwilio } from '../support/fakeTwilio';
import { beforeConsentSentence } from '../support/content';
import { caseProps } from '../support/factories';
import { inboundFields, newMessageSid, postSigned, twilioEnv, waitForTurn } from '../support/smsParent';
import { startTestApp, type TestApp } from '../support/testApp';

/**
 * Issue 10, "nothing lost, nothing twice" by SMS: replies survive a long Twilio outage (up to the
 * retry horizon, then the PSW is told), and a send whose answer was lost goes at most once.
 */
const PARENT = '+447700900123';
const SERVICE = '+447700900001';

type FakeTwilio = Awaited<ReturnType<typeof startFakeTwilio>>;

async function text(app: TestApp, body: string): Promise<string> {
  const messageSid = newMessageSid();
  const response = await postSigned(
    app.url,
    '/api/sms',
    inboundFields({ from: PARENT, to: SERVICE, body, messageSid }),
  );
  expect(response.status).toBe(200);
  return messageSid;
}

async function until(condition: () => boolean | Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('SMS while Twilio is down or slow', () => {
  let fake: FakeTwilio;
  let app: TestApp | undefined;
  beforeEach(async () => {
    fake = await startFakeTwilio();
  });
  afterEach(async () => {
    await app?.dispose();
    app = undefined;
    await fake.close();
  });

  const start = async (env: Record<string, string> = {}) => {
    app = await startTestApp({
      ...twilioEnv(fake),
      TWILIO_SEND_RETRIES: '0',
      SMS_SWEEP_INTERVAL_MS: '100',
      ...env,
    });
    return app;
  };

  it('still answers a parent once Twilio is back after more failed tries than it used to allow', async () => {
    const running = await start();
    fake.failAll({ status: 503 });
    const messageSid = await text(running, 'Hello');
    // Six tries (the old limit gave up after five), spaced out by the backoff.
    await until(() => fake.requests() >= 6);
    expect((await running.app.stores.sms.inbox.get(messageSid))?.status).toBe('pending');
    fake.stopFailing();
    await waitForTurn(running.app, messageSid, 15_000);
    // The first text's reply, once: one text with the welcome and what is kept before consent.
    expect(fake.textsTo(PARENT).map((t) => t.body)).toEqual([
      expect.stringContaining(running.app.content.sms.welcome) as string,
    ]);
    expect(fake.textsTo(PARENT)[0]?.body).toContain(beforeConsentSentence(running.app.content, true));
    expect((await running.app.stores.sms.inbox.get(messageSid))?.outcome).toBe('replied');
  });

  it('drops replies older than the retry horizon with a log line, and tells the PSW on the case', async () => {
    const running = await start({ SMS_RETRY_HORIZON_SECONDS: '1' });
    const { conversationId } = smsIdentity(running.app.sealer, 'twilio', PARENT, SERVICE);
    const conversationKey = conversationKeyFor(running.app.sealer, 'sms', conversationId);
    const opened = await running.app.cases.open(
      caseProps({ channelId: 'sms', conversationKey, conversationRef: { channelId: 'sms' } }),
    );
    fake.failAll({ status: 503 });
    const messageSid = await text(running, 'Hello');
    await waitForTurn(running.app, messageSid, 15_000);
    fake.stopFailing();

    expect((await running.app.stores.sms.inbox.get(messageSid))?.outcome).toBe('expired');
    expect(running.logLines().some((l) => l.includes('replies to a text dropped'))).toBe(true);
    const theCase = await running.app.stores.cases.get(opened.id);
    expect(theCase?.history.at(-1)).toMatchObject({
      by: 'system',
      action: 'reply_not_sent',
      reason: 'sms_provider_down',
    });
    // Twilio is back: nothing a day late goes out.
    await new Promise((r) => setTimeout(r, 500));
    expect(fake.textsTo(PARENT)).toEqual([]);
  });

  it('sends a reply once when Twilio took it but its answer timed out', async () => {
    const running = await start({ TWILIO_TIMEOUT_MS: '300' });
    fake.hangNext(1);
    const messageSid = await text(running, 'Hello');
    await waitForTurn(running.app, messageSid, 15_000);
    // Looked up in Twilio's message list before any second send: one text, recorded as sent.
    expect(fake.lookups()).toBeGreaterThan(0);
    // Each reply of the turn (the welcome and the sentence on what is kept) texted exactly once.
    const texts = fake.textsTo(PARENT);
    const outbound = await running.app.stores.sms.outbox.listTurn(messageSid);
    expect(texts).toHaveLength(outbound.length);
    expect(new Set(texts.map((t) => t.body)).size).toBe(texts.length);
    expect(outbound.map((o) => o.providerSid).sort()).toEqual(texts.map((t) => t.sid).sort());
  });

  it('sends a reply again when Twilio answered 500 without creating it', async () => {
    const running = await start({ TWILIO_TIMEOUT_MS: '300' });
    // A 500 does not say whether Twilio created the text: it is looked up, not found, sent once.
    fake.failNext(1, { status: 500 });
    const messageSid = await text(running, 'Hello');
    await waitForTurn(running.app, messageSid, 15_000);
    expect(fake.lookups()).toBeGreaterThan(0);
    const texts = fake.textsTo(PARENT);
    expect(texts).toHaveLength((await running.app.stores.sms.outbox.listTurn(messageSid)).length);
    expect(new Set(texts.map((t) => t.body)).size).toBe(texts.length);
  });
});
