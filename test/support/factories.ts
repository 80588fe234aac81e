import type { OpenCaseProps } from '../../src/domain/CaseService';

let counter = 0;

/** A made-up case: no real person's data, ever. */
export function caseProps(overrides: Partial<OpenCaseProps> = {}): OpenCaseProps {
  counter++;
  return {
    kind: 'referral',
    schoolId: 'oakfield-primary',
    channelId: 'emulator',
    conversationKey: `conv-${counter}`,
    conversationRef: {
      channelId: 'emulator',
      conversation: { id: `conv-${counter}` } as never,
      user: { id: 'conv-ref-user', name: 'x' },
    },
    details: { topic: 'routines_sleep', words: 'Bedtime is hard', parentName: 'Sam Sample' },
    urgent: false,
    openedBy: 'parent',
    ...overrides,
  };
}
