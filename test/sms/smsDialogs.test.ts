import { randomBytes } from 'node:crypto';
import {
  ActionTypes,
  ActivityHandler,
  CardFactory,
  ConversationState,
  MessageFactory,
  UserState,
  type Activity,
  type TurnContext,
} from 'botbuilder';
import {
  ChoicePrompt,
  ComponentDialog,
  DialogSet,
  DialogTurnStatus,
  ListStyle,
  TextPrompt,
  WaterfallDialog,
  type DialogState,
  type WaterfallStepContext,
} from 'botbuilder-dialogs';
import { TranscriptRecorder } from '../../src/bot/TranscriptRecorder';
import { createSmsChannel } from '../../src/channels/sms/createSmsChannel';
import { describeSms } from '../../src/text/gsm7';
import { registerSmsRoutes } from '../../src/channels/sms/smsRoutes';
import { loadConfig } from '../../src/config';
import { loadContent } from '../../src/content/loadContent';
import { BackgroundWork } from '../../src/http/BackgroundWork';
import { createHttpServer } from '../../src/http/server';
import { CONTENT_DIR } from '../../src/config/paths';
import { Sealer } from '../../src/security/sealer';
import { EmbeddedDatabase } from '../../src/store/embedded/EmbeddedDatabase';
import { openStores } from '../../src/store/openStores';
import type { Stores } from '../../src/store/ports';
import { startFakeTwilio } from '../support/fakeTwilio';
import { captureLogger } from '../support/logger';
import { inboundFields, newMessageSid, postSigned, smsParent, twilioEnv } from '../support/smsParent';
import { makeTempDir } from '../support/tempDir';

const SCHOOL_NUMBER = '+447700900001';
const TOPICS = ['Ask a PSW to contact me', 'Find other help', 'Something else'];

/** A small dialog in the style the conversation uses: choices as suggested actions, a card with buttons. */
class ChoicesDialog extends ComponentDialog {
  constructor() {
    super('choices');
    this.addDialog(new ChoicePrompt('choice'));
    this.addDialog(new TextPrompt('text'));
    this.addDialog(
      new WaterfallDialog('steps', [
        this.askTopicStep.bind(this),
        this.showCardStep.bind(this),
        this.askAgeStep.bind(this),
        this.thankStep.bind(this),
      ]),
    );
    this.initialDialogId = 'steps';
  }

  private async askTopicStep(step: WaterfallStepContext) {
    return await step.prompt('choice', {
      prompt: 'What would you like help with?',
      choices: TOPICS.map((value) => ({ value })),
      style: ListStyle.suggestedAction,
    });
  }

  private async showCardStep(step: WaterfallStepContext) {
    const topic = (step.result as { value: string }).value;
    await step.context.sendActivity(`You chose: ${topic}`);
    const card = CardFactory.heroCard('Family Hub', 'Free drop-in sessions for families.', undefined, [
      { type: ActionTypes.OpenUrl, title: 'Website', value: 'https://example.org/hub' },
      { type: ActionTypes.PostBack, title: 'Tell me more', value: { agency: 'hub' } },
      { type: ActionTypes.ImBack, title: 'Back', value: 'back' },
    ]);
    return await step.prompt('text', { prompt: MessageFactory.attachment(card) });
  }

  private async askAgeStep(step: WaterfallStepContext) {
    await step.context.sendActivity(`More about: ${JSON.stringify(step.context.activity.value)}`);
    return await step.prompt('text', { prompt: 'How old is your child?' });
  }

  private async thankStep(step: WaterfallStepContext) {
    await step.context.sendActivity(`Thank you. Age noted: ${String(step.result)}`);
    return await step.endDialog();
  }
}

class ChoicesBot extends ActivityHandler {
  readonly seen: Array<Partial<Activity>> = [];
  constructor(
    private readonly conversationState: ConversationState,
    private readonly userState: UserState,
  ) {
    super();
    const dialogState = conversationState.createProperty<DialogState>('DialogState');
    const dialog = new ChoicesDialog();
    this.onMessage(async (context, next) => {
      this.seen.push({ ...context.activity });
      const dialogs = new DialogSet(dialogState);
      dialogs.add(dialog);
      const dc = await dialogs.createContext(context);
      const result = await dc.continueDialog();
      if (result.status === DialogTurnStatus.empty) await dc.beginDialog(dialog.id);
      await next();
    });
  }

  override async run(context: TurnContext): Promise<void> {
    await super.run(context);
    await this.conversationState.saveChanges(context, false);
    await this.userState.saveChanges(context, false);
  }
}

