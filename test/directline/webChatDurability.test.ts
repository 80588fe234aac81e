import { conversationKeyFor } from '../../src/domain/conversationKey';
import { DirectLineClient, type WireActivity } from '../support/directLineClient';
import { startTestApp, type TestApp } from '../support/testApp';

/**
 * Issue 10, "nothing lost, nothing twice" on the web chat: a message is stored before its turn
 * runs, a turn cut short by a crash runs after the restart, and a message Web Chat posts again
 * (it never got the answer to its first post) is neither logged nor answered twice.
 */
async function until<T>(find: () => Promise<T | undefined>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = await find();
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 25));
  }
}

const echoesOf = (activities: WireActivity[], text: string) =>
  activities.filter((a) => a.from?.role === 'user' && a.text === text);
const repliesTo = (activities: WireActivity[], id: string) =>
  activities.filter((a) => a.from?.role === 'bot' && a.replyToId === id);

async function transcriptOf(t: TestApp, conversationId: string) {
  const key = conversationKeyFor(t.app.sealer, 'webchat', conversationId);
  return (await t.app.stores.transcripts.list(key)).map((e) => `${e.sender}: ${e.text}`);
}

describe('web chat messages survive crashes and retries', () => {
  const apps: TestApp[] = [];
  afterEach(async () => {
    for (const t of apps.splice(0).reverse()) await t.dispose();
  });

  it('answers a message once when Web Chat posts it again (same clientActivityID or same id)', async () => {
    const t = await startTestApp();
    apps.push(t);
    const client = await DirectLineClient.start(t.url);
    const first = await client.say('Does it cost anything?');
    const again = await client.say('Does it cost anything?', first.clientActivityID);
    expect(again.id).toBe(first.id);
    // A client that sends its own activity id: the same id again is the same message.
    const post = () =>
      client.call('POST', `/conversations/${client.conversationId}/activities`, {
        type: 'message',
        id: 'client-chosen-id-1',
        text: 'Is it confidential?',
      });
    const [byId, byIdAgain] = [await post(), await post()];
    expect(((await byId.json()) as { id: string }).id).toBe(((await byIdAgain.json()) as { id: string }).id);

    const { activities } = await client.activities();
    expect(echoesOf(activities, 'Does it cost anything?')).toHaveLength(1);
    expect(echoesOf(activities, 'Is it confidential?')).toHaveLength(1);
    expect(repliesTo(activities, first.id).length).toBeGreaterThan(0);
    const transcript = await transcriptOf(t, client.conversationId);
    expect(transcript.filter((l) => l === 'parent: Does it cost anything?')).toHaveLength(1);
    expect(transcript.filter((l) => l === 'parent: Is it confidential?')).toHaveLength(1);
    // Every line of the chat once in the transcript: as many lines as messages in the chat.
    expect(transcript).toHaveLength(activities.filter((a) => a.type === 'message' && a.text).length);
  });

  it('answers after a restart a message whose turn a crash cut short, once, though Web Chat posts it again', async () => {
    const first = await startTestApp();
    apps.push(first);
    const client = await DirectLineClient.start(first.url);
    await until(async () => ((await client.activities()).activities.length >= 2 ? true : undefined));
    // From now on the bot's turn never gets its state: the process is as good as dead mid-turn.
    jest.spyOn(first.app.stores.state, 'read').mockImplementation(() => new Promise(() => undefined));
    const clientActivityID = 'web-chat-client-activity-1';
    const inFlight = client.say('Does it cost anything?', clientActivityID).catch(() => undefined);
    const echo = await until(
      async () => echoesOf((await client.activities()).activities, 'Does it cost anything?')[0],
    );
    await first.stop();
    await inFlight;

    const second = await startTestApp({}, { dataDir: first.dataDir });
    apps.push(second);
    const resumed = new DirectLineClient(`${second.url}/v3/directline`, client.token, client.conversationId);
    const replies = await until(async () => {
      const found = repliesTo((await resumed.activities()).activities, echo.id);
      return found.some((a) => a.inputHint === 'expectingInput') ? found : undefined;
    });
    expect(replies[0]?.text).toContain(second.app.content.faqs.find((f) => f.id === 'cost')?.answer);
    // Web Chat never got an answer to its post, so it posts the message again.
    expect((await resumed.say('Does it cost anything?', clientActivityID)).id).toBe(echo.id);
    const { activities } = await resumed.activities();
    expect(echoesOf(activities, 'Does it cost anything?')).toHaveLength(1);
    expect(repliesTo(activities, echo.id)).toHaveLength(replies.length);
    const transcript = await transcriptOf(second, client.conversationId);
    expect(transcript.filter((l) => l === 'parent: Does it cost anything?')).toHaveLength(1);
    expect(transcript).toHaveLength(activities.filter((a) => a.type === 'message' && a.text).length);
  });
});
