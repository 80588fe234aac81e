import { z } from 'zod';
import { plain } from './fields';

// ---- faq.json -------------------------------------------------------------------------------

export const faqFileSchema = z.object({
  faqs: z
    .array(
      z.object({
        id: z.string().regex(/^[a-z][a-z0-9_]*$/, 'lower-case letters, digits and _'),
        /** Shown in the FAQ list and in "did you mean". */
        question: plain,
        answer: plain.refine((v) => v.length <= 700, 'keep answers under 700 characters'),
        /** For SMS: at most two text messages of plain characters. */
        smsAnswer: plain
          .refine((v) => v.length <= 300, 'must be 300 characters or fewer (two text messages)')
          .refine((v) => /^[\x20-\x7e\n]*$/.test(v), 'plain characters only (no curly quotes or dashes)'),
      }),
    )
    .min(1),
});

export type Faq = z.infer<typeof faqFileSchema>['faqs'][number];
