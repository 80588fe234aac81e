import type { School } from '../content/loadContent';
import type { Case } from '../domain/model/case';
import type { CaseStore } from '../store/ports';
import { describeWhen, isWorkingTime, nextWorkingTime, workingUntil } from '../domain/workingHours';

export type WaitEstimate =
  | { kind: 'in_hours'; position: number; minutes: number }
  /** Working now, but the PSWs stop before the estimate: `until` (e.g. "today at 4pm"), then `when`. */
  | { kind: 'near_close'; position: number; until: string; when: string }
  | { kind: 'out_of_hours'; position: number; when: string }
  | { kind: 'unknown'; position: number };

/** Largest queue looked at; a parent further back is told the position of the last one seen. */
const QUEUE_LOOKAHEAD = 500;

/**
 * Where a waiting live chat is in its school's queue (urgent first, then oldest, as PSWs see it)
 * and roughly how long until a person replies: position x minutes per case in working hours
 * (unless that runs past the end of the PSWs' day: then when they stop and when they are back),
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
  const timezone = school.hours.timezone;
  if (isWorkingTime(school, now)) {
    const minutes = position * props.minutesPerCase;
    const close = workingUntil(school, now);
    const reopen = close && nextWorkingTime(school, close);
    if (close && reopen && now.getTime() + minutes * 60_000 > close.getTime()) {
      return {
        kind: 'near_close',
        position,
        until: describeWhen(close, now, timezone),
        when: describeWhen(reopen, now, timezone),
      };
    }
    return { kind: 'in_hours', position, minutes };
  }
  const next = nextWorkingTime(school, now);
  if (!next) return { kind: 'unknown', position };
  return { kind: 'out_of_hours', position, when: describeWhen(next, now, timezone) };
}
