import type { Storage } from 'botbuilder';
import type {
  Case,
  CaseHistoryEntry,
  CaseKind,
  CaseStatus,
  NewCase,
  SafeguardingConcern,
} from '../domain/model/case';
import type { PrivacyStores } from './privacyPorts';
import type { DirectLineStore } from './directLinePorts';
import type { DocumentDatabase } from './documents';
import type { SmsStores } from './smsPorts';

/**
 * The store ports. Everything the product persists goes through one of these; each has one
 * implementation written against `DocumentDatabase`, which the embedded store and MongoDB both
 * provide. Ports that hold personal data seal it before it is written (see `Sealer`): callers
 * pass and receive plain values.
 */

// ---- Cases: self-referrals and live handoffs (the case itself: src/domain/model/case.ts) -------

export interface CaseFilter {
  schoolIds?: string[];
  statuses?: CaseStatus[];
  urgent?: boolean;
  kind?: CaseKind;
  assigneeId?: string;
  conversationKey?: string;
  /** Opened at or after this moment. */
  createdFrom?: Date;
  /** Opened at or before this moment. */
  createdTo?: Date;
  /** Last changed before this date (retention: a closed case is dated by its last change). */
  updatedBefore?: Date;
}

export interface CaseChange {
  /** The change applies only if the case is in one of these statuses. */
  expectStatus?: CaseStatus[];
  /** The change applies only if the case is at this version. */
  expectVersion?: number;
  set?: Partial<
    Pick<
      Case,
      | 'status'
      | 'urgent'
      | 'urgentReason'
      | 'assigneeId'
      | 'outcome'
      | 'closure'
      | 'wellbeing'
      | 'dueBy'
      | 'details'
      | 'schoolId'
      | 'alertedAt'
    >
  >;
  unset?: Array<'assigneeId' | 'outcome' | 'closure' | 'dueBy' | 'urgentReason' | 'alertedAt'>;
  /** Recorded in the same atomic update. */
  history: CaseHistoryEntry;
}

export interface CaseStore {
  /** Throws DuplicateKeyError if the reference is taken. */
  insert(newCase: NewCase): Promise<Case>;
  get(id: string): Promise<Case | null>;
  getByReference(reference: string): Promise<Case | null>;
  /** Urgent first, then oldest first. */
  list(filter: CaseFilter, page?: { limit?: number; skip?: number }): Promise<Case[]>;
  /**
   * The console's queue order: live chats waiting for a person first (urgent first, then the
   * longest waiting), then everything else: urgent first, then the earliest due, then the oldest.
   */
  listQueue(filter: CaseFilter, page?: { limit?: number; skip?: number }): Promise<Case[]>;
  count(filter: CaseFilter): Promise<number>;
  /**
   * The same family's other cases (newest first, at most 20): the same conversation, or the same
   * phone number given in a referral (matched by keyed hash). Only in `schoolIds` when given.
   */
  listRelated(theCase: Case, schoolIds?: string[]): Promise<Case[]>;
  /** One atomic conditional update: returns the case after the change, or null if it did not apply. */
  applyChange(id: string, change: CaseChange): Promise<Case | null>;
  /** Marks every open case of a conversation urgent; returns how many changed. */
  markUrgentForConversation(conversationKey: string, entry: CaseHistoryEntry): Promise<number>;
  /**
   * Adds a safeguarding concern to every open case of a conversation and marks them urgent (the
   * ones already urgent too: the concern is still added); returns how many changed.
   */
  addConcernForConversation(
    conversationKey: string,
    concern: SafeguardingConcern,
    entry: CaseHistoryEntry,
  ): Promise<number>;
  /** Erases a case entirely (a parent's or manager's erasure request). */
  erase(id: string): Promise<boolean>;
  /** The conversation keys of the matching cases, without opening what is sealed (retention). */
  conversationKeys(filter: CaseFilter): Promise<string[]>;
}

// ---- Transcripts -----------------------------------------------------------------------------

export type TranscriptSender = 'parent' | 'bot' | 'psw' | 'system';

export interface TranscriptEntry {
  id: string;
  conversationKey: string;
  channelId: string;
  at: Date;
  sender: TranscriptSender;
  /** The PSW account id when sender is 'psw'. */
  senderId?: string;
  /** Message text (sealed at rest). */
  text: string;
  /** Written before the parent agreed to the privacy notice (kept only for the pre-consent period). */
  beforeConsent?: boolean;
}

