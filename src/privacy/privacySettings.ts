import type { Content } from '../content/loadContent';
import { fillTemplate } from '../content/fillTemplate';
import { FILL_IN_MARKER, type Retention } from '../content/privacyContent';
import { fitsInSegments } from '../text/gsm7';

export const DAY_MS = 86_400_000;

/** The retention of an area (content/privacy.json: the default with the area's own values over it). */
export function retentionFor(content: Pick<Content, 'privacy'>, areaId?: string): Retention {
  const { retention } = content.privacy;
  const own = areaId ? retention.areas[areaId] : undefined;
  return { ...retention.default, ...own };
}

/** The area of a school, if the school is known. */
export function areaOfSchool(content: Pick<Content, 'schools'>, schoolId?: string): string | undefined {
  return schoolId ? content.schools.find((s) => s.id === schoolId)?.area : undefined;
}

/** The values the privacy notice quotes, for the parent's area. */
export function noticeValues(content: Pick<Content, 'privacy'>, areaId?: string): Record<string, string> {
  const r = retentionFor(content, areaId);
  const years = (days: number) => String(Math.round((days / 365) * 10) / 10);
  const { controller } = content.privacy;
  return {
    controller: controller.name,
    controllerContact: controller.contact,
    dpoContact: controller.dpoContact,
    conversationDays: String(r.conversationDays),
    beforeConsentDays: String(r.beforeConsentDays),
    caseYears: years(r.closedCaseDays),
    safeguardingYears: years(r.safeguardingCaseDays),
  };
}

/** The notice's lines with the controller's details and the area's retention filled in. */
export function noticeLines(content: Pick<Content, 'privacy'>, lines: string[], areaId?: string): string[] {
  const values = noticeValues(content, areaId);
  return lines.map((line) => fillTemplate(line, values));
}

/** The path of the full privacy notice's public page (src/privacy/privacyNoticePage.ts). */
export const PRIVACY_PAGE_PATH = '/privacy';

/**
 * The address of the full privacy notice for a parent: `PUBLIC_URL/privacy`, with `?school=<id>`
 * only when the school's area keeps records for other periods than the default (so the link by
 * SMS stays short where every school has the same notice).
 */
export function privacyNoticeUrl(
  content: Pick<Content, 'privacy' | 'schools'>,
  publicUrl: string,
  schoolId?: string,
): string {
  const base = `${publicUrl.replace(/\/+$/, '')}${PRIVACY_PAGE_PATH}`;
  const area = areaOfSchool(content, schoolId);
  const ownRetention =
    area !== undefined && Object.keys(content.privacy.retention.areas[area] ?? {}).length > 0;
  return ownRetention && schoolId ? `${base}?school=${encodeURIComponent(schoolId)}` : base;
}

/**
 * The short privacy notice by SMS and its question, as a parent reads them (one text when they fit
 * in 2 segments), for the school whose link and retention make it longest.
 */
export function longestShortNotice(content: Pick<Content, 'privacy' | 'schools'>, publicUrl: string): string {
  const { layered } = content.privacy;
  const texts = [undefined, ...content.schools.map((s) => s.id)].map((schoolId) => {
    const values = noticeValues(content, areaOfSchool(content, schoolId));
    const noticeUrl = privacyNoticeUrl(content, publicUrl, schoolId);
    return `${fillTemplate(layered.sms, { ...values, noticeUrl })}\n\n${layered.smsAgreePrompt}`;
  });
  return texts.reduce((a, b) => (b.length > a.length ? b : a));
}

/** Whether the short notice by SMS and its question fit one text (2 segments) for every school. */
export function shortNoticeFitsOneText(
  content: Pick<Content, 'privacy' | 'schools'>,
  publicUrl: string,
): boolean {
  return fitsInSegments(longestShortNotice(content, publicUrl), 2);
}

/**
 * What is wrong with the privacy settings for this deployment: areas that do not exist, and (in
 * production) controller details the service has not filled in yet.
 */
export function privacyProblems(content: Pick<Content, 'privacy' | 'areas'>, production: boolean): string[] {
  const problems: string[] = [];
  for (const areaId of Object.keys(content.privacy.retention.areas)) {
    if (!content.areas.some((a) => a.id === areaId))
      problems.push(`content/privacy.json retention.areas.${areaId}: no such area in content/schools.json`);
  }
  if (production) problems.push(...unfilledControllerFields(content));
  return problems;
}

export function unfilledControllerFields(content: Pick<Content, 'privacy'>): string[] {
  return Object.entries(content.privacy.controller)
    .filter(([, value]) => value.startsWith(FILL_IN_MARKER))
    .map(
      ([field]) => `content/privacy.json controller.${field} must be filled in by the service before go-live`,
    );
}
