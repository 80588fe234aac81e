import type { ConversationReference } from 'botbuilder';

/**
 * A case: a self-referral, a live chat or a safeguarding concern, as the domain, the stores, the
 * dialogs and the console all see it. Its lifecycle is `caseLifecycle.ts`; its store port is
 * `CaseStore` in src/store/ports.ts.
 */

/** `safeguarding`: opened by the bot itself when a message suggested someone is at risk and no case was open. */
export type CaseKind = 'referral' | 'live_chat' | 'safeguarding';
export const CASE_KINDS: readonly CaseKind[] = ['referral', 'live_chat', 'safeguarding'];
export type CaseStatus = 'new' | 'claimed' | 'in_progress' | 'closed';
export const CASE_STATUSES: readonly CaseStatus[] = ['new', 'claimed', 'in_progress', 'closed'];
export type CaseOutcome = 'resolved' | 'signposted' | 'referred_on' | 'no_contact' | 'escalated';

export interface CaseHistoryEntry {
  at: Date;
  /** Who acted: a PSW account id, or 'parent', 'bot' or 'system'. */
  by: string;
  action: string;
  from?: CaseStatus;
  to?: CaseStatus;
  /** Short reason or code; not personal data. */
  reason?: string;
  /** Free text written by a PSW; personal data, sealed at rest. */
  note?: string;
}

/** What a PSW records at closing besides the outcome (codes from content/outcomes.json; no personal text). */
export interface CaseClosure {
  /** What changed, e.g. 'attendance_improved', 'linked_to_service'. */
  areas: string[];
  /** Attendance before and after, in per cent, when the case was about attendance. */
  attendanceBefore?: number;
  attendanceAfter?: number;
}

/** The parent's answer to "On a scale of 0 to 10, how are things at home at the moment?". */
export interface CaseWellbeing {
  /** At the start of the episode (when the referral was made). */
  start?: number;
  /** When the case closed. */
  end?: number;
}

/**
 * One risk message the bot saw in the case's conversation: the risk categories (ids from
 * src/safeguarding/riskCategories.ts) and the parent's sentences that raised them. The evidence is
 * personal data: sealed at rest, never logged.
 */
export interface SafeguardingConcern {
  at: Date;
  categories: string[];
  evidence: string[];
}

export interface Case {
  id: string;
  /** Short reference a parent can quote, e.g. "K7P-4QX". */
  reference: string;
  kind: CaseKind;
  status: CaseStatus;
  urgent: boolean;
  /**
   * Why the case is urgent (or was marked not urgent), in words a PSW reads on the case page, e.g.
   * "Parent said they are afraid to go home" or "safeguarding: violence". Not the parent's words.
   */
  urgentReason?: string;
  schoolId: string;
  channelId: string;
  /** Keyed hash of the conversation, so cases can be found by conversation without storing its id. */
  conversationKey: string;
  /** How to reach the parent on their own channel (sealed at rest). */
  conversationRef: Partial<ConversationReference>;
  /** What the parent told us (sealed at rest). */
  details: Record<string, unknown>;
  assigneeId?: string;
  outcome?: CaseOutcome;
  closure?: CaseClosure;
  wellbeing?: CaseWellbeing;
  /** When a PSW should pick it up at the latest (next working time for the school). */
  dueBy?: Date;
  /** When the on-duty PSWs were texted about this urgent case. */
  alertedAt?: Date;
  /** Risk messages seen in the conversation while the case was open, oldest first. */
  concerns?: SafeguardingConcern[];
  createdAt: Date;
  updatedAt: Date;
  /** Increases by one on every change; callers can make a change conditional on it. */
  version: number;
  history: CaseHistoryEntry[];
}

export type NewCase = Omit<Case, 'version' | 'history' | 'updatedAt'> & { history?: CaseHistoryEntry[] };
