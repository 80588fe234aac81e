import type { School } from '../content/loadContent';
import type { Case, CaseStore } from '../store/ports';
import { describeWhen, isWorkingTime, nextWorkingTime } from '../domain/workingHours';

export type WaitEstimate =
  | { kind: 'in_hours'; position: number; minutes: number }
  | { kind: 'out_of_hours'; position: number; when: string }
  | { kind: 'unknown'; position: number };

/** Largest queue looked at; a parent further back is told the position of the last one seen. */
const QUEUE_LOOKAHEAD = 500;

/**
 * Where a waiting live chat is in its school's queue (urgent first, then oldest, as PSWs see it)
 * and roughly how long until a person replies: position x minutes per case in working hours,
 * otherwise when the PSWs are next at work.
 */
export async function estimateWait(props: {
  cases: CaseStore;
  theCase: Case;
  school: School | undefined;
  minutesPerCase: number;
  now: Date;
}): Promise<WaitEstimate> {
  const { theCase, school, now } = props;
  const waiting = await props.cases.list(
    { schoolIds: [theCase.schoolId], statuses: ['new'], kind: 'live_chat' },
    { limit: QUEUE_LOOKAHEAD },
  );
  const index = waiting.findIndex((c) => c.id === theCase.id);
  const position = index === -1 ? waiting.length + 1 : index + 1;
  if (!school) return { kind: 'unknown', position };
  if (isWorkingTime(school, now)) {
    return { kind: 'in_hours', position, minutes: position * props.minutesPerCase };
  }
  const next = nextWorkingTime(school, now);
  if (!next) return { kind: 'unknown', position };
  return { kind: 'out_of_hours', position, when: describeWhen(next, now, school.hours.timezone) };
}
