import type { ConversationState, StatePropertyAccessor } from 'botbuilder';
import type { ConversationProfile } from '../src/turn/conversationProfile';
import type { LiveChatQueue } from '../src/turn/LiveChatRouter';
import type { Content } from '../src/content/loadContent';
import type { CaseService } from '../src/domain/CaseService';
import type { Logger } from '../src/observability/logger';
import type { SignpostingLog } from '../src/store/ports';
import type { ErasureService } from '../src/privacy/ErasureService';
import type { ConsentRegister } from '../src/store/privacyPorts';
import type { Understander } from './understanding';

/** What every dialog may use; built once in the composition root and passed down. */
export interface ConversationDeps {
  content: Content;
  understander: Understander;
  cases: CaseService;
  /** Tells a parent who has just asked for a person where they are in the queue (the console's router). */
  liveChat: LiveChatQueue;
  /** Dialogs keep their own state (e.g. a referral in progress) in conversation state, sealed at rest. */
  conversationState: ConversationState;
  profiles: StatePropertyAccessor<ConversationProfile>;
  /** The area used for signposting when the conversation's school is not known. */
  defaultAreaId: string;
  /** Which agencies were shown, counted for the schools' reports (no words, no people). */
  signposting: SignpostingLog;
  now: () => Date;
  logger: Logger;
  /** Consents to the privacy notice are registered; a parent can have their data erased. */
  privacy: { consents: ConsentRegister; erasure: ErasureService };
  /**
   * PUBLIC_URL, when set: by SMS the privacy notice is a short first layer with a link to the full
   * notice's page there (`/privacy`); without it the whole summary is sent.
   */
  publicUrl?: string;
}

/** What a task dialog (referral, FAQ, signposting, talk to a person) can ask the main dialog to do next. */
export type TaskRequest =
  | { task: 'referral'; topicId?: string; words?: string; callback?: boolean }
  | { task: 'faq'; faqId?: string; candidateFaqId?: string }
  | { task: 'signposting'; topicId?: string; words?: string }
  | { task: 'person' }
  | { task: 'described'; topicId?: string; words: string }
  | { task: 'erase' };

export interface TaskResult {
  /** Start this task next (e.g. a referral after signposting). */
  next?: TaskRequest;
  /** End the conversation's dialogs quietly (e.g. a live chat is waiting for a PSW). */
  end?: boolean;
  /** A task was finished (a referral sent): "anything else?" follows, and by SMS the menu with it. */
  finished?: boolean;
}
