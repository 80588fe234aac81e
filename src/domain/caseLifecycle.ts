import type { CaseOutcome, CaseStatus } from './model/case';

/** The statuses of an open case (everything but closed): the one list every caller uses. */
export const OPEN_CASE_STATUSES = ['new', 'claimed', 'in_progress'] as const satisfies readonly CaseStatus[];

/**
 * The case state machine: every allowed transition, in one place.
 *
 *   new ──claim──> claimed ──start──> in_progress ──close──> closed
 *    ^               │  ^                 │                    │
 *    └───release─────┘  └────transfer─────┘                    │
 *    └──────────────────────────reopen─────────────────────────┘
 *
 * plus `withdraw`: the parent leaves (says "leave" while waiting or chatting), from any open status
 * straight to closed, without an outcome.
 */
export const CASE_TRANSITIONS = {
  claim: { from: ['new'], to: 'claimed' },
  start: { from: ['claimed'], to: 'in_progress' },
  release: { from: ['claimed', 'in_progress'], to: 'new' },
  transfer: { from: ['claimed', 'in_progress'], to: 'claimed' },
  close: { from: ['claimed', 'in_progress'], to: 'closed' },
  reopen: { from: ['closed'], to: 'new' },
  withdraw: { from: OPEN_CASE_STATUSES, to: 'closed' },
} as const satisfies Record<string, { from: readonly CaseStatus[]; to: CaseStatus }>;

export type CaseAction = keyof typeof CASE_TRANSITIONS;

export function canTransition(action: CaseAction, status: CaseStatus): boolean {
  return (CASE_TRANSITIONS[action].from as readonly CaseStatus[]).includes(status);
}

export function isOpen(status: CaseStatus): boolean {
  return (OPEN_CASE_STATUSES as readonly CaseStatus[]).includes(status);
}

/**
 * Things recorded on a case that do not move it through the lifecycle; each is one atomic history
 * entry, like a transition.
 */
export const CASE_EVENTS = [
  'note',
  'contact_attempt',
  'reply',
  'feedback_requested',
  'feedback_received',
  'staff_alerted',
  'parent_unreachable',
  'reply_not_sent',
  'mark_urgent',
  'mark_not_urgent',
  'psw_joined',
] as const;
export type CaseEvent = (typeof CASE_EVENTS)[number];

/** Events that only make sense while the case is open. */
export const OPEN_ONLY_EVENTS: readonly CaseEvent[] = ['contact_attempt', 'reply'];

export const CASE_OUTCOMES: readonly CaseOutcome[] = [
  'resolved',
  'signposted',
  'referred_on',
  'no_contact',
  'escalated',
];
