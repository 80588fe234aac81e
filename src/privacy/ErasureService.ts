import type { Logger } from '../observability/logger';
import type { DocumentDatabase } from '../store/documents';
import type { Case } from '../domain/model/case';
import type {
  AuditLog,
  CaseStore,
  ConversationStateStore,
  FeedbackStore,
  TranscriptStore,
} from '../store/ports';
import type { DirectLineStore } from '../store/directLinePorts';
import type { ErasureQueue, ConsentRegister, ReportCounts } from '../store/privacyPorts';
import type { SmsStores } from '../store/smsPorts';

/** How long after a parent's erasure the channel's own records go (its last reply is delivered first). */
export const ERASURE_GRACE_MS = 2 * 60_000;

export interface ErasureStores {
  database: DocumentDatabase;
  state: ConversationStateStore;
  cases: CaseStore;
  transcripts: TranscriptStore;
  feedback: FeedbackStore;
  audit: AuditLog;
  directLine: DirectLineStore;
  sms: SmsStores;
  privacy: { consents: ConsentRegister; erasures: ErasureQueue; reportCounts: ReportCounts };
}

/** One conversation on one channel, as the bot knows it in a turn. */
export interface ConversationIdentity {
  channelId: string;
  conversationId: string;
  userId?: string;
  conversationKey: string;
  schoolId?: string;
}

export interface ParentErasureResult {
  erasedCases: number;
  /** Cases with a safeguarding concern: kept and flagged for the data protection officer. */
  keptCases: number;
}

/** Reasons a manager can give for erasing a case (codes: the audit log holds no free text). */
export const CASE_ERASURE_REASONS = [
  'parent_request',
  'opened_in_error',
  'duplicate',
  'dpo_decision',
  'retention',
] as const;
export type CaseErasureReason = (typeof CASE_ERASURE_REASONS)[number];

export const ERASURE_WITHHELD = 'privacy.erasure_withheld';

/**
 * Erases what is held about a conversation (a parent's request) or a case (a manager's), except a
 * case with a safeguarding concern, which is kept and flagged for the data protection officer.
 * Audited without the parent's details: counts and codes only.
 */
export class ErasureService {
  constructor(
    private readonly stores: ErasureStores,
    private readonly logger: Logger,
    private readonly now: () => Date,
  ) {}

  /** A parent's request: done now, and again once the channel has finished the turn (`finishDue`). */
  async eraseForParent(who: ConversationIdentity): Promise<ParentErasureResult> {
    const at = this.now();
    const { cases, audit, privacy } = this.stores;
    const found = await cases.list({ conversationKey: who.conversationKey });
    let keptCases = 0;
    let erasedCases = 0;
    for (const theCase of found) {
      if (theCase.urgent) {
        keptCases++;
        await this.flagKept(theCase, at);
      } else if (await this.eraseCaseRecords(theCase)) {
        erasedCases++;
      }
    }
    await this.eraseConversationData(who, { channelRecords: false });
    await privacy.erasures.add({
      conversationKey: who.conversationKey,
      channelId: who.channelId,
      conversationId: who.conversationId,
      ...(who.userId !== undefined ? { userId: who.userId } : {}),
      requestedAt: at,
      dueAt: new Date(at.getTime() + ERASURE_GRACE_MS),
    });
    await audit.record({
      at,
      actorId: 'parent',
      action: 'privacy.erasure',
      ...(who.schoolId ? { schoolId: who.schoolId } : {}),
      detail: `channel=${who.channelId};cases_erased=${erasedCases};cases_kept=${keptCases}`,
    });
    return { erasedCases, keptCases };
  }

  /** Finishes parents' erasures whose channel turn is over: the channel forgets the conversation. */
  async finishDue(limit = 100): Promise<number> {
    const due = await this.stores.privacy.erasures.due(this.now(), limit);
    for (const erasure of due) {
      await this.eraseConversationData(erasure, { channelRecords: true });
      await this.stores.privacy.erasures.remove(erasure.id);
    }
    if (due.length > 0) {
      await this.stores.database.compact();
      this.logger.info({ erasures: due.length }, 'erasures finished');
    }
    return due.length;
  }

  /** A manager erases a case (any case in their schools), with a reason code; audited. */
  async eraseCase(props: {
    caseId: string;
    actorId: string;
    reason: CaseErasureReason;
  }): Promise<Case | null> {
    const theCase = await this.stores.cases.get(props.caseId);
    if (!theCase) return null;
    await this.eraseCaseRecords(theCase);
    if ((await this.stores.cases.count({ conversationKey: theCase.conversationKey })) === 0) {
      await this.stores.transcripts.eraseConversation(theCase.conversationKey);
      await this.stores.state.delete(handoffKeys(theCase.conversationKey));
    }
    await this.stores.audit.record({
      at: this.now(),
      actorId: props.actorId,
      action: 'privacy.case_erased',
      caseId: theCase.id,
      schoolId: theCase.schoolId,
      detail: `reason=${props.reason};urgent=${theCase.urgent}`,
    });
    await this.stores.database.compact();
    return theCase;
  }

  private async eraseCaseRecords(theCase: Case): Promise<boolean> {
    await this.stores.feedback.eraseForCase(theCase.id);
    return await this.stores.cases.erase(theCase.id);
  }

  private async flagKept(theCase: Case, at: Date): Promise<void> {
    await this.stores.cases.applyChange(theCase.id, {
      history: { at, by: 'parent', action: 'erasure_requested', reason: 'kept:safeguarding' },
    });
    await this.stores.audit.record({
      at,
      actorId: 'parent',
      action: ERASURE_WITHHELD,
      caseId: theCase.id,
      schoolId: theCase.schoolId,
      detail: 'safeguarding concern: kept for review by the data protection officer',
    });
  }

  /**
   * State, drafts, transcripts (unless a kept case needs them) and consents; with `channelRecords`
   * also the channel's own log and contact details (web chat history; SMS number, texts).
   */
  private async eraseConversationData(
    who: Omit<ConversationIdentity, 'schoolId'>,
    options: { channelRecords: boolean },
  ): Promise<void> {
    const { state, transcripts, cases, privacy, directLine, sms } = this.stores;
    const keys = [
      `${who.channelId}/conversations/${who.conversationId}/`,
      ...handoffKeys(who.conversationKey),
    ];
    if (who.userId) keys.push(`${who.channelId}/users/${who.userId}/`);
    await state.delete(keys);
    if ((await cases.count({ conversationKey: who.conversationKey })) === 0)
      await transcripts.eraseConversation(who.conversationKey);
    await privacy.consents.eraseConversation(who.conversationKey);
    if (!options.channelRecords) return;
    await directLine.eraseByConversationKey(who.conversationKey);
    await sms.inbox.eraseConversation(who.conversationId);
    await sms.outbox.eraseConversation(who.conversationId);
    await sms.conversations.erase(who.conversationId);
  }
}

function handoffKeys(conversationKey: string): string[] {
  return [`handoff/feedback/${conversationKey}`, `handoff/notice/${conversationKey}`];
}
