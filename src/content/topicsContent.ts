import { z } from 'zod';
import { plain, topicId } from './fields';

// ---- topics.json ----------------------------------------------------------------------------

export const topicsFileSchema = z.object({
  topics: z
    .array(
      z.object({
        id: topicId,
        label: plain,
        /** Offered as "what is it about" in a self-referral. */
        referral: z.boolean(),
        /** Offered in "find other help". */
        signposting: z.boolean(),
        /** Also show the area's children's social care front door. */
        showFrontDoor: z.boolean().optional(),
      }),
    )
    .min(1),
});

export type Topic = z.infer<typeof topicsFileSchema>['topics'][number];
