import { z } from 'zod';
import { CLU_LANGUAGE } from '../clu/CluRecognizer';
import { holdOutSplit } from '../evaluate';
import type { TrainingData } from '../../content/trainingData';

/**
 * A CLU (Azure AI Language, conversational language understanding) project file, as the authoring
 * API's import takes it (`POST {endpoint}/language/authoring/analyze-conversations/projects/{name}/:import
 * ?api-version=2023-04-01`) and Language Studio's "Import" button reads.
 *
 * The schema follows the REST API's ExportedProject (2023-04-01) for a Conversation project, with
 * the service's documented limits (CLU service limits: names, lengths, counts).
 */

/** The authoring API version the file is written for. */
export const CLU_PROJECT_FILE_VERSION = '2023-04-01';

/** Letters, digits and any symbol but : $ & % * ( ) + ~ # / ?, up to 50 characters. */
const cluIntentName = z
  .string()
  .min(1)
  .max(50)
  .regex(/^[^:$&%*()+~#/?]+$/, 'must not contain : $ & % * ( ) + ~ # / ?');
const language = z.string().regex(/^[a-z]{2}(-[a-z]{2,4})?$/, 'a BCP-47 code CLU supports, e.g. en-gb');

export const cluProjectSchema = z
  .object({
    projectFileVersion: z.string().regex(/^\d{4}-\d{2}-\d{2}(-preview)?$/),
    stringIndexType: z.literal('Utf16CodeUnit'),
    metadata: z.object({
      projectKind: z.literal('Conversation'),
      projectName: z
        .string()
        .regex(/^[A-Za-z0-9_.-]{1,50}$/, 'letters, digits, _ . - only, no spaces, up to 50 characters'),
      language,
      multilingual: z.boolean().optional(),
      description: z.string().optional(),
      settings: z.object({ confidenceThreshold: z.number().min(0).max(1) }).optional(),
    }),
    assets: z.object({
      projectKind: z.literal('Conversation'),
      intents: z
        .array(z.object({ category: cluIntentName }))
        .min(1)
        .max(500),
      entities: z
        .array(z.object({ category: cluIntentName }).loose())
        .max(350)
        .optional(),
      utterances: z
        .array(
          z.object({
            text: z.string().min(1).max(500),
            intent: cluIntentName,
            language: language.optional(),
            dataset: z.enum(['Train', 'Test']).optional(),
            entities: z
              .array(
                z.object({
                  category: z.string(),
                  offset: z.number().int().min(0),
                  length: z.number().int().min(1),
                }),
              )
              .optional(),
          }),
        )
        .max(50_000)
        .optional(),
    }),
  })
  .superRefine((project, ctx) => {
    const intents = new Set<string>();
    project.assets.intents.forEach(({ category }, i) => {
      if (intents.has(category)) {
        ctx.addIssue({
          code: 'custom',
          path: ['assets', 'intents', i],
          message: `duplicate intent ${category}`,
        });
      }
      intents.add(category);
    });
    const texts = new Set<string>();
    (project.assets.utterances ?? []).forEach(({ text, intent }, i) => {
      if (!intents.has(intent)) {
        ctx.addIssue({
          code: 'custom',
          path: ['assets', 'utterances', i, 'intent'],
          message: `unknown intent ${intent}`,
        });
      }
      if (texts.has(text.toLowerCase())) {
        ctx.addIssue({
          code: 'custom',
          path: ['assets', 'utterances', i, 'text'],
          message: 'duplicate utterance',
        });
      }
      texts.add(text.toLowerCase());
    });
  });

export type CluProject = z.infer<typeof cluProjectSchema>;

export interface CluProjectOptions {
  projectName: string;
  description: string;
  /**
   * Mark every n-th utterance of each intent as the Test set (the same ones `npm run nlu:eval`
   * holds out), so CLU's own evaluation can use a manual split; without it all are Train.
   */
  testEvery?: number;
}

export function toCluProject(data: TrainingData, options: CluProjectOptions): CluProject {
  const testTexts = new Set(
    options.testEvery ? holdOutSplit(data, options.testEvery).test.map((example) => example.text) : [],
  );
  return cluProjectSchema.parse({
    projectFileVersion: CLU_PROJECT_FILE_VERSION,
    stringIndexType: 'Utf16CodeUnit',
    metadata: {
      projectKind: 'Conversation',
      projectName: options.projectName,
      language: CLU_LANGUAGE,
      multilingual: false,
      description: options.description,
      // The bot applies its own thresholds; CLU should always say its best guess.
      settings: { confidenceThreshold: 0 },
    },
    assets: {
      projectKind: 'Conversation',
      intents: [{ category: 'None' }, ...data.intents.map(({ intent }) => ({ category: intent }))],
      entities: (data.lists ?? []).map((list) => ({
        category: list.name,
        compositionSetting: 'combineComponents',
        list: {
          sublists: list.values.map(({ key, synonyms }) => ({
            listKey: key,
            synonyms: [{ language: CLU_LANGUAGE, values: synonyms }],
          })),
        },
      })),
      utterances: data.intents.flatMap(({ intent, utterances }) =>
        utterances.map((text) => ({
          text: text.replace(/\s+/g, ' ').trim(),
          intent,
          language: CLU_LANGUAGE,
          dataset: testTexts.has(text) ? 'Test' : 'Train',
          entities: [],
        })),
      ),
    },
  });
}
