import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { TurnContext } from 'botbuilder';
import { WEBCHAT_CHANNEL_ID } from '../../src/channels/directline/activities';
import { smsIdentity } from '../../src/domain/smsIdentity';
import { conversationKeyFor } from '../../src/domain/conversationKey';
import { ERASURE_GRACE_MS, ERASURE_WITHHELD } from '../../src/privacy/ErasureService';
import { DirectLineClient, type ActivityStream } from '../support/directLineClient';
import { startFakeTwilio } from '../support/fakeTwilio';
import { smsParent, twilioEnv } from '../support/smsParent';
import { later, testClockStart } from '../support/testClock';
import { startTestApp, type TestApp } from '../support/testApp';

/**
 * Issue 14: a parent's "delete my data", through the real bot on web chat and by SMS. After they
 * confirm, nothing of the conversation can be read from any store: not through the ports, and
 * not in the raw files (searched for the conversation's keyed hash and ids). A case with a
 * safeguarding concern is kept and flagged for the data protection officer instead.
 */

type FakeTwilio = Awaited<ReturnType<typeof startFakeTwilio>>;

/** Every file of the embedded store, as it is on disk. */
async function rawFiles(dataDir: string): Promise<string> {
  const names = (await readdir(dataDir)).filter((n) => n.endsWith('.db'));
  return (await Promise.all(names.map((n) => readFile(path.join(dataDir, n), 'utf8')))).join('\n');
}

