import { randomInt, randomUUID } from 'node:crypto';
import { DuplicateKeyError } from '../store/documents';
import type { Case, CaseKind, CaseOutcome, CaseStore, NewCase } from '../store/ports';
import { reportMonth, type ReportCounts } from '../store/privacyPorts';
import {
  CASE_TRANSITIONS,
  OPEN_ONLY_EVENTS,
  canTransition,
  type CaseAction,
  type CaseEvent,
} from './caseLifecycle';
import type { ReferralDetails } from './referralDetails';

// No 0/O, 1/I/L or 5/S: a parent reads the reference out over the phone.
const REFERENCE_ALPHABET = '2346789ABCDEFGHJKMNPQRTUVWXYZ';

export function newCaseReference(): string {
  const pick = () => REFERENCE_ALPHABET[randomInt(REFERENCE_ALPHABET.length)] ?? 'X';
  const part = (n: number) => Array.from({ length: n }, pick).join('');
  return `${part(3)}-${part(3)}`;
}

export class CaseTransitionError extends Error {
  constructor(
    readonly code: 'not_found' | 'not_allowed' | 'conflict',
    message: string,
  ) {
    super(message);
    this.name = 'CaseTransitionError';
  }
}

export interface OpenCaseProps {
  kind: CaseKind;
  schoolId: string;
  channelId: string;
  conversationKey: string;
  conversationRef: NewCase['conversationRef'];
  /** What the parent told the conversation (the contract with the console: `ReferralDetails`). */
  details: ReferralDetails;
  urgent: boolean;
  dueBy?: Date;
  /** Who opened it: 'parent' for a self-referral, or a staff id. */
  openedBy: string;
}

export interface TransitionProps {
  caseId: string;
  action: CaseAction;
  actorId: string;
  /** For claim and transfer: who holds the case afterwards (defaults to the actor for claim). */
  assigneeId?: string;
  outcome?: CaseOutcome;
  reason?: string;
  note?: string;
}

export interface RecordEventProps {
  caseId: string;
  event: CaseEvent;
  actorId: string;
  /** Short, non-personal code (e.g. "phone:no_answer", "rating:4"). */
  reason?: string;
  /** Free text from a PSW (sealed at rest). */
  note?: string;
  /** Extra fields to set in the same atomic update (e.g. alertedAt). */
  set?: { alertedAt?: Date };
  /** Apply only at this version (to make an event happen once, e.g. one staff alert). */
  expectVersion?: number;
}

export interface CaseServiceOptions {
  /** When a case opened at `at` should be picked up by: the school's next working time. */
  dueByFor?: (schoolId: string, at: Date) => Date | undefined;
  /** Per-school monthly counts for reports, which outlive the cases (retention, erasure). */
  counts?: ReportCounts;
}

/** Opens cases and moves them through the lifecycle; each move is one atomic store update. */
export class CaseService {
  constructor(
    private readonly cases: CaseStore,
    private readonly now: () => Date = () => new Date(),
    private readonly options: CaseServiceOptions = {},
  ) {}

  async open(props: OpenCaseProps): Promise<Case> {
    const at = this.now();
    for (let attempt = 0; ; attempt++) {
      const { openedBy, ...rest } = props;
      const dueBy = props.dueBy ?? this.options.dueByFor?.(props.schoolId, at);
      const newCase: NewCase = {
        ...rest,
        ...(dueBy ? { dueBy } : {}),
        id: randomUUID(),
        reference: newCaseReference(),
        status: 'new',
        createdAt: at,
        history: [
          { at, by: openedBy, action: 'open', to: 'new', ...(props.urgent ? { reason: 'urgent' } : {}) },
        ],
      };
      try {
        const opened = await this.cases.insert(newCase);
        await this.options.counts?.increment(opened.schoolId, reportMonth(at), [
          'opened',
          opened.kind,
          ...(opened.urgent ? (['urgent'] as const) : []),
        ]);
        return opened;
      } catch (err) {
        if (!(err instanceof DuplicateKeyError) || attempt >= 5) throw err;
      }
    }
  }

  async transition(props: TransitionProps): Promise<Case> {
    const { action } = props;
    const rule = CASE_TRANSITIONS[action];
    const current = await this.cases.get(props.caseId);
    if (!current) throw new CaseTransitionError('not_found', 'No such case');
    if (!canTransition(action, current.status)) {
      throw new CaseTransitionError('not_allowed', `Cannot ${action} a case that is ${current.status}`);
    }
    const at = this.now();
    const assigneeId = action === 'claim' ? (props.assigneeId ?? props.actorId) : props.assigneeId;
    if (action === 'transfer' && !assigneeId)
      throw new CaseTransitionError('not_allowed', 'Transfer needs a PSW');
    if (action === 'close' && !props.outcome)
      throw new CaseTransitionError('not_allowed', 'Closing needs an outcome');

    const updated = await this.cases.applyChange(props.caseId, {
      expectStatus: [...rule.from],
      expectVersion: action === 'claim' ? undefined : current.version,
      set: {
        status: rule.to,
        ...(assigneeId ? { assigneeId } : {}),
        ...(action === 'close' && props.outcome ? { outcome: props.outcome } : {}),
      },
      unset:
        action === 'release' || action === 'reopen'
          ? ['assigneeId', ...(action === 'reopen' ? ['outcome' as const] : [])]
          : undefined,
      history: {
        at,
        by: props.actorId,
        action,
        from: current.status,
        to: rule.to,
        ...(props.reason ? { reason: props.reason } : {}),
        ...(action === 'transfer' && assigneeId ? { reason: props.reason ?? `to:${assigneeId}` } : {}),
        ...(props.note ? { note: props.note } : {}),
      },
    });
    if (!updated) {
      throw new CaseTransitionError('conflict', 'Someone else changed this case first; reload and try again');
    }
    if (action === 'close')
      await this.options.counts?.increment(updated.schoolId, reportMonth(at), ['closed']);
    return updated;
  }

  /**
   * Records something that happened on a case without moving it (a note, a contact attempt, a
   * reply sent to the parent), as one atomic update with who and when.
   */
  async record(props: RecordEventProps): Promise<Case> {
    const openOnly = OPEN_ONLY_EVENTS.includes(props.event);
    const updated = await this.cases.applyChange(props.caseId, {
      ...(openOnly ? { expectStatus: ['new', 'claimed', 'in_progress'] } : {}),
      ...(props.expectVersion !== undefined ? { expectVersion: props.expectVersion } : {}),
      ...(props.set ? { set: props.set } : {}),
      history: {
        at: this.now(),
        by: props.actorId,
        action: props.event,
        ...(props.reason ? { reason: props.reason } : {}),
        ...(props.note ? { note: props.note } : {}),
      },
    });
    if (updated) return updated;
    const current = await this.cases.get(props.caseId);
    if (!current) throw new CaseTransitionError('not_found', 'No such case');
    if (openOnly && current.status === 'closed') {
      throw new CaseTransitionError('not_allowed', 'This case is closed; reopen it first');
    }
    throw new CaseTransitionError('conflict', 'Someone else changed this case first; reload and try again');
  }

  /** Flags every open case from a conversation as urgent (a safeguarding concern was raised). */
  async markConversationUrgent(conversationKey: string, reason: string): Promise<number> {
    return await this.cases.markUrgentForConversation(conversationKey, {
      at: this.now(),
      by: 'bot',
      action: 'mark_urgent',
      reason,
    });
  }
}
