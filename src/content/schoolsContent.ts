import { z } from 'zod';
import { clockTime, isoDate, ukPhone } from './fields';

// ---- schools.json ---------------------------------------------------------------------------

export const areaSchema = z.object({
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
  /**
   * Who is told about an urgent case when the parent's school is not known (docs/safeguarding.md).
   * Their mobile is configuration (AREA_DUTY_PHONES), not content.
   */
  dutyContact: z.object({ name: z.string().min(1) }).optional(),
  /** The area's PSW service's promise: a referral's first contact within this many working days. */
  serviceLevel: z
    .object({ referralFirstContactWorkingDays: z.number().int().min(0).max(20) })
    .default({ referralFirstContactWorkingDays: 2 }),
});

const weekday = z.enum(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun']);

export const schoolSchema = z.object({
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
  /** The school's own Twilio numbers (E.164); a text to one of them is known to be about this school. */
  smsNumbers: z.array(z.string().regex(/^\+[1-9]\d{6,14}$/, 'must be E.164, e.g. +441514960000')).optional(),
});

export const schoolsFileSchema = z
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
    const numbers = new Set<string>();
    file.schools.forEach((school, i) => {
      for (const number of school.smsNumbers ?? []) {
        if (numbers.has(number)) {
          ctx.addIssue({
            code: 'custom',
            path: ['schools', i, 'smsNumbers'],
            message: 'an SMS number can belong to one school only',
          });
        }
        numbers.add(number);
      }
    });
  });

export type Area = z.infer<typeof areaSchema>;
export type School = z.infer<typeof schoolSchema>;
