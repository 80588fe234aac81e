import { ConversationState, UserState } from 'botbuilder';
import type { Server } from 'restify';
import { MainDialog } from '../dialogs/MainDialog';
import { ParentSupportBot } from './bot/ParentSupportBot';
import { createOnTurnError } from './bot/onTurnError';
import { TranscriptRecorder } from './bot/TranscriptRecorder';
import { ChannelGateway } from './channels/ChannelGateway';
import {
  createBotFrameworkChannel,
  registerBotFrameworkRoutes,
} from './channels/botframework/botFrameworkChannel';
import type { SmsSender } from './channels/SmsSender';
import type { Config } from './config';
import { StaffAuth } from './console/auth/StaffAuth';
import { ConsoleLiveUpdates } from './console/ConsoleLiveUpdates';
import { explainFirstAccount, registerConsole } from './console/registerConsole';
import { UrgentCaseNotifier, smsNotConfigured } from './console/UrgentCaseNotifier';
import { loadContent, type Content } from './content/loadContent';
import { CaseService } from './domain/CaseService';
import { CaseLiveChatRouter } from './handoff/CaseLiveChatRouter';
import { dueByForSchools } from './handoff/dueBy';
import { FeedbackCollector } from './handoff/FeedbackCollector';
import { HandoffState } from './handoff/handoffState';
import { ParentMessenger } from './handoff/ParentMessenger';
import { BackgroundWork } from './http/BackgroundWork';
import { registerHealthRoutes } from './http/healthRoutes';
import { createHttpServer } from './http/server';
import type { Logger } from './observability/logger';
import { CONTENT_DIR } from './paths';
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
  /** Sends staff alert texts; defaults to the SMS channel's sender (tests pass a fake). */
  smsSender?: SmsSender;
  /** The clock for cases, the handoff and alerts (tests set working or closed hours); sessions use real time. */
  clock?: () => Date;
}

/** The composition root: builds every part from the config and wires them together. */
export async function createApp(config: Config, logger: Logger, options: AppOptions = {}): Promise<App> {
  const content = await loadContent(options.contentDir ?? CONTENT_DIR);
  const sealer = await loadSealer(config.encryptionKey, config.store.dataDir);
  const database = await openDatabase(config.store, logger.child({ category: 'store' }));
  const stores = await openStores(database, sealer);
  const clock = options.clock ?? (() => new Date());
  const cases = new CaseService(stores.cases, clock, { dueByFor: dueByForSchools(content) });
  const work = new BackgroundWork();

  const handoffState = new HandoffState(stores.state);
  const feedbackCollector = new FeedbackCollector(
    handoffState,
    stores.feedback,
    cases,
    content.handoff,
    clock,
  );
  const liveChat = new CaseLiveChatRouter({
    cases,
    caseStore: stores.cases,
    state: handoffState,
    feedback: feedbackCollector,
    content,
    minutesPerWaitingCase: config.console.minutesPerWaitingCase,
    now: clock,
  });

  const conversationState = new ConversationState(stores.state);
  const userState = new UserState(stores.state);
  const bot = new ParentSupportBot(conversationState, userState, new MainDialog(content.copy), liveChat);
  const onTurnError = createOnTurnError(logger.child({ category: 'bot' }), content.copy.turnError);

  const transcriptRecorder = new TranscriptRecorder(stores.transcripts, sealer);

  const botFramework = createBotFrameworkChannel(
    config.botFramework,
    logger.child({ category: 'botframework' }),
  );
  botFramework.adapter.onTurnError = onTurnError;
  botFramework.adapter.use(transcriptRecorder);
  const gateway = new ChannelGateway({
    channelIds: [],
    continueConversation: (reference, logic) =>
      botFramework.adapter.continueConversationAsync(config.botFramework.appId ?? '', reference, logic),
  });

  const consoleLogger = logger.child({ category: 'console' });
  const staffAuth = new StaffAuth({
    staff: stores.staff,
    sessions: stores.sessions,
    audit: stores.audit,
    content,
    settings: config.console,
  });
  const consoleLive = new ConsoleLiveUpdates({
    database,
    caseStore: stores.cases,
    transcripts: stores.transcripts,
    staff: stores.staff,
    auth: staffAuth,
    logger: consoleLogger,
  });
  const urgentAlerts = new UrgentCaseNotifier({
    caseStore: stores.cases,
    cases,
    staff: stores.staff,
    // Until the SMS channel is merged, alerts are recorded on the case and not sent.
    sms: options.smsSender ?? smsNotConfigured,
    database,
    content,
    logger: consoleLogger,
    publicUrl: config.http.publicUrl,
    sweepMs: config.console.alertSweepMs,
    now: clock,
  });

  let shuttingDown = false;
  const server = createHttpServer(config.http, logger.child({ category: 'http' }));
  server.pre((req, res, next) => {
    // Each request is work in flight until its response is finished.
    void work.run(
      () => new Promise<void>((resolve) => res.once('close', () => resolve())),
      () => undefined,
    );
    next();
  });
  registerHealthRoutes(server, database, () => shuttingDown);
  registerBotFrameworkRoutes(server, botFramework, config.botFramework, (context) => bot.run(context));
  await registerConsole(server, {
    services: {
      cases,
      caseStore: stores.cases,
      staff: stores.staff,
      audit: stores.audit,
      messenger: new ParentMessenger(gateway, content.handoff, feedbackCollector),
      content,
      logger: consoleLogger,
      work,
      now: () => new Date(), // the audit log keeps real time
    },
    auth: staffAuth,
    live: consoleLive,
    transcripts: stores.transcripts,
    feedback: stores.feedback,
  });
  await explainFirstAccount(stores.staff, consoleLogger);
  urgentAlerts.start();

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
        const stopped = new Promise<void>((resolve) => server.server.close(() => resolve()));
        server.server.closeIdleConnections();
        consoleLive.closeAll();
        await urgentAlerts.stop();
        const drained = await work.drain(config.http.shutdownTimeoutMs);
        if (!drained) logger.warn({ pending: work.size }, 'shutdown timeout: some work did not finish');
        server.server.closeAllConnections();
        await stopped;
        await stores.close();
      })();
      return closed;
    },
  };
}
