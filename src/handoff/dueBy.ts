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
/** The first-contact target when a school's area is not found (the schema's default). */
export const DEFAULT_FIRST_CONTACT_WORKING_DAYS = 2;

/**
 * A school's target for the first contact with a family after a referral, in working days: its
 * area's `serviceLevel.referralFirstContactWorkingDays` (the one place the target is set; the queue's
 * due-by and the reports' "within target" both read it here).
 */
export function firstContactWorkingDays(
  content: Pick<Content, 'areas' | 'schools'>,
  school: Pick<School, 'area'> | string,
): number {
  const area = typeof school === 'string' ? content.schools.find((s) => s.id === school)?.area : school.area;
  return (
    content.areas.find((a) => a.id === area)?.serviceLevel.referralFirstContactWorkingDays ??
    DEFAULT_FIRST_CONTACT_WORKING_DAYS
  );
}

export function dueByFor(
  content: Pick<Content, 'areas' | 'schools'>,
  school: School,
  at: Date,
  kind: CaseKind,
  urgent: boolean,
): Date | undefined {
  if (kind === 'live_chat' || urgent) return nextWorkingTime(school, at);
  return addWorkingDays(school, at, firstContactWorkingDays(content, school));
}

export function dueByForSchools(content: Pick<Content, 'schools' | 'areas'>) {
  return (schoolId: string, at: Date, kind: CaseKind = 'referral', urgent = false): Date | undefined => {
    const school = content.schools.find((s) => s.id === schoolId);
    return school ? dueByFor(content, school, at, kind, urgent) : undefined;
  };
}
