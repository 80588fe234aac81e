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

/**
 * A list entity: words that name one thing, e.g. the `topic` list's value money_housing with
 * "debt", "bailiffs", "eviction". The local model uses them as features (routing a message that
 * names "bailiffs" to signpost.money_housing); the `.lu` and CLU exports carry them as list entities.
 */
export const listEntitySchema = z.object({
  name: z.string().regex(/^[a-z][a-z0-9_]*$/, 'lower-case letters, digits and _'),
  values: z
    .array(
      z.object({
        key: z.string().regex(/^[a-z][a-z0-9_]*$/, 'lower-case letters, digits and _'),
        synonyms: z.array(z.string().trim().min(1)).min(1),
      }),
    )
    .min(1),
});

export type ListEntity = z.infer<typeof listEntitySchema>;

export const trainingDataSchema = z
  .object({
    language: z.literal('en'),
    about: z.string().optional(),
    lists: z.array(listEntitySchema).optional(),
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
    const seenLists = new Set<string>();
    (data.lists ?? []).forEach((list, i) => {
      if (seenLists.has(list.name)) {
        ctx.addIssue({
          code: 'custom',
          path: ['lists', i, 'name'],
          message: `duplicate list "${list.name}"`,
        });
      }
      seenLists.add(list.name);
      const keys = new Set<string>();
      list.values.forEach(({ key }, j) => {
        if (keys.has(key)) {
          ctx.addIssue({
            code: 'custom',
            path: ['lists', i, 'values', j, 'key'],
            message: `duplicate key "${key}" in list "${list.name}"`,
          });
        }
        keys.add(key);
      });
    });
  });

export type TrainingData = z.infer<typeof trainingDataSchema>;
export type IntentUtterances = TrainingData['intents'][number];

/** Reads and validates a training file (for scripts; the app gets it through loadContent). */
export async function readTrainingData(file: string): Promise<TrainingData> {
  return trainingDataSchema.parse(JSON.parse(await readFile(file, 'utf8')));
}
