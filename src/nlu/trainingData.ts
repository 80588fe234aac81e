import { readFile } from 'node:fs/promises';
import { z } from 'zod';

/**
 * The format of `content/nlu/utterances.json`, the one file that holds every training
 * utterance (see docs/conversation.md). Intent names are lower-case words joined by dots or
 * underscores, e.g. "faq.cost", "signpost.money_housing", "command.back".
 */
export const intentName = z
  .string()
  .regex(/^[a-z][a-z0-9_]*(\.[a-z0-9_]+)*$/, 'lower-case words joined by dots, e.g. faq.cost');

export const trainingDataSchema = z
  .object({
    language: z.literal('en'),
    intents: z
      .array(
        z.object({
          intent: intentName,
          utterances: z.array(z.string().trim().min(1)).min(5, 'needs at least 5 utterances'),
        }),
      )
      .min(1),
  })
  .superRefine((data, ctx) => {
    const seenIntents = new Set<string>();
    const seenUtterances = new Map<string, string>();
    data.intents.forEach((entry, i) => {
      if (seenIntents.has(entry.intent)) {
        ctx.addIssue({
          code: 'custom',
          path: ['intents', i, 'intent'],
          message: `duplicate intent "${entry.intent}"`,
        });
      }
      seenIntents.add(entry.intent);
      entry.utterances.forEach((utterance, j) => {
        const key = utterance.toLowerCase();
        const other = seenUtterances.get(key);
        if (other !== undefined) {
          ctx.addIssue({
            code: 'custom',
            path: ['intents', i, 'utterances', j],
            message: `"${utterance}" is also an utterance of ${other}`,
          });
        }
        seenUtterances.set(key, entry.intent);
      });
    });
  });

export type TrainingData = z.infer<typeof trainingDataSchema>;
export type IntentUtterances = TrainingData['intents'][number];

/** Reads and validates a training file (for scripts; the app gets it through loadContent). */
export async function readTrainingData(file: string): Promise<TrainingData> {
  return trainingDataSchema.parse(JSON.parse(await readFile(file, 'utf8')));
}