describe("a parent's erasure request, through the real bot", () => {
  let clock: Date;
  let t: TestApp;
  let fake: FakeTwilio | undefined;

  beforeEach(() => {
    clock = testClockStart();
  });
  afterEach(async () => {
    await t.dispose();
    await fake?.close();
    fake = undefined;
  });

  /** The app; by SMS it talks to a fake Twilio (and so has a public URL web chat pages are not on). */
  async function start(bySms = false): Promise<void> {
    if (bySms) fake = await startFakeTwilio();
    t = await startTestApp(fake ? twilioEnv(fake) : {}, { now: () => clock });
  }

  /** The channel has had time to deliver the last reply: the erasure is finished. */
  async function afterGrace(): Promise<void> {
    clock = later(clock, ERASURE_GRACE_MS + 1000);
    expect(await t.app.privacy.finishDueErasures()).toBe(1);
  }

  async function webChat(): Promise<{
    client: DirectLineClient;
    stream: ActivityStream;
    say: (text: string) => Promise<string[]>;
  }> {
    await start();
    const client = await DirectLineClient.start(t.url);
    const stream = await client.openStream();
    let seen = 0;
    const say = async (text: string): Promise<string[]> => {
      const { id } = await client.say(text);
      // The turn is over when the bot's replies stop arriving after the parent's message.
      await stream.waitFor((a) => a.id === id);
      let count = -1;
      while (count !== stream.activities.length) {
        count = stream.activities.length;
        await new Promise((r) => setTimeout(r, 150));
      }
      const replies = stream.activities
        .slice(seen)
        .filter((a) => a.type === 'message' && a.from?.role !== 'user')
        .map((a) => a.text ?? '');
      seen = stream.activities.length;
      return replies;
    };
    return { client, stream, say };
  }

  it('web chat: explains, confirms, then nothing of the conversation is left in any store', async () => {
    const { client, stream, say } = await webChat();
    const { privacy } = t.app.content;
    const key = conversationKeyFor(t.app.sealer, WEBCHAT_CHANNEL_ID, client.conversationId);

    await say('Ask a PSW to contact me');
    await say(privacy.agree);
    await say('Oakfield Primary School');
    await say('Sam Sample'); // a draft with the parent's name
    expect(await t.app.stores.transcripts.list(key)).not.toEqual([]);
    expect(await t.app.stores.privacy.consents.list({ conversationKey: key })).toHaveLength(1);

    const explained = await say('delete my data');
    expect(explained).toEqual([...privacy.erasure.explain, privacy.erasure.confirmPrompt]);
    expect(await say(privacy.erasure.confirm)).toEqual([privacy.erasure.done]);
    await stream.close();
    await afterGrace();

    // Through the ports.
    const { stores } = t.app;
    expect(await stores.transcripts.list(key)).toEqual([]);
    expect(await stores.privacy.consents.list({ conversationKey: key })).toEqual([]);
    expect(await stores.cases.count({ conversationKey: key })).toBe(0);
    expect(await stores.directLine.getConversation(client.conversationId)).toBeNull();
    const stateKey = `${WEBCHAT_CHANNEL_ID}/conversations/${client.conversationId}/`;
    expect(await stores.state.read([stateKey])).toEqual({});
    // In the raw files.
    const raw = await rawFiles(t.dataDir);
    expect(raw).not.toContain(key);
    expect(raw).not.toContain(client.conversationId);
    expect(raw).not.toContain(t.app.sealer.lookupHash(stateKey, 'bot-state'));

    // The channel forgot the conversation: the page's token now opens an empty one.
    const reopened = await client.activities();
    expect(reopened.activities.map((a) => a.text)).not.toContain('Sam Sample');
    expect(reopened.activities.map((a) => a.text)).not.toContain(privacy.erasure.done);

    // Audited without the parent's details.
    const [event] = await stores.audit.list({ action: 'privacy.erasure' });
    expect(event).toMatchObject({ actorId: 'parent', detail: 'channel=webchat;cases_erased=0;cases_kept=0' });
    expect(JSON.stringify(event)).not.toContain(key);
  });

  it('web chat: "No, keep it" deletes nothing', async () => {
    const { client, stream, say } = await webChat();
    const { privacy } = t.app.content;
    const key = conversationKeyFor(t.app.sealer, WEBCHAT_CHANNEL_ID, client.conversationId);
    await say('forget me');
    expect(await say(privacy.erasure.cancel)).toContain(privacy.erasure.cancelled);
    await stream.close();
    clock = later(clock, ERASURE_GRACE_MS + 1000);
    expect(await t.app.privacy.finishDueErasures()).toBe(0);
    expect((await t.app.stores.transcripts.list(key)).map((e) => e.text)).toContain('forget me');
  });

  it('SMS: erases the texts, the number and the conversation, and erases a referral without a concern', async () => {
    await start(true);
    const { privacy } = t.app.content;
    const sam = smsParent({ app: t.app, url: t.url, twilio: fake!, from: '+447700900321' });
    const id = smsIdentity(t.app.sealer, 'twilio', sam.from, sam.to);
    const key = conversationKeyFor(t.app.sealer, 'sms', id.conversationId);

    await sam.text('Hello');
    // A referral made earlier in this conversation (no safeguarding concern).
    const referral = await t.app.cases.open({
      kind: 'referral',
      schoolId: 'oakfield-primary',
      channelId: 'sms',
      conversationKey: key,
      conversationRef: { channelId: 'sms', conversation: { id: id.conversationId } as never },
      details: { parentName: 'Sam Sample', phone: '07700 900321', topic: 'routines_sleep', words: 'Bedtime' },
      urgent: false,
      openedBy: 'parent',
    });

    const explained = (await sam.text('delete my data')).join('\n');
    expect(explained).toContain(privacy.erasure.explainSms);
    expect(explained).toContain(`1. ${privacy.erasure.confirm}`);
    expect((await sam.text('1')).join('\n')).toContain(privacy.erasure.done);
    await afterGrace();

    const { stores } = t.app;
    expect(await stores.cases.get(referral.id)).toBeNull();
    expect(await stores.transcripts.list(key)).toEqual([]);
    expect(await stores.sms.conversations.get(id.conversationId)).toBeNull();
    expect(await stores.sms.conversations.listByPhoneHash(id.phoneHash)).toEqual([]);
    expect(
      await stores.state.read([`sms/conversations/${id.conversationId}/`, `sms/users/${id.userId}/`]),
    ).toEqual({});
    const raw = await rawFiles(t.dataDir);
    for (const trace of [key, id.conversationId, id.userId, referral.id, referral.reference])
      expect({ trace, found: raw.includes(trace) }).toEqual({ trace, found: false });

    // The next text starts afresh: the welcome again.
    expect((await sam.text('Hello')).join('\n')).toContain(t.app.content.sms.welcome);
  });

  it('keeps a case with a safeguarding concern, and flags it for the data protection officer', async () => {
    const { client, stream, say } = await webChat();
    const { privacy } = t.app.content;
    const key = conversationKeyFor(t.app.sealer, WEBCHAT_CHANNEL_ID, client.conversationId);
    await say('hello');
    const urgent = await t.app.cases.open({
      kind: 'referral',
      schoolId: 'oakfield-primary',
      channelId: WEBCHAT_CHANNEL_ID,
      conversationKey: key,
      conversationRef: TurnContext.getConversationReference({
        channelId: WEBCHAT_CHANNEL_ID,
        conversation: { id: client.conversationId, isGroup: false, conversationType: 'personal', name: '' },
        serviceUrl: t.url,
      }),
      details: { parentName: 'Alex Example', topic: 'worried_about_safety', words: 'Someone hurt my child' },
      urgent: true,
      openedBy: 'parent',
    });

    await say('delete my data');
    expect(await say(privacy.erasure.confirm)).toEqual([privacy.erasure.doneKept]);
    await stream.close();
    await afterGrace();

    const kept = await t.app.stores.cases.get(urgent.id);
    expect(kept?.details).toMatchObject({ parentName: 'Alex Example' });
    expect(kept?.history.at(-1)).toMatchObject({
      by: 'parent',
      action: 'erasure_requested',
      reason: 'kept:safeguarding',
    });
    const flags = await t.app.stores.audit.list({ action: ERASURE_WITHHELD });
    expect(flags.map((f) => f.caseId)).toEqual([urgent.id]);
    // The record of the concern keeps the conversation it came from; the channel's own log goes.
    expect((await t.app.stores.transcripts.list(key)).map((e) => e.text)).toContain('hello');
    expect(await t.app.stores.directLine.getConversation(client.conversationId)).toBeNull();
  });
});
