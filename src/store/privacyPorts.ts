/**
 * Store ports for privacy operations (docs/privacy.md): the register of consents, the monthly
 * counts that reports keep after people's records are deleted, and erasures still to finish.
 */

import { DateTime } from 'luxon';

// ---- Consents: who agreed to which privacy notice, when, on which channel -----------------------

export interface ConsentRecord {
  id: string;
  /** Keyed hash of the conversation (never the raw id). */
  conversationKey: string;
  channelId: string;
  schoolId?: string;
  /** The privacy notice version agreed to. */
  version: string;
  at: Date;
}

export interface ConsentRegister {
  record(consent: Omit<ConsentRecord, 'id'>): Promise<ConsentRecord>;
  /** Whether the conversation has agreed to any privacy notice. */
  hasConsented(conversationKey: string): Promise<boolean>;
  /** Newest first. */
  list(
    filter: { schoolIds?: string[]; conversationKey?: string },
    page?: { limit?: number; skip?: number },
  ): Promise<ConsentRecord[]>;
  eraseConversation(conversationKey: string): Promise<number>;
  eraseBefore(date: Date): Promise<number>;
  /**
   * How many consents this process has recorded or erased so far (it only ever grows). An answer
   * of hasConsented asked for while it was n stays right while it is still n (a turn asks once
   * per transcript line, and uses this to ask the store once per turn).
   */
  changes?(): number;
}

// ---- Report counts: per school and month, never deleted by a sweep -------------------------------

export const REPORT_COUNTERS = [
  'opened',
  'closed',
  'urgent',
  'referral',
  'live_chat',
  'safeguarding',
] as const;
export type ReportCounter = (typeof REPORT_COUNTERS)[number];

export interface MonthlyCount {
  schoolId: string;
  /** "2026-11". */
  month: string;
  counts: Partial<Record<ReportCounter, number>>;
  /**
   * The summed report tallies of the school's cases opened in that month (UK time) that have been
   * deleted under the retention policy: named counters of codes and numbers (src/reports/caseTally.ts),
   * never names, words or references. Absent until a case of the month is deleted.
   */
  retained?: Record<string, number>;
}

/** A deleted case's tally being added to its month: kept until the case is gone (see `ReportCounts.retain`). */
export interface RetainMark {
  schoolId: string;
  month: string;
  caseId: string;
  tally: Record<string, number>;
}

/** The report month of a moment, UK time (as the reports' months and terms are), e.g. "2026-11". */
export function reportMonth(at: Date): string {
  return DateTime.fromJSDate(at, { zone: 'Europe/London' }).toFormat('yyyy-MM');
}

export interface ReportCounts {
  /** Adds one to each counter of the school's month (one atomic update). */
  increment(schoolId: string, month: string, counters: ReportCounter[]): Promise<void>;
  /** Oldest month first. */
  list(filter: { schoolIds?: string[] }): Promise<MonthlyCount[]>;
  /**
   * Adds a case's tally to its month's `retained` counters and, in the same atomic update, marks
   * the month with the case's id, before the case is deleted; `settle` removes the mark once it is.
   * A sweep stopped in between finds the mark (`marks`): case gone → settle, case still there →
   * `unretain` (so a case is never counted twice, nor lost). One mark per month at a time.
   */
  retain(mark: RetainMark): Promise<void>;
  settle(mark: Pick<RetainMark, 'schoolId' | 'month' | 'caseId'>): Promise<void>;
  /** Takes a marked tally back out and removes the mark (its case was not deleted). */
  unretain(mark: RetainMark): Promise<void>;
  marks(): Promise<RetainMark[]>;
}

// ---- Erasures in progress -------------------------------------------------------------------------

/**
 * A parent's erasure is done at once, then done again after the channel has finished the turn
 * (its last reply is delivered and logged): this record, kept until then, says what to erase.
 */
export interface PendingErasure {
  id: string;
  conversationKey: string;
  channelId: string;
  /** The channel's conversation id (sealed at rest). */
  conversationId: string;
  /** The channel's user id, for user state (sealed at rest). */
  userId?: string;
  requestedAt: Date;
  dueAt: Date;
}

export interface ErasureQueue {
  add(erasure: Omit<PendingErasure, 'id'>): Promise<PendingErasure>;
  /** Due by `now`, oldest first. */
  due(now: Date, limit: number): Promise<PendingErasure[]>;
  remove(id: string): Promise<boolean>;
}

export interface PrivacyStores {
  consents: ConsentRegister;
  reportCounts: ReportCounts;
  erasures: ErasureQueue;
}
