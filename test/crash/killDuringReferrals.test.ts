import { smsIdentity } from '../../src/domain/smsIdentity';
import { conversationKeyFor } from '../../src/domain/conversationKey';
import { freePort, startChildApp, type ChildApp } from '../support/childApp';
import {
  DirectLineClient,
  requestToken,
  type WebChatToken,
  type WireActivity,
} from '../support/directLineClient';
import { startFakeTwilio, type CapturedText } from '../support/fakeTwilio';
import { endsReferralTurn, makeReferral } from '../support/referral';
import { inboundFields, newMessageSid, postSigned, twilioEnv } from '../support/smsParent';
import { makeTempDir } from '../support/tempDir';
import { startTestApp } from '../support/testApp';

/**
 * Issue 10's crash test: the real service as a child process (its own DATA_DIR, a fake Twilio on
 * loopback) is killed with SIGKILL while 50 parents by SMS and 20 by web chat are in the middle
 * of a self-referral, at the moment Twilio has just taken a text (before the service heard back),
 * and started again. The parents carry on as Twilio and Web Chat would (a webhook or a post that
 * got no answer is delivered again, with the same MessageSid or clientActivityID). Afterwards:
 * one case per conversation, every text and chat exactly as in a conversation without a crash
 * (nothing missing, nothing twice), and no line twice in any transcript.
 */
jest.setTimeout(180_000);

const SMS_PARENTS = 50;
const WEB_PARENTS = 20;
const SERVICE = '+447700900001';
const PUBLIC_URL = 'https://psa.example.org';
/** Kill once a third of the turns of each kind are done (a referral is about 15 messages). */
const KILL_AFTER = { web: WEB_PARENTS * 5, sms: SMS_PARENTS };
/** Web chat parents pause before each message (SMS turns are slower), so both are mid-referral then. */
const WEB_THINK_MS = 400;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const smsNumber = (i: number) => `+4477009001${String(i).padStart(2, '0')}`;
/** What differs between two identical conversations: the case reference, the number's last digits. */
const normalise = (text: string) =>
  text
    .replace(/\b[2-9A-Z]{3}-[2-9A-Z]{3}\b/g, 'REF')
    .replace(/(ends in|ending) \d+/g, '$1 NNN')
    .replace(/07700 ?900\d{3}/g, 'PHONE');

