import type { Socket } from 'node:net';
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import type { Server } from 'restify';
import { conversationSettings, createConversationCore } from './bot/conversationCore';
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
import { loadOutcomeContent } from './reports/outcomeContent';
import type { SmsSender } from './channels/SmsSender';
import { createSmsChannel, type SmsChannel } from './channels/sms/createSmsChannel';
import { registerSmsRoutes } from './channels/sms/smsRoutes';
import { StaffAuth } from './console/auth/StaffAuth';
import { ConsoleLiveUpdates } from './console/ConsoleLiveUpdates';
import { explainFirstAccount, registerConsole } from './console/registerConsole';
import { UrgentCaseNotifier } from './console/UrgentCaseNotifier';
import type { CaseService } from './domain/CaseService';
import { noteUnsentReplies } from './domain/noteUnsentReplies';
import { ParentMessenger } from './handoff/ParentMessenger';
import { BackgroundWork } from './http/BackgroundWork';
import { registerHealthRoutes } from './http/healthRoutes';
import { registerPrivacyNoticePage } from './http/privacyNoticePage';
import { createHttpServer } from './http/server';
import { createRecognizer } from './nlu/createRecognizer';
import type { Logger } from './observability/logger';
import { CONTENT_DIR } from './config/paths';
import type { PrivacyOperations } from './privacy/PrivacyOperations';
import { privacyProblems, shortNoticeFitsOneText, unfilledControllerFields } from './privacy/privacySettings';
import { registerPrivacyRoutes } from './console/privacyRoutes';
import { loadSealer, type Sealer } from './security/sealer';
import { lockDataDir } from './store/dataDirLock';
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
  /** The SMS channel (Twilio, or the /dev/sms simulator). */
  sms: SmsChannel;
  /** Retention sweep, erasure and subject access export (docs/privacy.md). */
  privacy: PrivacyOperations;
  /** Texts outside a conversation, e.g. staff alerts (Twilio, or the simulator when Twilio is not configured). */
  smsSender: SmsSender;
  /** Starts listening; resolves with the base URL. */
  listen(): Promise<string>;
  /** Stops accepting, finishes turns in flight (up to the shutdown timeout), flushes and closes stores. */
  close(): Promise<void>;
}

export interface AppOptions {
  /** Where `content/` is; defaults to the repository's. */
  contentDir?: string;
  /** The clock for working hours, cases, the handoff and alerts; tests pass a fixed one. Sessions and the audit log use real time. */
  now?: () => Date;
  /** Sends staff alert texts; defaults to the SMS channel's sender (tests pass a fake). */
  smsSender?: SmsSender;
}

/**
 * The composition root: builds every part from the config and wires them together. Takes the
 * DATA_DIR lock first (a DataDirLockedError, with nothing touched, if another instance holds it).
 * It reads as: config and content → infrastructure (model, sealer, stores) → the conversation core →
 * channels → routes → lifecycle (listen, close).
 */
export async function createApp(config: Config, logger: Logger, options: AppOptions = {}): Promise<App> {
  let app: App | undefined;
  const releaseLock = await lockDataDir(config.store.dataDir, (err) => {
    logger.fatal({ err }, 'lost the DATA_DIR lock to another process: stopping');
    void app?.close();
  });
  try {
    app = await buildApp(config, logger, options, releaseLock);
    return app;
  } catch (err) {
    await releaseLock();
    throw err;
  }
}