/** Which transcript entries a retention sweep removes: all conditions hold. */
export interface TranscriptEraseFilter {
  before: Date;
  /** Keep the entries of these conversations. */
  exceptConversations?: string[];
  /** Only the entries of these conversations. */
  onlyConversations?: string[];
  /** Only entries written before the parent agreed to the privacy notice. */
  beforeConsentOnly?: boolean;
}

export interface TranscriptStore {
  /**
   * Adds an entry. With `key` (unique within the conversation, e.g. the incoming activity's id),
   * an entry already written under the same key is kept and returned instead: a turn run again
   * after a crash writes no line twice.
   */
  append(entry: Omit<TranscriptEntry, 'id'>, options?: { key?: string }): Promise<TranscriptEntry>;
  /** The newest entry of a conversation (only from these senders when given), or null. */
  latest(conversationKey: string, senders?: TranscriptSender[]): Promise<TranscriptEntry | null>;
  /** Oldest first. */
  list(conversationKey: string, options?: { since?: Date; limit?: number }): Promise<TranscriptEntry[]>;
  eraseConversation(conversationKey: string): Promise<number>;
  /** Removes entries older than the date (retention). */
  eraseBefore(date: Date): Promise<number>;
  /** Removes the entries that match (retention sweep); returns how many. */
  eraseWhere(filter: TranscriptEraseFilter): Promise<number>;
}

// ---- PSW accounts --------------------------------------------------------------------------

export type StaffRole = 'psw' | 'manager' | 'admin';

export interface StaffAccount {
  id: string;
  email: string;
  displayName: string;
  role: StaffRole;
  /** School ids this account may see; ['*'] means all schools. */
  schools: string[];
  passwordHash: string;
  failedLogins: number;
  lockedUntil?: Date;
  disabled: boolean;
  /** Mobile number for urgent-case texts (sealed at rest). */
  alertPhone?: string;
  /** Whether the PSW wants urgent-case texts now (set from the console). */
  onDuty?: boolean;
  createdAt: Date;
  updatedAt: Date;
}

/** What an update may change on a staff account. */
export type StaffChange = Partial<
  Pick<
    StaffAccount,
    'displayName' | 'role' | 'schools' | 'passwordHash' | 'disabled' | 'lockedUntil' | 'alertPhone' | 'onDuty'
  >
>;

export interface StaffStore {
  /** Throws DuplicateKeyError if the e-mail is taken. */
  create(account: Omit<StaffAccount, 'updatedAt'>): Promise<StaffAccount>;
  get(id: string): Promise<StaffAccount | null>;
  getByEmail(email: string): Promise<StaffAccount | null>;
  list(): Promise<StaffAccount[]>;
  count(): Promise<number>;
  update(id: string, set: StaffChange): Promise<StaffAccount | null>;
  /**
   * Counts a sign-in attempt before its password is checked: atomically adds one to the failure
   * count unless the account is locked at `now`. Returns the new count, or null when locked (or
   * no such account). A right password then clears the count.
   */
  countLoginAttempt(id: string, now: Date): Promise<number | null>;
  /** Locks the account until `until` and starts the count afresh for when the lock ends. */
  lock(id: string, until: Date): Promise<void>;
  clearFailedLogins(id: string): Promise<void>;
}

// ---- Console sessions ------------------------------------------------------------------------

export interface StaffSession {
  /** The secret the browser holds in its cookie; stored only as a keyed hash. */
  token: string;
  staffId: string;
  /** Sent back with every state-changing request (X-CSRF-Token). */
  csrfToken: string;
  createdAt: Date;
  lastSeenAt: Date;
  /** Idle expiry: moves forward on use, never past `absoluteExpiresAt`. */
  expiresAt: Date;
  absoluteExpiresAt: Date;
}

export interface SessionStore {
  create(session: StaffSession): Promise<StaffSession>;
  /** The session, or null if there is none or it expired by `now`. */
  get(token: string, now: Date): Promise<StaffSession | null>;
  /** Marks the session used at `now` and moves its idle expiry; null if it had already expired. */
  touch(token: string, now: Date, idleMs: number): Promise<StaffSession | null>;
  delete(token: string): Promise<boolean>;
  /** Ends every session of an account (password change, account disabled). */
  deleteForStaff(staffId: string): Promise<number>;
}

