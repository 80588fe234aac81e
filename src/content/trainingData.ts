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
    const intents = uniqueNames(ctx);
    const utterances = uniqueNames(ctx);
    data.intents.forEach(({ intent, utterances: said }, i) => {
      intents(intent, intent, ['intents', i, 'intent'], () => `duplicate intent "${intent}"`);
      said.forEach((utterance, j) =>
        utterances(
          utterance.toLowerCase(),
          intent,
          ['intents', i, 'utterances', j],
          (other) => `"${utterance}" is also an utterance of ${other}`,
        ),
      );
    });
    const lists = uniqueNames(ctx);
    (data.lists ?? []).forEach((list, i) => {
      lists(list.name, list.name, ['lists', i, 'name'], () => `duplicate list "${list.name}"`);
      const keys = uniqueNames(ctx);
      list.values.forEach(({ key }, j) =>
        keys(
          key,
          key,
          ['lists', i, 'values', j, 'key'],
          () => `duplicate key "${key}" in list "${list.name}"`,
        ),
      );
    });
  });

/**
 * Names that must be unique within one set (intents, utterances, lists, a list's keys): each call
 * records a name and whose it is; a name seen before is an issue at `path`, its message told whose
 * it was first.
 */
function uniqueNames(ctx: z.RefinementCtx) {
  const seen = new Map<string, string>();
  return (name: string, owner: string, path: Array<string | number>, message: (first: string) => string) => {
    const first = seen.get(name);
    if (first !== undefined) ctx.addIssue({ code: 'custom', path, message: message(first) });
    seen.set(name, owner);
  };
}

export type TrainingData = z.infer<typeof trainingDataSchema>;
export type IntentUtterances = TrainingData['intents'][number];

/** Reads and validates a training file (for scripts; the app gets it through loadContent). */
export async function readTrainingData(file: string): Promise<TrainingData> {
  return trainingDataSchema.parse(JSON.parse(await readFile(file, 'utf8')));
}