describe('kill -9 during 50 SMS and 20 web chat referrals', () => {
  it('loses no case or message and sends or logs nothing twice', async () => {
    const fake = await startFakeTwilio();
    const temp = await makeTempDir();
    const port = await freePort();
    const env = {
      ...twilioEnv(fake, PUBLIC_URL),
      DATA_DIR: temp.dir,
      TWILIO_SEND_RETRIES: '0',
      SMS_SWEEP_INTERVAL_MS: '500',
      WEBCHAT_TOKEN_RATE_LIMIT: '1000',
    };
    let app: ChildApp = await startChildApp(env, port);
    const turnsDone = { sms: 0, web: 0 };
    const finished = { sms: 0, web: 0 };
    let atKill: { turns: typeof turnsDone; finished: typeof finished } | undefined;
    /** Webhooks (SMS), posts (web chat) and reads the crash left without an answer, made again. */
    const redelivered = { sms: 0, chat: 0, read: 0 };
    let restarted: Promise<void> | undefined;
    let over = false;

    /** Delivers until the service acknowledges (connection refused while it is down). */
    const deliver = async (
      kind: keyof typeof redelivered,
      send: () => Promise<Response>,
    ): Promise<Response> => {
      for (let tries = 0; tries < 600 && !over; tries++) {
        try {
          const response = await send();
          if (response.status === 200) return response;
        } catch {
          // the service is down: deliver again once it is back
        }
        redelivered[kind]++;
        await sleep(100);
      }
      throw new Error('the service never came back');
    };

    const smsSay = (from: string) => async (body: string) => {
      const messageSid = newMessageSid();
      const before = fake.textsTo(from).length;
      await deliver('sms', () =>
        postSigned(app.url, '/api/sms', inboundFields({ from, to: SERVICE, body, messageSid })),
      );
      for (let waited = 0; ; waited += 20) {
        const texts = fake.textsTo(from).slice(before);
        if (texts.some((t) => endsReferralTurn(t.body) || /Reply (with a number|YES)/.test(t.body))) {
          turnsDone.sms++;
          return texts.map((t) => t.body);
        }
        if (waited > 60_000) throw new Error(`no answer to a text:\n${app.output()}`);
        await sleep(20);
      }
    };

    /** A web chat opened on the service's own page (its public URL), over loopback. */
    const startChat = async (): Promise<DirectLineClient> => {
      const response = await requestToken(app.url, { school: 'oakfield-primary' }, PUBLIC_URL);
      const { token, conversationId } = (await response.json()) as WebChatToken;
      const client = new DirectLineClient(`${app.url}/v3/directline`, token, conversationId);
      expect((await client.call('POST', '/conversations')).status).toBe(201);
      return client;
    };
    const allActivities = async (client: DirectLineClient): Promise<WireActivity[]> => {
      const all: WireActivity[] = [];
      for (let watermark = ''; ;) {
        const response = await deliver('read', () =>
          client.call('GET', `/conversations/${client.conversationId}/activities?watermark=${watermark}`),
        );
        const set = (await response.json()) as { activities: WireActivity[]; watermark: string };
        if (set.activities.length === 0) return all;
        all.push(...set.activities);
        watermark = set.watermark;
      }
    };
    const webSay = (client: DirectLineClient) => async (text: string) => {
      const clientActivityID = `${client.conversationId}-${newMessageSid()}`;
      await sleep(WEB_THINK_MS);
      const response = await deliver('chat', () =>
        client.call('POST', `/conversations/${client.conversationId}/activities`, {
          type: 'message',
          text,
          channelData: { clientActivityID },
        }),
      );
      const { id } = (await response.json()) as { id: string };
      turnsDone.web++;
      // After a crash, a reader waits a few seconds before it steps over a watermark the dead
      // process gave out but never wrote: the replies may show a moment later.
      for (let waited = 0; !over; waited += 50) {
        const replies = (await allActivities(client)).filter((a) => a.replyToId === id && a.text);
        if (replies.at(-1)?.inputHint === 'expectingInput' || waited > 30_000) {
          return replies.map((a) => String(a.text));
        }
        await sleep(50);
      }
      return [];
    };

    try {
      // One conversation of each kind without a crash: what every other should look like.
      const controlSms = smsNumber(99);
      await smsSay(controlSms)('Hello');
      await makeReferral(smsSay(controlSms));
      const controlWeb = await startChat();
      await makeReferral(webSay(controlWeb));
      Object.assign(turnsDone, { sms: 0, web: 0 });

      // The crash: once enough turns are done, at the moment Twilio takes a text.
      fake.onCreate(() => {
        // Web chats run ahead of 50 SMS parents on a busy machine: the kill follows the web chats'
        // progress (a third of the way) once every SMS parent has started.
        if (restarted || turnsDone.web < KILL_AFTER.web || turnsDone.sms < KILL_AFTER.sms) return;
        fake.hangNext(1); // Twilio has the text; the service never hears back
        atKill = { turns: { ...turnsDone }, finished: { ...finished } };
        restarted = (async () => {
          await app.kill9();
          app = await startChildApp(env, port);
        })();
      });
      const webClients = await Promise.all(Array.from({ length: WEB_PARENTS }, () => startChat()));
      const references = await Promise.all([
        ...Array.from({ length: SMS_PARENTS }, async (_, i) => {
          await smsSay(smsNumber(i))('Hello');
          const { reference } = await makeReferral(smsSay(smsNumber(i)));
          finished.sms++;
          return reference;
        }),
        ...webClients.map(async (client) => {
          const { reference } = await makeReferral(webSay(client));
          finished.web++;
          return reference;
        }),
      ]);
      expect(restarted).toBeDefined();
      await restarted;
      // Killed in the middle: nearly every conversation had started its referral and not finished.
      expect(atKill?.finished.sms).toBeLessThan(SMS_PARENTS / 2);
      expect(atKill?.finished.web).toBeLessThan(WEB_PARENTS / 2);
      // The crash cut into conversations: some webhooks or posts had to be delivered again.
      expect(redelivered.sms).toBeGreaterThan(0);
      expect(redelivered.chat).toBeGreaterThan(0);
      expect(new Set(references).size).toBe(SMS_PARENTS + WEB_PARENTS);

      // Let the last texts go, then stop the service cleanly and read what it stored.
      for (let count = -1; count !== fake.texts.length;) {
        count = fake.texts.length;
        await sleep(1000);
      }
      const textsOf = (phone: string) => fake.textsTo(phone).map((t: CapturedText) => normalise(t.body));
      for (let i = 0; i < SMS_PARENTS; i++) expect(textsOf(smsNumber(i))).toEqual(textsOf(controlSms));
      const chatOf = async (client: DirectLineClient) =>
        (await allActivities(client))
          .filter((a) => a.type === 'message' && a.text)
          .map((a) => `${a.from?.role}: ${normalise(String(a.text))}`);
      const controlChat = await chatOf(controlWeb);
      for (const client of webClients) expect(await chatOf(client)).toEqual(controlChat);
      await app.stop();

      const stored = await startTestApp(env, { dataDir: temp.dir });
      try {
        const { stores, sealer } = stored.app;
        const raw = async (name: string) => await (await stores.database.collection({ name })).find({});
        const field = (name: string) => (d: object) => (d as Record<string, unknown>)[name];
        expect((await raw('sms_inbox')).map(field('status'))).not.toContain('pending');
        expect((await raw('directline_activities')).filter(field('pendingTurn'))).toEqual([]);
        // Every text Twilio took is recorded once, as sent: none was sent twice.
        const sids = (await raw('sms_outbox')).map(field('providerSid'));
        expect(sids.sort()).toEqual(fake.texts.map((t) => t.sid).sort());

        const transcriptOf = async (channel: string, conversationId: string) => {
          const key = conversationKeyFor(sealer, channel, conversationId);
          const lines = await stores.transcripts.list(key);
          const cases = await stores.cases.count({ conversationKey: key });
          return { lines: lines.map((l) => `${l.sender}: ${normalise(l.text)}`), cases };
        };
        const smsConversation = (phone: string) =>
          transcriptOf('sms', smsIdentity(sealer, 'twilio', phone, SERVICE).conversationId);
        const expectedSms = await smsConversation(controlSms);
        expect(expectedSms.cases).toBe(1);
        for (let i = 0; i < SMS_PARENTS; i++)
          expect(await smsConversation(smsNumber(i))).toEqual(expectedSms);
        const expectedWeb = await transcriptOf('webchat', controlWeb.conversationId);
        expect(expectedWeb.cases).toBe(1);
        for (const client of webClients) {
          expect(await transcriptOf('webchat', client.conversationId)).toEqual(expectedWeb);
        }
        expect(await stores.cases.count({})).toBe(SMS_PARENTS + WEB_PARENTS + 2);
      } finally {
        await stored.stop();
      }
    } finally {
      over = true;
      fake.onCreate(undefined);
      await restarted?.catch(() => undefined);
      await app.kill9();
      await fake.close();
      await temp.remove();
    }
  });
});
