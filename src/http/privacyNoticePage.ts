import type { Request, Response, Server } from 'restify';
import { z } from 'zod';
import type { Content } from '../content/loadContent';
import { fillTemplate } from '../content/fillTemplate';
import { areaOfSchool, noticeLines, PRIVACY_PAGE_PATH } from '../privacy/privacySettings';
import { escapeHtml } from '../text/html';

/**
 * `GET /privacy` (and `/privacy?school=<id>`): the full privacy notice as a plain, accessible HTML
 * page, the second layer of the layered notice (the short first layer by SMS links here). Public:
 * no sign-in, no personal data, no script, no cookie. With a school, the notice quotes its area's
 * retention; an unknown school gets a 404 that links to the notice for every school.
 */

const query = z.object({
  school: z
    .string()
    .regex(/^[a-z0-9-]{1,64}$/)
    .optional(),
});

const HEADERS = {
  'Content-Type': 'text/html; charset=utf-8',
  'Cache-Control': 'public, max-age=300',
  'Content-Security-Policy':
    "default-src 'none'; style-src 'self'; img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  'Referrer-Policy': 'no-referrer',
};

/** A line of the notice as a paragraph, its web addresses as links. */
function paragraph(line: string): string {
  const parts = line.split(/(https:\/\/[^\s]+?)(?=[.,;:]?(?:\s|$))/);
  const html = parts
    .map((part, i) =>
      i % 2 === 1 ? `<a href="${escapeHtml(part)}">${escapeHtml(part)}</a>` : escapeHtml(part),
    )
    .join('');
  return `<p>${html}</p>`;
}

function page(title: string, body: string[]): string {
  return [
    '<!doctype html>',
    '<html lang="en-GB">',
    '<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">',
    // No icon to fetch (the browser would ask for /favicon.ico, which is not served).
    '<link rel="icon" href="data:,">',
    `<title>${escapeHtml(title)}</title></head>`,
    `<body><main><h1>${escapeHtml(title)}</h1>`,
    ...body,
    '</main></body></html>',
  ].join('\n');
}

/** The page for a school's area (or the default retention when no school is given). */
export function privacyNoticeHtml(content: Pick<Content, 'privacy'>, areaId?: string): string {
  const { privacy } = content;
  const { layered } = privacy;
  return page(layered.pageTitle, [
    paragraph(layered.pageIntro),
    ...noticeLines(content, privacy.full, areaId).map(paragraph),
    `<p><strong>${escapeHtml(layered.pageSafety)}</strong></p>`,
    `<p>${escapeHtml(fillTemplate(layered.pageVersion, { version: privacy.version }))}</p>`,
  ]);
}

export function registerPrivacyNoticePage(
  server: Server,
  content: Pick<Content, 'privacy' | 'schools'>,
): void {
  const { layered } = content.privacy;
  const notFoundHtml = page(layered.pageTitle, [
    `<p>${escapeHtml(layered.pageUnknownSchool)} <a href="${PRIVACY_PAGE_PATH}">${escapeHtml(layered.pageTitle)}</a></p>`,
    `<p><strong>${escapeHtml(layered.pageSafety)}</strong></p>`,
  ]);
  const send = (res: Response, status: number, html: string) => {
    res.writeHead(status, HEADERS);
    res.end(html);
  };
  server.get(PRIVACY_PAGE_PATH, (req: Request, res: Response, next: () => void) => {
    const parsed = query.safeParse(req.query ?? {});
    const schoolId = parsed.success ? parsed.data.school : undefined;
    const known = schoolId === undefined || content.schools.some((s) => s.id === schoolId);
    if (!parsed.success || !known) send(res, 404, notFoundHtml);
    else send(res, 200, privacyNoticeHtml(content, areaOfSchool(content, schoolId)));
    next();
  });
}
