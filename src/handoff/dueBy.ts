import type { Content, School } from '../content/loadContent';
import type { CaseKind } from '../domain/model/case';
import { addWorkingDays, nextWorkingTime } from '../domain/workingHours';

/**
 * When a case opened at `at` should have had its first contact, from the school's working hours
 * and its area's service level (`serviceLevel` in content/schools.json):
 * - a live chat, or an urgent case: the school's next working time (`at` itself during hours);
 * - a referral: `referralFirstContactWorkingDays` working days later (2 unless the area says).
 * Unknown school or no working time ahead: no due date.
 */
export function dueByFor(
  content: Pick<Content, 'areas'>,
  school: School,
  at: Date,
  kind: CaseKind,
  urgent: boolean,
): Date | undefined {
  if (kind === 'live_chat' || urgent) return nextWorkingTime(school, at);
  const days = content.areas.find((a) => a.id === school.area)?.serviceLevel.referralFirstContactWorkingDays;
  return addWorkingDays(school, at, days ?? 2);
}

export function dueByForSchools(content: Pick<Content, 'schools' | 'areas'>) {
  return (schoolId: string, at: Date, kind: CaseKind = 'referral', urgent = false): Date | undefined => {
    const school = content.schools.find((s) => s.id === schoolId);
    return school ? dueByFor(content, school, at, kind, urgent) : undefined;
  };
}
