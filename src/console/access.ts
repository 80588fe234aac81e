import type { Content } from '../content/loadContent';
import { areaCaseSchoolId } from '../domain/caseSchool';
import type { StaffAccount } from '../store/ports';

/**
 * Which schools' cases an account may see. `schools` holds school ids, `area:<id>` for every
 * school in an area (a manager's usual scope, which follows schools added to the area later),
 * or `*` for all. Whoever sees a school of an area also sees that area's cases whose school is not
 * known (`area:<id>` as the case's school: a safeguarding case opened before the parent said
 * which school), so that someone always does.
 */
export type SchoolScope = { all: true } | { all: false; schoolIds: string[] };

export function scopeOf(
  account: Pick<StaffAccount, 'schools'>,
  content: Pick<Content, 'schools'>,
): SchoolScope {
  if (account.schools.includes('*')) return { all: true };
  const ids = new Set<string>();
  for (const entry of account.schools) {
    if (entry.startsWith('area:')) {
      const area = entry.slice('area:'.length);
      for (const school of content.schools) if (school.area === area) ids.add(school.id);
    } else {
      ids.add(entry);
    }
  }
  for (const school of content.schools) if (ids.has(school.id)) ids.add(areaCaseSchoolId(school.area));
  return { all: false, schoolIds: [...ids] };
}

export function canSeeSchool(scope: SchoolScope, schoolId: string): boolean {
  return scope.all || scope.schoolIds.includes(schoolId);
}

/** The school ids to filter a query by, or undefined for no filter (all schools). */
export function schoolFilter(scope: SchoolScope, requested?: string): string[] | undefined {
  if (requested !== undefined) return canSeeSchool(scope, requested) ? [requested] : [];
  return scope.all ? undefined : scope.schoolIds;
}

/** Checks a `--schools` list against the content: unknown school or area ids are errors. */
export function invalidScopeEntries(
  entries: string[],
  content: Pick<Content, 'schools' | 'areas'>,
): string[] {
  return entries.filter((entry) => {
    if (entry === '*') return false;
    if (entry.startsWith('area:')) return !content.areas.some((a) => `area:${a.id}` === entry);
    return !content.schools.some((s) => s.id === entry);
  });
}
