import type { Content } from '../content/loadContent';

/**
 * A case belongs to a school. When the bot opens a safeguarding case before the parent has said
 * which school, it belongs to the area instead: `area:<area id>`, seen by everyone who sees a school
 * of that area, and alerted to the area's duty contact (docs/safeguarding.md).
 */
const AREA_PREFIX = 'area:';

export function areaCaseSchoolId(areaId: string): string {
  return `${AREA_PREFIX}${areaId}`;
}

/** The area id of an `area:<id>` case, or undefined for a school's case. */
export function areaOfCaseSchool(schoolId: string): string | undefined {
  return schoolId.startsWith(AREA_PREFIX) ? schoolId.slice(AREA_PREFIX.length) : undefined;
}

/** The school's name, or "<area> (school not known)" for an area's case. */
export function caseSchoolName(schoolId: string, content: Pick<Content, 'schools' | 'areas'>): string {
  const school = content.schools.find((s) => s.id === schoolId);
  if (school) return school.name;
  const areaId = areaOfCaseSchool(schoolId);
  const area = areaId ? content.areas.find((a) => a.id === areaId) : undefined;
  return area ? `${area.name} (school not known)` : schoolId;
}
