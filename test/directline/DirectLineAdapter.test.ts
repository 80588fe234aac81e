import type { TurnContext } from 'botbuilder';
import { DirectLineAdapter } from '../../src/channels/directline/DirectLineAdapter';
import type { ConversationChannel } from '../../src/channels/ChannelGateway';
import { EmbeddedDatabase } from '../../src/store/embedded/EmbeddedDatabase';
import { DocumentDirectLineStore } from '../../src/store/DocumentDirectLineStore';
import type { DocumentDatabase } from '../../src/store/documents';
import { testSealer } from '../store/backends';
import { makeTempDir } from '../support/tempDir';

describe('DirectLineAdapter', () => {
  let database: DocumentDatabase;
  let store: DocumentDirectLineStore;
  let remove: () => Promise<void>;
  const sealer = testSealer();
  beforeEach(async () => {
    const temp = await makeTempDir('psa-dl-');
    remove = temp.remove;
    database = await EmbeddedDatabase.open(temp.dir);
    store = await DocumentDirectLineStore.open(database, sealer, { retentionHours: 24 });
  });
  afterEach(async () => {
    await database.close();
    await remove();
  });

  const grant = {
    conversationId: 'conversation-0000000001',
    userId: 'dl_parent',
    schoolId: 'riverside-high',
  };

  it('announces a new conversation once, and gives the bot the school on every activity', async () => {
    const seen: Array<{ type: string; schoolId: unknown; from: string }> = [];
    const adapter = new DirectLineAdapter({
      store,
      sealer,
      runTurn: (context) => {
        const channelData = context.activity.channelData as { schoolId?: string } | undefined;
        seen.push({
          type: context.activity.type,
          schoolId: channelData?.schoolId,
          from: context.activity.from.id,
        });
        return Promise.resolve();
      },
    });
    const conversation = await adapter.ensureConversation(grant);
    await adapter.ensureConversation(grant);
    await adapter.receive(conversation, { type: 'message', text: 'Hello' });
    expect(seen).toEqual([
      { type: 'conversationUpdate', schoolId: 'riverside-high', from: 'dl_parent' },
      { type: 'message', schoolId: 'riverside-high', from: 'dl_parent' },
    ]);
  });

  it('runs turns of one conversation one at a time, in order', async () => {
    const events: string[] = [];
    const adapter = new DirectLineAdapter({
      store,
      sealer,
      runTurn: async (context: TurnContext) => {
        if (context.activity.type !== 'message') return;
        events.push(`start ${context.activity.text}`);
        await new Promise((r) => setTimeout(r, 30));
        await context.sendActivity(`reply to ${context.activity.text}`);
        events.push(`end ${context.activity.text}`);
      },
    });
    const conversation = await adapter.ensureConversation(grant);
    await Promise.all(
      ['one', 'two', 'three'].map((text) => adapter.receive(conversation, { type: 'message', text })),
    );
    expect(events).toEqual(['start one', 'end one', 'start two', 'end two', 'start three', 'end three']);
    const log = (await store.listAfter(grant.conversationId, 0, 100)).map((e) => e.activity.text);
    // Echoes are logged as they arrive; each reply follows its turn.
    expect(log.filter((t) => String(t).startsWith('reply'))).toEqual([
      'reply to one',
      'reply to two',
      'reply to three',
    ]);
  });

  it('hands references of other services to the Bot Framework channel, and refuses a conversation that is gone', async () => {
    const continued: string[] = [];
    const otherwise: ConversationChannel = {
      channelIds: [],
      continueConversation: (reference) => {
        continued.push(reference.serviceUrl ?? '');
        return Promise.resolve();
      },
    };
    const adapter = new DirectLineAdapter({ store, sealer, runTurn: () => Promise.resolve(), otherwise });
    await adapter.continueConversation(
      {
        channelId: 'webchat',
        serviceUrl: 'https://webchat.botframework.com/',
        conversation: { id: 'x' } as never,
      },
      () => Promise.resolve(),
    );
    expect(continued).toEqual(['https://webchat.botframework.com/']);
    await expect(
      adapter.continueConversation(
        {
          channelId: 'webchat',
          serviceUrl: 'urn:parent-support:directline',
          conversation: { id: 'gone' } as never,
        },
        () => Promise.resolve(),
      ),
    ).rejects.toThrow('no longer exists');
  });

  it('sends the turn error handler a failing turn, and the apology reaches the log', async () => {
    const adapter = new DirectLineAdapter({
      store,
      sealer,
      runTurn: (context) =>
        context.activity.type === 'message' ? Promise.reject(new Error('boom')) : Promise.resolve(),
    });
    adapter.onTurnError = async (context) => {
      await context.sendActivity('Sorry, something went wrong.');
    };
    const conversation = await adapter.ensureConversation(grant);
    await adapter.receive(conversation, { type: 'message', text: 'Hello' });
    const log = (await store.listAfter(grant.conversationId, 0, 100)).map((e) => e.activity.text);
    expect(log).toEqual(['Hello', 'Sorry, something went wrong.']);
  });
});
