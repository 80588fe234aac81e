import { randomUUID } from 'node:crypto';
import type { ConversationState, TurnContext } from 'botbuilder';
import type { Config } from '../../config';
import type { Content } from '../../content/loadContent';
import type { BackgroundWork } from '../../http/BackgroundWork';
import type { Logger } from '../../observability/logger';
import type { Sealer } from '../../security/sealer';
import type { SmsStores, SmsTransportKind } from '../../store/smsPorts';
import type { SmsSender } from '../SmsSender';
import { ConversationLeases } from './ConversationLeases';
import { SmsAdapter } from './SmsAdapter';
import { SmsDispatcher } from './SmsDispatcher';
import { SmsSimulator } from './SmsSimulator';
import { SmsTextSender } from './SmsTextSender';
import type { SmsTransport } from './SmsTransport';
import { TwilioTransport, type TwilioSettings } from './TwilioTransport';

/** The simulator's number for texts not sent to a school's own number. */
export const SIMULATOR_SERVICE_NUMBER = 'simulator';

export interface SmsChannel {
  adapter: SmsAdapter;
  stores: SmsStores;
  /** Texts outside a conversation (staff alerts): Twilio, or the simulator when Twilio is not configured. */
  sender: SmsSender;
  /** Undefined when NODE_ENV=production. */
  simulator: SmsSimulator | undefined;
  twilio: TwilioSettings | undefined;
  /** PUBLIC_URL, against which Twilio's signatures are checked. */
  publicUrl: string | undefined;
  content: Content;
  /** Runs the turns of texts left unfinished (at once, then every SMS_SWEEP_INTERVAL_MS). */
  start(): void;
  stop(): void;
}

export interface SmsChannelDeps {
  settings: Config['sms'];
  publicUrl: string | undefined;
  /** With the embedded store (one process owns it), leases left by a crashed process are dropped at start. */
  singleProcessStore: boolean;
  stores: SmsStores;
  sealer: Sealer;
  content: Content;
  conversationState: ConversationState;
  runTurn: (context: TurnContext) => Promise<void>;
  work: BackgroundWork;
  logger: Logger;
  /** Notes on the parent's case that the replies to a text were dropped (the provider was down too long). */
  onRepliesDropped?: (conversationId: string) => Promise<void>;
}

export function createSmsChannel(deps: SmsChannelDeps): SmsChannel {
  const { settings, logger } = deps;
  const transports: Partial<Record<SmsTransportKind, SmsTransport>> = {};
  if (settings.twilio) {
    transports.twilio = new TwilioTransport(
      settings.twilio,
      { retries: settings.sendRetries, baseMs: settings.retryBaseMs, timeoutMs: settings.timeoutMs },
      deps.publicUrl ? `${deps.publicUrl}/api/sms/status` : undefined,
      logger,
    );
  }
  const simulator = settings.simulator ? new SmsSimulator(SIMULATOR_SERVICE_NUMBER) : undefined;
  if (simulator) transports.simulator = simulator;

  const dispatcher = new SmsDispatcher(deps.stores.outbox, deps.stores.optOuts, transports, logger);
  const schoolByNumber = new Map<string, string>();
  for (const school of deps.content.schools) {
    for (const number of school.smsNumbers ?? []) schoolByNumber.set(number, school.id);
  }
  const adapter = new SmsAdapter({
    stores: deps.stores,
    sealer: deps.sealer,
    copy: deps.content.sms,
    schoolByNumber,
    dispatcher,
    leases: new ConversationLeases(deps.stores.conversations, randomUUID(), settings.leaseMs, logger),
    conversationState: deps.conversationState,
    runTurn: deps.runTurn,
    work: deps.work,
    logger,
    retry: { horizonMs: settings.retryHorizonMs, firstDelayMs: settings.sweepIntervalMs },
    ...(deps.onRepliesDropped ? { onRepliesDropped: deps.onRepliesDropped } : {}),
  });
  const sender = settings.twilio
    ? new SmsTextSender(dispatcher, deps.sealer, 'twilio', settings.twilio.fromNumber)
    : new SmsTextSender(
        dispatcher,
        deps.sealer,
        simulator ? 'simulator' : undefined,
        SIMULATOR_SERVICE_NUMBER,
      );
  if (!settings.twilio) {
    logger.warn(
      { simulator: Boolean(simulator) },
      'Twilio is not configured: POST /api/sms answers 503; texts go to the /dev/sms simulator when it is on',
    );
  }

  let timer: NodeJS.Timeout | undefined;
  let sweeping = false;
  const sweep = (dueOnly = true) => {
    if (sweeping) return;
    sweeping = true;
    void deps.work
      .run(
        () => adapter.sweep(100, dueOnly),
        (err) => logger.error({ err }, 'SMS sweep failed'),
      )
      .finally(() => {
        sweeping = false;
      });
  };
  return {
    adapter,
    stores: deps.stores,
    sender,
    simulator,
    twilio: settings.twilio,
    publicUrl: deps.publicUrl,
    content: deps.content,
    start() {
      if (timer) return;
      if (deps.singleProcessStore) {
        void deps.work.run(
          async () => {
            await deps.stores.conversations.dropAllLeases();
            await adapter.sweep(100, false);
          },
          (err) => logger.error({ err }, 'SMS recovery at start failed'),
        );
      } else {
        sweep(false);
      }
      timer = setInterval(() => sweep(), settings.sweepIntervalMs);
      timer.unref();
    },
    stop() {
      if (timer) clearInterval(timer);
      timer = undefined;
    },
  };
}
