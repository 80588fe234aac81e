import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { handoffCopySchema, type HandoffCopy } from './handoffCopy';

/**
 * Everything a parent reads lives in `content/` as data and is validated here at start: a bad
 * file stops the start, naming the file and the field.
 */
const copySchema = z.object({
  welcome: z.array(z.string().min(1)).min(1),
  askWhatFor: z.string().min(1),
  notReadyYet: z.string().min(1),
  turnError: z.string().min(1),
});

export type BotCopy = z.infer<typeof copySchema>;

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date like 2026-09-03');
const clockTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a time like 08:30');
const ukPhone = z
  .string()
  .regex(/^(\d[\d ]{2,14}\d)$/, 'must be a phone number written with digits and spaces');

const areaSchema = z.object({
  id: z.string().regex(/^[a-z0-9-]+$/),
  name: z.string().min(1),
  childrensSocialCare: z.object({
    name: z.string().min(1),
    phone: ukPhone,
    hours: z.string().min(1),
    outOfHours: z.string().min(1),
    source: z.string().min(1),
    lastReviewed: isoDate,
  }),
});

const weekday = z.enum(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun']);

const schoolSchema = z.object({
  id: z.string().regex(/^[a-z0-9-]{2,64}$/, 'lower-case letters, digits and dashes'),
  name: z.string().min(1),
  area: z.string().min(1),
  phase: z.enum(['primary', 'secondary', 'all-through', 'special']),
  widget: z.object({
    colour: z.string().regex(/^#[0-9a-fA-F]{6}$/, 'must be a colour like #1d5e8c'),
    greeting: z.string().min(1),
    allowedOrigins: z.array(z.url()).min(1),
  }),
  hours: z.object({
    timezone: z.string().min(1),
    weekly: z.partialRecord(weekday, z.array(z.tuple([clockTime, clockTime]))),
  }),
  termDates: z.array(z.object({ start: isoDate, end: isoDate })),
});

const schoolsFileSchema = z
  .object({ areas: z.array(areaSchema).min(1), schools: z.array(schoolSchema).min(1) })
  .superRefine((file, ctx) => {
    const areaIds = new Set(file.areas.map((a) => a.id));
    const seen = new Set<string>();
    file.schools.forEach((school, i) => {
      if (!areaIds.has(school.area)) {
        ctx.addIssue({
          code: 'custom',
          path: ['schools', i, 'area'],
          message: `unknown area "${school.area}"`,
        });
      }
      if (seen.has(school.id)) {
        ctx.addIssue({
          code: 'custom',
          path: ['schools', i, 'id'],
          message: `duplicate school id "${school.id}"`,
        });
      }
      seen.add(school.id);
    });
  });

export type Area = z.infer<typeof areaSchema>;
export type School = z.infer<typeof schoolSchema>;

export interface Content {
  copy: BotCopy;
  areas: Area[];
  schools: School[];
  /** Live handoff and feedback messages (content/handoff.json). */
  handoff: HandoffCopy;
}

export class ContentError extends Error {
  constructor(
    readonly file: string,
    readonly problems: string[],
  ) {
    super(`Content file ${file} is invalid: ${problems.join('; ')}`);
    this.name = 'ContentError';
  }
}

async function readJson<T>(directory: string, file: string, schema: z.ZodType<T>): Promise<T> {
  const fullPath = path.join(directory, file);
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(fullPath, 'utf8'));
  } catch (err) {
    throw new ContentError(file, [err instanceof Error ? err.message : String(err)]);
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    throw new ContentError(
      file,
      parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`),
    );
  }
  return parsed.data;
}

export async function loadContent(directory: string): Promise<Content> {
  const [copy, schools, handoff] = await Promise.all([
    readJson(directory, 'copy.json', copySchema),
    readJson(directory, 'schools.json', schoolsFileSchema),
    readJson(directory, 'handoff.json', handoffCopySchema),
  ]);
  return { copy, areas: schools.areas, schools: schools.schools, handoff };
}
