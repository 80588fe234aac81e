import { ConversationState, UserState } from 'botbuilder';
import type { Server } from 'restify';
import { MainDialog } from '../dialogs/MainDialog';
import { Understander } from '../dialogs/understanding';
import { conversationProfileAccessor } from './bot/conversationProfile';
import { ParentSupportBot } from './bot/ParentSupportBot';
import { createOnTurnError } from './bot/onTurnError';
import { TranscriptRecorder } from './bot/TranscriptRecorder';
import { ChannelGateway, type ConversationChannel } from './channels/ChannelGateway';
import {
  createBotFrameworkChannel,
  registerBotFrameworkRoutes,
} from './channels/botframework/botFrameworkChannel';
import { createDirectLineChannel } from './channels/directline/directLineChannel';
import { AzureDirectLine } from './channels/webchat/AzureDirectLine';
import { registerWebChatApi } from './channels/webchat/webChatApi';
import { loadWebChatPages } from './channels/webchat/webChatPages';
import { ConfigError, type Config } from './config';
import { loadContent, reportContentReviews, type Content } from './content/loadContent';
import { CaseService } from './domain/CaseService';
import { BackgroundWork } from './http/BackgroundWork';
import { registerHealthRoutes } from './http/healthRoutes';
import { createHttpServer } from './http/server';
import { trainLocalRecognizer } from './nlu/LocalRecognizer';
import type { Logger } from './observability/logger';
import { CONTENT_DIR } from './paths';
import { SafeguardingCheck } from './safeguarding/SafeguardingCheck';
import { loadSealer, type Sealer } from './security/sealer';
import { openDatabase, openStores } from './store/openStores';
import type { Stores } from './store/ports';

export interface App {
  server: Server;
  stores: Stores;
  content: Content;
  sealer: Sealer;
  cases: CaseService;
  work: BackgroundWork;
  gateway: ChannelGateway;
  /** Starts listening; resolves with the base URL. */
  listen(): Promise<string>;
  /** Stops accepting, finishes turns in flight (up to the shutdown timeout), flushes and closes stores. */
  close(): Promise<void>;
}

export interface AppOptions {
  /** Where `content/` is; defaults to the repository's. */
  contentDir?: string;
  /** The clock (working hours, case times); tests pass a fixed one. */
  now?: () => Date;
}

/** The composition root: builds every part from the config and wires them together. */
export async function createApp(config: Config, logger: Logger, options: AppOptions = {}): Promise<App> {
  const now = options.now ?? (() => new Date());
  const content = await loadContent(options.contentDir ?? CONTENT_DIR);
  const defaultAreaId = config.conversation.defaultArea;
  if (!content.areas.some((a) => a.id === defaultAreaId)) {
    throw new ConfigError([`DEFAULT_AREA "${defaultAreaId}" is not an area in content/schools.json`]);
  }
  reportContentReviews(content, logger.child({ category: 'content' }), now());
  const recognizer = await trainLocalRecognizer(content.utterances);
  const sealer = await loadSealer(config.encryptionKey, config.store.dataDir);
  const database = await openDatabase(config.store, logger.child({ category: 'store' }));
  const stores = await openStores(database, sealer, {
    directLineRetentionHours: config.webChat.historyHours,
  });
  const cases = new CaseService(stores.cases, now);
  const work = new BackgroundWork();

  const conversationState = new ConversationState(stores.state);
  const userState = new UserState(stores.state);
  const profiles = conversationProfileAccessor(conversationState);
  const conversationLogger = logger.child({ category: 'conversation' });
  const dialog = new MainDialog({
    content,
    understander: new Understander(recognizer, content),
    cases,
    conversationState,
    profiles,
    defaultAreaId,
    now,
    logger: conversationLogger,
  });
  const safeguarding = new SafeguardingCheck({
    content,
    defaultAreaId,
    profiles,
    cases,
    logger: logger.child({ category: 'safeguarding' }),
    now,
  });
  const bot = new ParentSupportBot({ conversationState, userState, dialog, safeguarding });
  const onTurnError = createOnTurnError(logger.child({ category: 'bot' }), content.copy.turnError);

  const transcriptRecorder = new TranscriptRecorder(stores.transcripts, sealer, now);

  const botFramework = createBotFrameworkChannel(
    config.botFramework,
    logger.child({ category: 'botframework' }),
  );
  botFramework.adapter.onTurnError = onTurnError;
  botFramework.adapter.use(transcriptRecorder);
  const botFrameworkConversations: ConversationChannel = {
    channelIds: [],
    continueConversation: (reference, logic) =>
      botFramework.adapter.continueConversationAsync(config.botFramework.appId ?? '', reference, logic),
  };
  const gateway = new ChannelGateway(botFrameworkConversations);

  const directLine = createDirectLineChannel({
    config,
    store: stores.directLine,
    sealer,
    logger: logger.child({ category: 'directline' }),
    runTurn: (context) => bot.run(context),
    otherwise: botFrameworkConversations,
  });
  directLine.adapter.onTurnError = onTurnError;
  directLine.adapter.use(transcriptRecorder);
  gateway.register(directLine.adapter);

  let shuttingDown = false;
  const server = createHttpServer(config.http, logger.child({ category: 'http' }));
  server.pre((req, res, next) => {
    // Each request is work in flight until its response is finished.
    // 'finish' when the response is sent; 'close' if the client went away first.
    void work.run(
      () =>
        new Promise<void>((resolve) => {
          res.once('finish', resolve);
          res.once('close', resolve);
        }),
      () => undefined,
    );
    next();
  });
  registerHealthRoutes(server, database, () => shuttingDown);
  registerBotFrameworkRoutes(server, botFramework, config.botFramework, (context) => bot.run(context));
  directLine.register(server);
  registerWebChatApi(server, {
    schools: content.schools,
    tokens: directLine.tokens,
    azure: config.webChat.azureDirectLine ? new AzureDirectLine(config.webChat.azureDirectLine) : undefined,
    http: config.http,
    webChat: config.webChat,
    text: content.copy.webchat,
    logger: logger.child({ category: 'webchat' }),
  });
  (
    await loadWebChatPages({ schools: content.schools, webChat: config.webChat, text: content.copy.webchat })
  ).register(server);

  let closed: Promise<void> | undefined;
  return {
    server,
    stores,
    content,
    sealer,
    cases,
    work,
    gateway,
    listen: () =>
      new Promise((resolve, reject) => {
        server.server.once('error', reject);
        server.listen(config.http.port, config.http.host, () => {
          const address = server.address();
          const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
          resolve(`http://${host === '0.0.0.0' || host === '[::]' ? '127.0.0.1' : host}:${address.port}`);
        });
      }),
    close: () => {
      closed ??= (async () => {
        shuttingDown = true;
        const streamsClosed = directLine.close();
        const stopped = new Promise<void>((resolve) => server.server.close(() => resolve()));
        server.server.closeIdleConnections();
        const drained = await work.drain(config.http.shutdownTimeoutMs);
        if (!drained) logger.warn({ pending: work.size }, 'shutdown timeout: some work did not finish');
        server.server.closeAllConnections();
        await stopped;
        await streamsClosed;
        await stores.close();
      })();
      return closed;
    },
  };
}
