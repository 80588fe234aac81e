import type { CaseStatus } from '../store/ports';

/**
 * The case state machine: every allowed transition, in one place.
 *
 *   new ──claim──> claimed ──start──> in_progress ──close──> closed
 *    ^               │  ^                 │                    │
 *    └───release─────┘  └────transfer─────┘                    │
 *    └──────────────────────────reopen─────────────────────────┘
 */
export const CASE_TRANSITIONS = {
  claim: { from: ['new'], to: 'claimed' },
  start: { from: ['claimed'], to: 'in_progress' },
  release: { from: ['claimed', 'in_progress'], to: 'new' },
  transfer: { from: ['claimed', 'in_progress'], to: 'claimed' },
  close: { from: ['claimed', 'in_progress'], to: 'closed' },
  reopen: { from: ['closed'], to: 'new' },
} as const satisfies Record<string, { from: readonly CaseStatus[]; to: CaseStatus }>;

export type CaseAction = keyof typeof CASE_TRANSITIONS;

export function canTransition(action: CaseAction, status: CaseStatus): boolean {
  return (CASE_TRANSITIONS[action].from as readonly CaseStatus[]).includes(status);
}

export function isOpen(status: CaseStatus): boolean {
  return status !== 'closed';
}