describe('SMS rendering of a choice dialog, through the real webhook', () => {
  let stores: Stores;
  let bot: ChoicesBot;
  let url: string;
  let fake: Awaited<ReturnType<typeof startFakeTwilio>>;
  let close: () => Promise<void>;
  let sms: ReturnType<typeof createSmsChannel>;
  /** Makes the next turn fail right after the bot saved its state, as a crash there would. */
  let crashAfterNextTurn = false;

  beforeAll(async () => {
    const temp = await makeTempDir();
    const database = await EmbeddedDatabase.open(temp.dir);
    const sealer = new Sealer(randomBytes(32));
    stores = await openStores(database, sealer);
    const content = await loadContent(CONTENT_DIR);
    content.schools[0]!.smsNumbers = [SCHOOL_NUMBER];
    fake = await startFakeTwilio();
    const config = loadConfig({ ...twilioEnv(fake), NODE_ENV: 'test', DATA_DIR: temp.dir });
    const { logger } = captureLogger();
    const conversationState = new ConversationState(stores.state);
    bot = new ChoicesBot(conversationState, new UserState(stores.state));
    const work = new BackgroundWork();
    sms = createSmsChannel({
      settings: config.sms,
      publicUrl: config.http.publicUrl,
      singleProcessStore: true,
      stores: stores.sms,
      sealer,
      content,
      conversationState,
      runTurn: async (context) => {
        await bot.run(context);
        if (crashAfterNextTurn) {
          crashAfterNextTurn = false;
          throw new Error('simulated crash after the bot saved its state');
        }
      },
      work,
      logger,
    });
    sms.adapter.use(new TranscriptRecorder(stores.transcripts, sealer));
    const server = createHttpServer(config.http, logger);
    registerSmsRoutes(server, sms, logger);
    await new Promise<void>((resolve) => {
      server.listen(0, '127.0.0.1', resolve);
    });
    url = `http://127.0.0.1:${server.address().port}`;
    close = async () => {
      await work.drain(2000);
      server.close();
      await stores.close();
      await fake.close();
      await temp.remove();
    };
  });
  afterAll(() => close());

  it('numbers the choices, takes "2" or the words, flattens cards, and lets other numbers through', async () => {
    const parent = smsParent({ app: { stores }, url, twilio: fake, to: SCHOOL_NUMBER });
    expect(await parent.text('hi')).toEqual([
      'What would you like help with?\n1. Ask a PSW to contact me\n2. Find other help\n3. Something else\nReply with a number.',
    ]);
    // HELP goes to the bot like any text (the real conversation answers it with its SMS help and
    // asks again); this small dialog just asks again, and "2" still picks from the same list.
    expect(await parent.text('help')).toEqual([
      'What would you like help with?\n1. Ask a PSW to contact me\n2. Find other help\n3. Something else\nReply with a number.',
    ]);
    expect(await parent.text('2')).toEqual([
      'You chose: Find other help\n\nFamily Hub\nFree drop-in sessions for families.\nWebsite: https://example.org/hub\n1. Tell me more\n2. Back\nReply with a number.',
    ]);
    expect(await parent.text('tell me more')).toEqual([
      'More about: {"agency":"hub"}\n\nHow old is your child?',
    ]);
    expect(await parent.text('2')).toEqual(['Thank you. Age noted: 2']);

    expect(bot.seen.map((a) => [a.text, a.value as unknown])).toEqual([
      ['hi', undefined],
      ['help', undefined],
      ['Find other help', undefined],
      ['Tell me more', { agency: 'hub' }],
      ['2', undefined],
    ]);
    expect(bot.seen.map((a) => (a.channelData as { schoolId?: string }).schoolId)).toEqual(
      Array(5).fill('oakfield-primary'),
    );
    for (const activity of bot.seen) {
      expect(JSON.stringify([activity.from, activity.conversation])).not.toContain('7700900123');
    }
    for (const text of fake.texts) expect(describeSms(text.body).encoding).toBe('GSM-7');
  });

  it('selects a choice by its words as well', async () => {
    const parent = smsParent({
      app: { stores },
      url,
      twilio: fake,
      from: '+447700900124',
      to: SCHOOL_NUMBER,
    });
    await parent.text('hello');
    const [reply] = await parent.text('SOMETHING ELSE');
    expect(reply).toMatch(/^You chose: Something else/);
  });

  it('sends the kept replies of a turn interrupted after the bot took the text, without a second turn', async () => {
    const parent = smsParent({
      app: { stores },
      url,
      twilio: fake,
      from: '+447700900125',
      to: SCHOOL_NUMBER,
    });
    await parent.text('hello');
    const seenBefore = bot.seen.length;
    crashAfterNextTurn = true;
    const messageSid = newMessageSid();
    const fields = inboundFields({ from: parent.from, to: SCHOOL_NUMBER, body: '1', messageSid });
    expect((await postSigned(url, '/api/sms', fields)).status).toBe(200);
    const deadline = Date.now() + 5000;
    while (((await stores.sms.inbox.get(messageSid))?.attempts ?? 0) < 1 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 10));
    }
    // The first try crashed after the bot saved its state. Another runner of the conversation may
    // already have retried it (a text that arrived as the previous turn's runner was finishing
    // has two); if not, the sweep does.
    await sms.adapter.sweep();
    const done = await stores.sms.inbox.get(messageSid);
    expect(done?.status).toBe('done');
    expect(done?.attempts).toBeGreaterThanOrEqual(2);
    // The bot took the text once, and its kept replies went once.
    expect(bot.seen.length - seenBefore).toBe(1);
    expect(fake.textsTo(parent.from)).toHaveLength(2);
    expect(fake.textsTo(parent.from).at(-1)?.body).toMatch(/^You chose: Ask a PSW to contact me/);
  });
});