async function buildApp(
  config: Config,
  logger: Logger,
  options: AppOptions,
  releaseLock: () => Promise<void>,
): Promise<App> {
  const now = options.now ?? (() => new Date());

  // Content, checked against the configuration.
  const content = await loadContent(options.contentDir ?? CONTENT_DIR);
  const outcomes = await loadOutcomeContent(options.contentDir ?? CONTENT_DIR);
  checkContentForConfig(content, config, logger, now());

  // Infrastructure: the language model, the sealing key, the database and its stores.
  const recognizer = await createRecognizer(
    config.nlu,
    content.utterances,
    logger.child({ category: 'nlu' }),
  );
  const sealer = await loadSealer(config.encryptionKey, config.store.dataDir, config.previousEncryptionKeys);
  const database = await openDatabase(config.store, logger.child({ category: 'store' }));
  const stores = await openStores(database, sealer, {
    directLineRetentionHours: config.webChat.historyHours,
    now,
  });
  const work = new BackgroundWork();

  // The conversation: bot, dialogs, safeguarding, cases and the live handoff.
  const core = createConversationCore({
    content,
    recognizer,
    stores,
    sealer,
    settings: conversationSettings(config),
    logger,
    now,
  });
  const { cases, privacy, onTurnError, transcriptRecorder } = core;

  // Channels.
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
    runTurn: core.runTurn,
    conversationState: core.conversationState,
    work,
    singleProcessStore: database.kind === 'embedded',
    otherwise: botFrameworkConversations,
  });
  directLine.adapter.onTurnError = onTurnError;
  directLine.adapter.use(transcriptRecorder);
  gateway.register(directLine.adapter);

  const sms = createSmsChannel({
    settings: config.sms,
    publicUrl: config.http.publicUrl,
    singleProcessStore: database.kind === 'embedded',
    stores: stores.sms,
    sealer,
    content,
    conversationState: core.conversationState,
    runTurn: core.runTurn,
    work,
    logger: logger.child({ category: 'sms' }),
    onRepliesDropped: noteUnsentReplies({ caseStore: stores.cases, cases, sealer }),
  });
  sms.adapter.onTurnError = onTurnError;
  sms.adapter.use(transcriptRecorder);
  gateway.register(sms.adapter);

  // The PSW console's services: sign-in, live updates, urgent case alerts.
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
    streamsPerSession: config.console.streamsPerSession,
  });
  const urgentAlerts = new UrgentCaseNotifier({
    caseStore: stores.cases,
    cases,
    staff: stores.staff,
    sms: options.smsSender ?? sms.sender,
    database,
    content,
    logger: consoleLogger,
    publicUrl: config.http.publicUrl,
    sweepMs: config.console.alertSweepMs,
    areaDutyPhones: config.console.areaDutyPhones,
    now,
  });

  // Routes.
  let shuttingDown = false;
  const server = createHttpServer(config.http, logger.child({ category: 'http' }));
  // Every socket, whatever it became (keep-alive, server-sent events, WebSocket, an upgrade nobody
  // answered), so that shutdown can end them all when its time is up.
  const sockets = new Set<Socket>();
  server.server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
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
  registerBotFrameworkRoutes(server, botFramework, config.botFramework, config.http, core.runTurn);
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
    await loadWebChatPages({
      schools: content.schools,
      webChat: config.webChat,
      text: content.copy.webchat,
      assetCacheDir: path.join(config.store.dataDir, 'asset-cache'),
    })
  ).register(server);
  registerSmsRoutes(server, sms, logger.child({ category: 'sms' }));
  registerPrivacyNoticePage(server, content);
  await registerConsole(server, {
    services: {
      cases,
      caseStore: stores.cases,
      staff: stores.staff,
      audit: stores.audit,
      messenger: new ParentMessenger(gateway, content.handoff, core.feedback),
      transcripts: stores.transcripts,
      content,
      logger: consoleLogger,
      work,
      now: () => new Date(), // the audit log keeps real time
    },
    auth: staffAuth,
    live: consoleLive,
    trustedProxyHops: config.http.trustedProxyHops,
    transcripts: stores.transcripts,
    feedback: stores.feedback,
    signposting: stores.signposting,
    reportCounts: stores.privacy.reportCounts,
    outcomes,
    savedReplies: stores.savedReplies,
  });
  registerPrivacyRoutes(server, {
    auth: staffAuth,
    privacy,
    stores,
    content,
    now: () => new Date(), // the audit log keeps real time
  });
  await explainFirstAccount(stores.staff, consoleLogger);
  urgentAlerts.start();
  privacy.start(config.privacy.sweepIntervalMs);

  // Lifecycle: listen, and close in order.
  let closed: Promise<void> | undefined;
  return {
    server,
    stores,
    content,
    sealer,
    cases,
    work,
    gateway,
    sms,
    privacy,
    smsSender: sms.sender,
    listen: () =>
      new Promise((resolve, reject) => {
        server.server.once('error', reject);
        server.listen(config.http.port, config.http.host, () => {
          const address = server.address();
          const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
          sms.start();
          directLine.start();
          resolve(`http://${host === '0.0.0.0' || host === '[::]' ? '127.0.0.1' : host}:${address.port}`);
        });
      }),
    close: () => {
      closed ??= (async () => {
        shuttingDown = true;
        const deadline = Date.now() + config.http.shutdownTimeoutMs;
        const streamsClosed = directLine.close();
        sms.stop();
        const stopped = new Promise<void>((resolve) => server.server.close(() => resolve()));
        server.server.closeIdleConnections();
        consoleLive.closeAll();
        await Promise.race([
          Promise.all([urgentAlerts.stop(), privacy.stop()]),
          delay(Math.max(0, deadline - Date.now()), undefined, { ref: false }),
        ]);
        const drained = await work.drain(Math.max(0, deadline - Date.now()));
        if (!drained) logger.warn({ pending: work.size }, 'shutdown timeout: some work did not finish');
        server.server.closeAllConnections();
        for (const socket of sockets) socket.destroy();
        await stopped;
        await streamsClosed;
        await stores.close();
        await releaseLock();
      })();
      return closed;
    },
  };
}

/**
 * Checks the content against the configuration (a ConfigError if they disagree) and logs what
 * staff should know: content due for review, areas with no duty phone, unfilled privacy fields.
 */
function checkContentForConfig(content: Content, config: Config, logger: Logger, now: Date): void {
  const defaultAreaId = config.conversation.defaultArea;
  if (!content.areas.some((a) => a.id === defaultAreaId)) {
    throw new ConfigError([`DEFAULT_AREA "${defaultAreaId}" is not an area in content/schools.json`]);
  }
  const unknownDutyAreas = Object.keys(config.console.areaDutyPhones).filter(
    (id) => !content.areas.some((a) => a.id === id),
  );
  if (unknownDutyAreas.length > 0) {
    throw new ConfigError([
      `AREA_DUTY_PHONES: ${unknownDutyAreas.map((id) => `"${id}"`).join(', ')} is not an area in content/schools.json`,
    ]);
  }
  const noDutyPhone = content.areas.filter((a) => !config.console.areaDutyPhones[a.id]).map((a) => a.id);
  if (noDutyPhone.length > 0) {
    logger.warn(
      { areas: noDutyPhone },
      'no AREA_DUTY_PHONES entry: an urgent case whose school is not known is texted only to on-duty PSWs who see the area',
    );
  }
  reportContentReviews(content, logger.child({ category: 'content' }), now);
  const badPrivacy = privacyProblems(content, config.env === 'production');
  if (badPrivacy.length > 0) throw new ConfigError(badPrivacy);
  const privacyLogger = logger.child({ category: 'privacy' });
  const unfilled = unfilledControllerFields(content);
  for (const problem of unfilled) privacyLogger.warn(problem);
  const { publicUrl } = config.http;
  if (publicUrl && unfilled.length === 0 && !shortNoticeFitsOneText(content, publicUrl))
    privacyLogger.warn(
      'the short privacy notice by SMS takes 2 texts with this controller name and PUBLIC_URL (docs/privacy.md, "Consent")',
    );
}
