import type { Content } from '../content/loadContent';
import type { Logger } from '../observability/logger';
import { caseTally, monthOf, ratingKey } from '../reports/caseTally';
import type { Case } from '../domain/model/case';
import type { RetainMark } from '../store/privacyPorts';
import type { ErasureStores } from './ErasureService';
import { DAY_MS, areaOfSchool, retentionFor } from './privacySettings';

/** What a sweep deleted, by kind (counts only: the log and audit hold no one's details). */
export type SweepReport = Record<SweepKind, number>;

export const SWEEP_KINDS = [
  'closed_cases',
  'closed_case_transcripts',
  'conversation_transcripts',
  'before_consent_transcripts',
  'conversation_state',
  'sms_conversations',
  'sms_inbox',
  'sms_outbox',
  'webchat_history',
  'feedback_comments',
  'consents',
  'audit_entries',
] as const;
export type SweepKind = (typeof SWEEP_KINDS)[number];

const SMS_BATCH = 500;

/**
 * Deletes, per kind, what is past its retention (content/privacy.json, per area for cases).
 * Report counts (per school and month) are never deleted: a case's report tally (codes and numbers,
 * src/reports/caseTally.ts) is added to them before the case goes, so the reports' figures stay the
 * same. docs/privacy.md lists every kind; docs/reports.md says what is kept.
 */
export class RetentionSweep {
  private readonly stores: ErasureStores;
  private readonly content: Pick<Content, 'privacy' | 'schools'>;
  private readonly logger: Logger;
  private readonly now: () => Date;
  private readonly smsConversationKey: (conversationId: string) => string;

  constructor(props: {
    stores: ErasureStores;
    content: Pick<Content, 'privacy' | 'schools'>;
    logger: Logger;
    now: () => Date;
    /** The conversation key (keyed hash) of an SMS conversation, to tell whether a case needs it. */
    smsConversationKey: (conversationId: string) => string;
  }) {
    this.stores = props.stores;
    this.content = props.content;
    this.logger = props.logger;
    this.now = props.now;
    this.smsConversationKey = props.smsConversationKey;
  }

  async run(): Promise<SweepReport> {
    const now = this.now();
    const report = Object.fromEntries(SWEEP_KINDS.map((k) => [k, 0])) as SweepReport;
    const r = retentionFor(this.content);
    const before = (days: number) => new Date(now.getTime() - days * DAY_MS);
    const { stores } = this;

    await this.sweepClosedCases(now, report);

    const caseKeys = await stores.cases.conversationKeys({});
    report.conversation_transcripts = await stores.transcripts.eraseWhere({
      before: before(r.conversationDays),
      exceptConversations: caseKeys,
    });
    const urgentKeys = await stores.cases.conversationKeys({ urgent: true });
    report.before_consent_transcripts = await stores.transcripts.eraseWhere({
      before: before(r.beforeConsentDays),
      beforeConsentOnly: true,
      exceptConversations: urgentKeys,
    });
    report.conversation_state = await stores.state.eraseIdleBefore(before(r.conversationDays));
    report.sms_conversations = await this.sweepSmsConversations(
      before(r.conversationDays),
      new Set(caseKeys),
    );
    report.sms_inbox = await stores.sms.inbox.eraseDoneBefore(before(r.smsLogDays));
    report.sms_outbox = await stores.sms.outbox.eraseBefore(before(r.smsLogDays));
    report.webchat_history = await stores.directLine.eraseExpired(now);
    report.feedback_comments = await stores.feedback.eraseCommentsBefore(before(r.feedbackCommentDays));
    report.consents = await stores.privacy.consents.eraseBefore(before(r.auditDays));
    report.audit_entries = await stores.audit.eraseBefore(before(r.auditDays));

    const total = Object.values(report).reduce((a, b) => a + b, 0);
    if (total > 0) await stores.database.compact();
    this.logger.info({ deleted: report, total }, 'retention sweep');
    await stores.audit.record({
      at: now,
      actorId: 'system',
      action: 'privacy.sweep',
      detail:
        SWEEP_KINDS.filter((k) => report[k] > 0)
          .map((k) => `${k}=${report[k]}`)
          .join(';') || 'nothing',
    });
    return report;
  }

  /** A closed case goes with its transcript once past its area's retention (longer if urgent). */
  private async sweepClosedCases(now: Date, report: SweepReport): Promise<void> {
    const { stores } = this;
    const counts = stores.privacy.reportCounts;
    // A sweep stopped between counting a case and deleting it: finish, or take the count back.
    for (const mark of await counts.marks()) {
      if (await stores.cases.get(mark.caseId)) {
        await counts.unretain(mark);
      } else {
        await stores.feedback.eraseForCase(mark.caseId);
        await counts.settle(mark);
      }
    }
    const shortest = Math.min(
      ...[
        retentionFor(this.content),
        ...Object.keys(this.content.privacy.retention.areas).map((a) => retentionFor(this.content, a)),
      ].map((r) => Math.min(r.closedCaseDays, r.safeguardingCaseDays)),
    );
    const candidates = await stores.cases.list({
      statuses: ['closed'],
      updatedBefore: new Date(now.getTime() - shortest * DAY_MS),
    });
    for (const theCase of candidates) {
      const r = retentionFor(this.content, areaOfSchool(this.content, theCase.schoolId));
      const days = theCase.urgent ? r.safeguardingCaseDays : r.closedCaseDays;
      if (theCase.updatedAt.getTime() >= now.getTime() - days * DAY_MS) continue;
      const mark = await this.markFor(theCase);
      await counts.retain(mark);
      if (!(await stores.cases.erase(theCase.id))) {
        await counts.unretain(mark);
        continue;
      }
      await stores.feedback.eraseForCase(theCase.id);
      await counts.settle(mark);
      report.closed_cases++;
      if ((await stores.cases.count({ conversationKey: theCase.conversationKey })) === 0) {
        report.closed_case_transcripts += await stores.transcripts.eraseConversation(theCase.conversationKey);
        await stores.state.delete([
          `handoff/feedback/${theCase.conversationKey}`,
          `handoff/notice/${theCase.conversationKey}`,
        ]);
      }
    }
  }

  /** What the reports keep of a case: its tally and its ratings, in the month it was opened. */
  private async markFor(theCase: Case): Promise<RetainMark> {
    const tally = caseTally(theCase);
    for (const f of await this.stores.feedback.list({ caseId: theCase.id })) {
      const key = ratingKey(monthOf(f.at), f.rating);
      tally[key] = (tally[key] ?? 0) + 1;
    }
    return { schoolId: theCase.schoolId, month: monthOf(theCase.createdAt), caseId: theCase.id, tally };
  }

  /** SMS conversations (the parent's number) idle past retention, unless a case still needs them. */
  private async sweepSmsConversations(before: Date, caseKeys: Set<string>): Promise<number> {
    const { sms } = this.stores;
    let erased = 0;
    const idle = await sms.conversations.listIdleBefore(before, SMS_BATCH);
    for (const conversation of idle) {
      if (caseKeys.has(this.smsConversationKey(conversation.id))) continue;
      if (await sms.conversations.erase(conversation.id)) erased++;
    }
    return erased;
  }
}
