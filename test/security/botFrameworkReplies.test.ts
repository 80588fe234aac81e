import { MessageFactory } from 'botbuilder';
import { MicrosoftAppCredentials } from 'botframework-connector';
import { createBotFrameworkChannel } from '../../src/channels/botframework/botFrameworkChannel';
import { loadConfig } from '../../src/config';
import { captureLogger } from '../support/logger';
import { startReplySink } from '../support/replySink';

const APP_ID = '00000000-0000-0000-0000-000000000001';
/** What Microsoft's login would issue; the credentials are asked for it, nothing leaves the machine. */
const CHANNEL_TOKEN = 'a-token-for-the-channel';

/**
 * With MicrosoftAppId set, every reply a turn sends reaches the channel's service URL (a local stub
 * connector here) with the bot's token for the channel, in the order the bot sent them.
 */
function channelWithAppId() {
  const settings = loadConfig({
    NODE_ENV: 'development',
    MicrosoftAppId: APP_ID,
    MicrosoftAppPassword: 'not-a-real-secret',
  }).botFramework;
  return createBotFrameworkChannel(settings, captureLogger().logger);
}

function referenceAt(serviceUrl: string) {
  return {
    channelId: 'msteams',
    serviceUrl,
    conversation: { id: 'a:conversation/1', isGroup: false, conversationType: 'personal', name: '' },
    bot: { id: `28:${APP_ID}`, name: 'Parent Support Assistant' },
    user: { id: '29:parent-1', name: 'Parent' },
  };
}

describe('replies to a Bot Framework channel with authentication on', () => {
  it('arrive in order, each with the bearer token', async () => {
    const getToken = jest
      .spyOn(MicrosoftAppCredentials.prototype, 'getToken')
      .mockResolvedValue(CHANNEL_TOKEN);
    const sink = await startReplySink({ delayMs: 5 });
    try {
      const channel = channelWithAppId();
      expect(channel.authenticationEnabled).toBe(true);
      const reference = referenceAt(`${sink.url}/amer/`);
      const sent: string[] = [];
      for (let turn = 1; turn <= 2; turn++) {
        await channel.adapter.continueConversationAsync(APP_ID, reference, async (context) => {
          const replies = await context.sendActivities([
            MessageFactory.text(`turn ${turn}: first`),
            MessageFactory.text(`turn ${turn}: second`),
          ]);
          const last = await context.sendActivity(`turn ${turn}: third`);
          sent.push(...replies.map((r) => r.id), last?.id ?? '');
        });
      }

      const requests = await sink.waitFor(6);
      expect(requests.map((r) => r.body.text)).toEqual([
        'turn 1: first',
        'turn 1: second',
        'turn 1: third',
        'turn 2: first',
        'turn 2: second',
        'turn 2: third',
      ]);
      for (const request of requests) {
        expect(request.method).toBe('POST');
        // A reply to the turn's activity, under the service URL's own path, the conversation id encoded.
        expect(request.url).toMatch(/^\/amer\/v3\/conversations\/a%3Aconversation%2F1\/activities\/[\w-]+$/);
        expect(request.headers.authorization).toBe(`Bearer ${CHANNEL_TOKEN}`);
        expect(request.body).toMatchObject({ type: 'message', conversation: { id: 'a:conversation/1' } });
      }
      // What the channel answered comes back to the bot as each reply's id.
      expect(sent).toEqual(['reply-1', 'reply-2', 'reply-3', 'reply-4', 'reply-5', 'reply-6']);
      expect(getToken).toHaveBeenCalled();
    } finally {
      getToken.mockRestore();
      await sink.close();
    }
  });

  it('are sent again when the channel is busy or unavailable, and a refused one fails the turn', async () => {
    const getToken = jest
      .spyOn(MicrosoftAppCredentials.prototype, 'getToken')
      .mockResolvedValue(CHANNEL_TOKEN);
    const sink = await startReplySink({
      refuseFirst: [
        { status: 503, headers: { 'retry-after': '0' } },
        { status: 429, headers: { 'retry-after': '0' } },
      ],
    });
    try {
      const channel = channelWithAppId();
      await channel.adapter.continueConversationAsync(APP_ID, referenceAt(sink.url), async (context) => {
        await context.sendActivity('first');
        await context.sendActivity('second');
      });
      expect((await sink.waitFor(2)).map((r) => [r.body.text, r.headers.authorization])).toEqual([
        ['first', `Bearer ${CHANNEL_TOKEN}`],
        ['second', `Bearer ${CHANNEL_TOKEN}`],
      ]);
    } finally {
      getToken.mockRestore();
      await sink.close();
    }

    const refusing = await startReplySink({ refuseFirst: [{ status: 403 }] });
    const stillGetToken = jest
      .spyOn(MicrosoftAppCredentials.prototype, 'getToken')
      .mockResolvedValue(CHANNEL_TOKEN);
    try {
      const channel = channelWithAppId();
      await expect(
        channel.adapter.continueConversationAsync(APP_ID, referenceAt(refusing.url), async (context) => {
          await context.sendActivity('not taken');
        }),
      ).rejects.toMatchObject({ statusCode: 403 });
      expect(refusing.requests).toHaveLength(0);
    } finally {
      stillGetToken.mockRestore();
      await refusing.close();
    }
  });
});
