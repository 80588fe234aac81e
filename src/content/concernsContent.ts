import { z } from 'zod';
import { RISK_CATEGORIES, type RiskCategory } from './riskCategories';

/**
 * The lines of copy.json `safeguarding.help`, one per family of help, in the order a parent is
 * given them: someone in crisis first, then abuse by a partner, then a child at risk.
 */
export const HELP_FAMILIES = ['crisis', 'domesticAbuse', 'child'] as const;
export type HelpFamily = (typeof HELP_FAMILIES)[number];

const categorySchema = z.strictObject({
  /** What a PSW reads on the case and in the queue. */
  label: z.string().trim().min(1),
  /** Which help the parent is given after 999, in this order. */
  help: z.array(z.enum(HELP_FAMILIES)).min(1),
});

/**
 * `content/concerns.json`: for every risk category the safeguarding check reports, the words a
 * PSW reads and the help the parent is given. Every category must be there.
 */
export const concernsSchema = z.strictObject({
  categories: z.record(z.string(), categorySchema).superRefine((categories, ctx) => {
    for (const id of RISK_CATEGORIES) {
      if (!(id in categories)) ctx.addIssue({ code: 'custom', message: `missing category "${id}"` });
    }
    for (const id of Object.keys(categories)) {
      if (!(RISK_CATEGORIES as readonly string[]).includes(id))
        ctx.addIssue({ code: 'custom', message: `unknown category "${id}"`, path: [id] });
    }
  }),
});

export type ConcernsContent = {
  categories: Record<RiskCategory, z.infer<typeof categorySchema>>;
};

/** A category id in PSW words; an id the content does not know is shown as it is. */
export function concernLabel(concerns: ConcernsContent, id: string): string {
  return (concerns.categories as Record<string, { label: string } | undefined>)[id]?.label ?? id;
}
