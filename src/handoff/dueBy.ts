import type { Content } from '../content/loadContent';
import { nextWorkingTime } from '../domain/workingHours';

/**
 * When a case opened at `at` can first be picked up: the school's next working time (`at` itself
 * during working hours). Unknown school or no working time ahead: no due date.
 */
export function dueByForSchools(content: Pick<Content, 'schools'>) {
  return (schoolId: string, at: Date): Date | undefined => {
    const school = content.schools.find((s) => s.id === schoolId);
    return school ? nextWorkingTime(school, at) : undefined;
  };
}