// ---- Audit log ------------------------------------------------------------------------------

export interface AuditEvent {
  id: string;
  at: Date;
  /** Staff account id, or 'system'. */
  actorId: string;
  action: string;
  caseId?: string;
  schoolId?: string;
  /** Short, non-personal detail (a status, an outcome code). */
  detail?: string;
}

export interface AuditFilter {
  caseId?: string;
  actorId?: string;
  schoolIds?: string[];
  action?: string;
  since?: Date;
  /** Events before this moment. */
  until?: Date;
}

export interface AuditLog {
  record(event: Omit<AuditEvent, 'id'>): Promise<AuditEvent>;
  /** Newest first. */
  list(filter: AuditFilter, page?: { limit?: number; skip?: number }): Promise<AuditEvent[]>;
  /** Retention only (audit entries are kept longest): removes entries older than the date. */
  eraseBefore(date: Date): Promise<number>;
}

// ---- Feedback -------------------------------------------------------------------------------

export interface Feedback {
  id: string;
  at: Date;
  schoolId: string;
  channelId: string;
  caseId?: string;
  rating: 1 | 2 | 3 | 4 | 5;
  /** Parent's words (sealed at rest). */
  comment?: string;
}

export interface FeedbackStore {
  add(feedback: Omit<Feedback, 'id'>): Promise<Feedback>;
  /** Adds the parent's comment to feedback given earlier (the rating comes first). */
  addComment(id: string, comment: string): Promise<Feedback | null>;
  /** Newest first. */
  list(filter: { schoolIds?: string[]; caseId?: string; since?: Date }): Promise<Feedback[]>;
  /** Removes the comments (the parent's words) of feedback given before the date; ratings stay. */
  eraseCommentsBefore(date: Date): Promise<number>;
  /** Removes the feedback about a case (the case was erased). */
  eraseForCase(caseId: string): Promise<number>;
}

/** Bot conversation and user state: botbuilder `Storage`, plus retention. */
export interface ConversationStateStore extends Storage {
  /** Removes state not written since the date; returns how many items. */
  eraseIdleBefore(date: Date): Promise<number>;
}

// ---- Signposting shown (for the reports: counts, no words) -----------------------------------

export interface SignpostingShown {
  at: Date;
  /** The conversation's school, when known. */
  schoolId?: string;
  topicId: string;
  agencyIds: string[];
}

export interface SignpostingLog {
  record(shown: SignpostingShown): Promise<void>;
  list(filter: { schoolIds?: string[]; from?: Date; to?: Date }): Promise<SignpostingShown[]>;
}

// ---- Saved replies (templates a PSW can start a reply from) ----------------------------------

export interface SavedReply {
  id: string;
  /** The area whose PSW service uses it (content/schools.json `areas`). */
  areaId: string;
  title: string;
  /** May hold {parent} (the parent's first name) and {me} (the PSW's first name). */
  text: string;
  createdBy: string;
  createdAt: Date;
  updatedAt: Date;
}

export interface SavedReplyStore {
  /** By title; only these areas when given. */
  list(areaIds?: string[]): Promise<SavedReply[]>;
  get(id: string): Promise<SavedReply | null>;
  create(reply: Omit<SavedReply, 'id' | 'updatedAt'>): Promise<SavedReply>;
  update(id: string, set: Pick<SavedReply, 'title' | 'text' | 'updatedAt'>): Promise<SavedReply | null>;
  delete(id: string): Promise<boolean>;
}

// ---- Everything, as the composition root hands it out ----------------------------------------

export interface Stores {
  database: DocumentDatabase;
  /** Bot conversation and user state (botbuilder Storage, eTag-checked, sealed at rest). */
  state: ConversationStateStore;
  cases: CaseStore;
  transcripts: TranscriptStore;
  staff: StaffStore;
  sessions: SessionStore;
  audit: AuditLog;
  feedback: FeedbackStore;
  savedReplies: SavedReplyStore;
  /** The local Direct Line's conversations and activity log (web chat). */
  directLine: DirectLineStore;
  /** The SMS channel's conversations, inbox, outbox (delivery status) and opt-outs (see smsPorts.ts). */
  sms: SmsStores;
  /** Which agencies were shown (counts for the reports). */
  signposting: SignpostingLog;
  /** Consents given, report counts and erasures in progress (see privacyPorts.ts). */
  privacy: PrivacyStores;
  close(): Promise<void>;
}
