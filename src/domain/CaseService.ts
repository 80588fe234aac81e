import { createHash, randomInt, randomUUID } from 'node:crypto';
import { DuplicateKeyError } from '../store/documents';
import type {
  Case,
  CaseClosure,
  CaseKind,
  CaseOutcome,
  CaseWellbeing,
  NewCase,
  SafeguardingConcern,
} from './model/case';
import type { CaseStore } from '../store/ports';
import { reportMonth, type ReportCounts } from '../store/privacyPorts';
import {
  CASE_TRANSITIONS,
  OPEN_CASE_STATUSES,
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
  /** Why it is urgent, in words for the PSW (see `Case.urgentReason`). */
  urgentReason?: string;
  dueBy?: Date;
  /** Who opened it: 'parent' for a self-referral, or a staff id. */
  openedBy: string;
  /** A safeguarding case's first concern (what the bot saw). */
  concerns?: SafeguardingConcern[];
  /** The parent's "how are things at home, 0 to 10" at the start of the episode. */
  wellbeing?: CaseWellbeing;
  /**
   * What it is opened for, unique to one request (e.g. the conversation key and the id of the
   * parent's message that asked for it). A second open for the same request (its turn run again
   * after a crash) returns the case opened the first time instead of a second one.
   */
  requestKey?: string;
}

/** A case's id derived from its request key, so that a repeated request finds the same case. */
function caseIdFor(requestKey: string): string {
  const hex = createHash('sha256').update(`case\n${requestKey}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

export interface TransitionProps {
  caseId: string;
  action: CaseAction;
  actorId: string;
  /** For claim and transfer: who holds the case afterwards (defaults to the actor for claim). */
  assigneeId?: string;
  outcome?: CaseOutcome;
  /** For close: what changed (codes from content/outcomes.json). */
  closure?: CaseClosure;
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
  /** Extra fields to set in the same atomic update (e.g. alertedAt, the parent's wellbeing at close). */
  set?: { alertedAt?: Date; wellbeing?: CaseWellbeing };
  /** Apply only at this version (to make an event happen once, e.g. one staff alert). */
  expectVersion?: number;
}

export interface CaseServiceOptions {
  /** When a case opened at `at` should be picked up by: the school's next working time. */
  dueByFor?: (schoolId: string, at: Date, kind: CaseKind, urgent: boolean) => Date | undefined;
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
    const id = props.requestKey !== undefined ? caseIdFor(props.requestKey) : undefined;
    if (id) {
      const existing = await this.cases.get(id);
      if (existing) return existing;
    }
    for (let attempt = 0; ; attempt++) {
      const { openedBy, requestKey: _requestKey, ...rest } = props;
      const dueBy = props.dueBy ?? this.options.dueByFor?.(props.schoolId, at, props.kind, props.urgent);
      const newCase: NewCase = {
        ...rest,
        ...(dueBy ? { dueBy } : {}),
        id: id ?? randomUUID(),
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
        // The same request, opened at the same moment by another runner of the turn.
        const raced = id ? await this.cases.get(id) : null;
        if (raced) return raced;
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
        ...(action === 'close' && props.closure ? { closure: props.closure } : {}),
      },
      unset:
        action === 'release' || action === 'reopen'
          ? ['assigneeId', ...(action === 'reopen' ? (['outcome', 'closure'] as const) : [])]
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
      ...(openOnly ? { expectStatus: [...OPEN_CASE_STATUSES] } : {}),
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

  /**
   * Adds a safeguarding concern to every open case of a conversation and marks them urgent, with
   * the categories as the history entry's reason. Returns how many cases changed (0: none open).
   */
  async addConcern(conversationKey: string, concern: Omit<SafeguardingConcern, 'at'>): Promise<number> {
    const at = this.now();
    return await this.cases.addConcernForConversation(
      conversationKey,
      { at, categories: concern.categories, evidence: concern.evidence },
      { at, by: 'bot', action: 'safeguarding_concern', reason: concern.categories.join(', ') },
    );
  }

  /**
   * A PSW marks an open case urgent or not urgent, with the reason in words (shown on the case as
   * the banner, kept in the history as a sealed note). Marking it urgent again changes the reason.
   */
  async setUrgency(props: {
    caseId: string;
    urgent: boolean;
    reason: string;
    actorId: string;
  }): Promise<Case> {
    const current = await this.cases.get(props.caseId);
    if (!current) throw new CaseTransitionError('not_found', 'No such case');
    if (current.status === 'closed') throw new CaseTransitionError('not_allowed', 'This case is closed');
    if (!props.urgent && !current.urgent) {
      throw new CaseTransitionError('not_allowed', 'This case is not marked urgent');
    }
    const updated = await this.cases.applyChange(props.caseId, {
      expectVersion: current.version,
      expectStatus: [...OPEN_CASE_STATUSES],
      set: { urgent: props.urgent, urgentReason: props.reason },
      history: {
        at: this.now(),
        by: props.actorId,
        action: props.urgent ? 'mark_urgent' : 'mark_not_urgent',
        note: props.reason,
      },
    });
    if (!updated) {
      throw new CaseTransitionError('conflict', 'Someone else changed this case first; reload and try again');
    }
    return updated;
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
