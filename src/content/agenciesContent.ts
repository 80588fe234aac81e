import { z } from 'zod';
import { isoDate, PHONE_LIKE, text, topicId } from './fields';

// ---- agencies.json --------------------------------------------------------------------------

/** Written like the source shows it: digits and single spaces ("0808 800 5000", "116 123", "111"). */
const agencyPhone = z.string().regex(/^\d+( \d+)*$/, 'digits and single spaces only, e.g. 0808 800 5000');
const noNumbers = text.refine(
  (v) => !PHONE_LIKE.test(v),
  'must not contain a phone number: use phone or text',
);

export const agencySchema = z
  .object({
    id: z.string().regex(/^[a-z0-9-]+$/, 'lower-case letters, digits and dashes'),
    name: text,
    helpsWith: noNumbers,
    phone: agencyPhone.optional(),
    text: z
      .object({
        keyword: z
          .string()
          .regex(/^[A-Z0-9]+$/)
          .optional(),
        number: agencyPhone,
      })
      .optional(),
    chat: noNumbers.optional(),
    hours: noNumbers.optional(),
    website: z.url({ protocol: /^https?$/ }),
    /** An area id from schools.json for a local service; absent for a national one. */
    area: z.string().optional(),
    topics: z.array(topicId).min(1),
    /** Ages of the child (or young person) the service is for. */
    ages: z
      .object({ min: z.number().int().min(0).optional(), max: z.number().int().min(0).optional() })
      .optional(),
    /** The research's confidence in what is shown: only "A" may show a phone or text number. */
    confidence: z.enum(['A', 'B', 'unconfirmed']),
    needsReview: z.boolean(),
    reviewNotes: z.string().optional(),
    source: z.array(text).min(1),
    lastReviewed: isoDate,
    reviewBy: isoDate,
  })
  .superRefine((agency, ctx) => {
    if ((agency.phone || agency.text) && agency.confidence !== 'A') {
      ctx.addIssue({
        code: 'custom',
        path: [agency.phone ? 'phone' : 'text'],
        message:
          'only numbers the research marks confidence A may be shown; give the website only and set needsReview',
      });
    }
    if (agency.confidence !== 'A' && !agency.needsReview) {
      ctx.addIssue({ code: 'custom', path: ['needsReview'], message: 'must be true unless confidence is A' });
    }
    if (agency.reviewBy < agency.lastReviewed) {
      ctx.addIssue({ code: 'custom', path: ['reviewBy'], message: 'must not be before lastReviewed' });
    }
  });

export const agenciesFileSchema = z.object({ agencies: z.array(agencySchema).min(1) });

export type Agency = z.infer<typeof agencySchema>;
