import { z } from 'zod';

/** The field types the content files' schemas share. */

export const text = z.string().trim().min(1);
export const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date like 2026-09-03');
export const clockTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a time like 08:30');
export const ukPhone = z
  .string()
  .regex(/^(\d[\d ]{2,14}\d)$/, 'must be a phone number written with digits and spaces');

/** `{phone:agency-id}` and `{text:agency-id}` are filled from agencies.json when content loads. */
export const AGENCY_PLACEHOLDER = /\{(phone|text):([a-z0-9-]+)\}/g;
export const PLACEHOLDER = /\{([^{}]+)\}/g;

/**
 * A string with `{placeholders}`: only the named ones (and agency numbers) are allowed, and the
 * required ones must be there, so a typo in a template stops the start instead of a conversation.
 */
export function template(allowed: string[], required: string[] = allowed) {
  return text.superRefine((value, ctx) => {
    for (const [, name = ''] of value.matchAll(PLACEHOLDER)) {
      if (!allowed.includes(name) && !/^(phone|text):[a-z0-9-]+$/.test(name)) {
        ctx.addIssue({
          code: 'custom',
          message: `unknown placeholder {${name}}${allowed.length ? ` (allowed: ${allowed.map((a) => `{${a}}`).join(', ')})` : ''}`,
        });
      }
    }
    for (const name of required) {
      if (!value.includes(`{${name}}`)) ctx.addIssue({ code: 'custom', message: `must contain {${name}}` });
    }
  });
}
export const plain = template([]);
export const plainLines = z.array(plain).min(1);

/** A phone number written into a text (agencies' numbers must come from agencies.json instead). */
export const PHONE_LIKE = /(?:\+?\d[\d ]{4,}\d)/;

/** A topic's id (topics.json), as agencies and referrals name it. */
export const topicId = z.string().regex(/^[a-z][a-z0-9_]*$/, 'lower-case letters, digits and _');
