import { cp, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { CONTENT_DIR } from '../../src/config/paths';
import { makeTempDir } from './tempDir';

interface SchoolsFile {
  areas: unknown[];
  schools: Array<{ id: string; name: string; widget: { allowedOrigins: string[]; [k: string]: unknown } }>;
}

/**
 * A copy of the repository's content/ in a temp dir, with schools.json changed by `edit`, for
 * starting an app with made-up school settings (`startTestApp(env, { contentDir })`).
 */
export async function contentWithSchools(
  edit: (file: SchoolsFile) => void,
): Promise<{ dir: string; remove: () => Promise<void> }> {
  const temp = await makeTempDir('psa-content-');
  await cp(CONTENT_DIR, temp.dir, { recursive: true });
  const file = path.join(temp.dir, 'schools.json');
  const schools = JSON.parse(await readFile(file, 'utf8')) as SchoolsFile;
  edit(schools);
  await writeFile(file, JSON.stringify(schools, null, 2));
  return temp;
}

/** A copy of content/ with copy.json changed by `edit` (e.g. to show that words come from content). */
export async function contentWithCopy(
  edit: (copy: Record<string, Record<string, unknown>>) => void,
): Promise<{ dir: string; remove: () => Promise<void> }> {
  const temp = await makeTempDir('psa-content-');
  await cp(CONTENT_DIR, temp.dir, { recursive: true });
  const file = path.join(temp.dir, 'copy.json');
  const copy = JSON.parse(await readFile(file, 'utf8')) as Record<string, Record<string, unknown>>;
  edit(copy);
  await writeFile(file, JSON.stringify(copy, null, 2));
  return temp;
}

/**
 * A fictional data controller, as a service fills it in before going live (a production start
 * refuses the placeholders): for measuring and testing what a parent reads with real-length details.
 */
export const FICTIONAL_CONTROLLER = {
  name: 'Exampleshire County Council',
  contact: 'County Hall, Exampleshire EX1 1AA',
  dpoContact: 'dpo@exampleshire.example',
};

/** A copy of content/ with privacy.json's controller filled in (default: FICTIONAL_CONTROLLER). */
export async function contentWithController(
  controller: { name: string; contact: string; dpoContact: string } = FICTIONAL_CONTROLLER,
): Promise<{ dir: string; remove: () => Promise<void> }> {
  const temp = await makeTempDir('psa-content-');
  await cp(CONTENT_DIR, temp.dir, { recursive: true });
  const file = path.join(temp.dir, 'privacy.json');
  const privacy = JSON.parse(await readFile(file, 'utf8')) as Record<string, unknown>;
  privacy.controller = controller;
  await writeFile(file, JSON.stringify(privacy, null, 2));
  return temp;
}

/** The web chat welcome on Oakfield Primary's site: its first line names the school. */
export function welcomeAtOakfield(copy: { welcome: string[]; welcomeAtSchool: string }): string[] {
  return [copy.welcomeAtSchool.replace('{school}', 'Oakfield Primary School'), ...copy.welcome.slice(1)];
}

/**
 * The welcome's sentence about what is kept before the parent agrees to the privacy notice
 * (content/privacy.json, with the default area's pre-consent retention).
 */
export function beforeConsentSentence(
  content: {
    privacy: {
      beforeConsent: string;
      beforeConsentSms: string;
      retention: { default: { beforeConsentDays: number } };
    };
  },
  bySms = false,
): string {
  const days = String(content.privacy.retention.default.beforeConsentDays);
  return (bySms ? content.privacy.beforeConsentSms : content.privacy.beforeConsent).replace('{days}', days);
}

/**
 * A copy of content/ ready for a production start: the data controller's fields, which the service
 * fills in before go-live, filled with a fictional controller.
 */
export async function contentForProduction(): Promise<{ dir: string; remove: () => Promise<void> }> {
  return await contentWithController({
    name: 'Example Borough Council (fictional, for tests)',
    contact: 'Town Hall, Example Street',
    dpoContact: 'dpo@example.org',
  });
}
