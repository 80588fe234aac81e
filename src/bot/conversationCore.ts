import { ConversationState, UserState, type TurnContext } from 'botbuilder';
import { MainDialog } from '../../dialogs/MainDialog';
import type { Config } from '../config';
import { Understander } from '../../dialogs/understanding';
import type { Content } from '../content/loadContent';
import { CaseService } from '../domain/CaseService';
import { CaseLiveChatRouter } from '../handoff/CaseLiveChatRouter';
import { dueByForSchools } from '../handoff/dueBy';
import { FeedbackCollector } from '../handoff/FeedbackCollector';
import { HandoffState } from '../handoff/handoffState';
import type { Recognizer } from '../nlu/Recognizer';
import type { Logger } from '../observability/logger';
import { PrivacyOperations } from '../privacy/PrivacyOperations';
import { SafeguardingCheck } from '../safeguarding/SafeguardingCheck';
import type { Sealer } from '../security/sealer';
import type { Stores } from '../store/ports';
import { conversationProfileAccessor } from '../turn/conversationProfile';
import { createOnTurnError } from './onTurnError';
import { ParentSupportBot } from './ParentSupportBot';
import { TranscriptRecorder } from './TranscriptRecorder';

/** What the conversation takes from the configuration. */
export interface ConversationSettings {
  /** DEFAULT_AREA: the area whose helplines a parent sees before naming a school. */
  defaultAreaId: string;
  /** CONSOLE_MINUTES_PER_WAITING_CASE: for the wait a parent is told in the queue. */
  minutesPerWaitingCase: number;
  /** PUBLIC_URL: where the full privacy notice's page is (`/privacy`), linked from the short notice by SMS. */
  publicUrl?: string;
}

export function conversationSettings(
  config: Pick<Config, 'conversation' | 'console' | 'http'>,
): ConversationSettings {
  return {
    defaultAreaId: config.conversation.defaultArea,
    minutesPerWaitingCase: config.console.minutesPerWaitingCase,
    ...(config.http.publicUrl ? { publicUrl: config.http.publicUrl } : {}),
  };
}

export interface ConversationCoreDeps {
  content: Content;
  /** Reads what a parent wrote (local, LUIS or CLU; see `createRecognizer`). */
  recognizer: Recognizer;
  stores: Stores;
  sealer: Sealer;
  settings: ConversationSettings;
  logger: Logger;
  /** The clock for working hours, cases and the handoff. */
  now: () => Date;
}

/** Everything a conversation with a parent needs, whatever the channel. */
export interface ConversationCore {
  cases: CaseService;
  /** Erasure, subject access export and the retention sweep (not started here). */
  privacy: PrivacyOperations;
  feedback: FeedbackCollector;
  liveChat: CaseLiveChatRouter;
  conversationState: ConversationState;
  bot: ParentSupportBot;
  /** Runs one turn through the bot. */
  runTurn: (context: TurnContext) => Promise<void>;
  /** The one turn error handler every adapter installs. */
  onTurnError: (context: TurnContext, error: Error) => Promise<void>;
  /** The middleware every adapter installs (sealed transcript, conversation key). */
  transcriptRecorder: TranscriptRecorder;
}

/**
 * Builds the bot and what it runs on: the case service, the live handoff, the dialogs, the
 * safeguarding check, the transcript middleware and the turn error handler. The app and every test
 * harness that drives the bot build it here, so they cannot drift apart.
 */
export function createConversationCore(deps: ConversationCoreDeps): ConversationCore {
  const { content, recognizer, stores, sealer, settings, logger, now } = deps;
  const { defaultAreaId } = settings;
  const cases = new CaseService(stores.cases, now, {
    dueByFor: dueByForSchools(content),
    counts: stores.privacy.reportCounts,
  });
  const privacy = new PrivacyOperations({
    stores,
    content,
    sealer,
    logger: logger.child({ category: 'privacy' }),
    now,
  });

  const handoffState = new HandoffState(stores.state);
  const feedback = new FeedbackCollector(handoffState, stores.feedback, cases, content.handoff, now);
  const liveChat = new CaseLiveChatRouter({
    cases,
    caseStore: stores.cases,
    state: handoffState,
    feedback,
    content,
    minutesPerWaitingCase: settings.minutesPerWaitingCase,
    now,
  });

  const conversationState = new ConversationState(stores.state);
  const profiles = conversationProfileAccessor(conversationState);
  const dialog = new MainDialog({
    content,
    understander: new Understander(recognizer, content),
    cases,
    liveChat,
    conversationState,
    profiles,
    defaultAreaId,
    signposting: stores.signposting,
    now,
    logger: logger.child({ category: 'conversation' }),
    privacy: { consents: stores.privacy.consents, erasure: privacy.erasure },
    ...(settings.publicUrl ? { publicUrl: settings.publicUrl } : {}),
  });
  const safeguarding = new SafeguardingCheck({
    content,
    defaultAreaId,
    profiles,
    cases,
    logger: logger.child({ category: 'safeguarding' }),
    now,
  });
  const bot = new ParentSupportBot({
    conversationState,
    userState: new UserState(stores.state),
    dialog,
    safeguarding,
    liveChat,
  });
  return {
    cases,
    privacy,
    feedback,
    liveChat,
    conversationState,
    bot,
    runTurn: (context) => bot.run(context),
    onTurnError: createOnTurnError(logger.child({ category: 'bot' }), content.copy.turnError),
    transcriptRecorder: new TranscriptRecorder(stores.transcripts, sealer, now, stores.privacy.consents),
  };
}
