import { z } from 'zod';
import type { CluSettings } from '../../config/nlu';
import type { Recognition, RecognizedEntity } from '../Recognizer';
import { CloudRecognizerError, httpFailure, ServiceRecognizer, serviceRecognition } from '../cloud/cloudCall';
import type { CallPolicy } from '../cloud/cloudCall';

/** CLU predicts on at most 1,000 characters. */
export const CLU_MAX_QUERY = 1000;

/** The language sent with each message (CLU's code for UK English). */
export const CLU_LANGUAGE = 'en-gb';

/**
 * Azure AI Language conversational language understanding (CLU), LUIS's successor, through its
 * REST API (`POST {endpoint}/language/:analyze-conversations`) with Node's fetch: one request, no
 * SDK needed.
 *
 * Messages are sent with `isLoggingEnabled: false`, so the service does not keep them for review.
 */
export class CluRecognizer extends ServiceRecognizer {
  readonly backend = 'clu' as const;
  private readonly url: string;

  constructor(
    private readonly settings: CluSettings,
    policy: CallPolicy,
  ) {
    super(CLU_MAX_QUERY, policy);
    const url = new URL(`${settings.endpoint.replace(/\/+$/, '')}/language/:analyze-conversations`);
    url.searchParams.set('api-version', settings.apiVersion);
    this.url = url.toString();
  }

  protected async ask(query: string, signal: AbortSignal): Promise<Recognition> {
    const body = {
      kind: 'Conversation',
      analysisInput: {
        conversationItem: {
          id: '1',
          participantId: 'parent',
          text: query,
          modality: 'text',
          language: CLU_LANGUAGE,
        },
      },
      parameters: {
        projectName: this.settings.projectName,
        deploymentName: this.settings.deploymentName,
        stringIndexType: 'Utf16CodeUnit',
        verbose: true,
        isLoggingEnabled: false,
      },
    };
    let response: Response;
    try {
      response = await fetch(this.url, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          'Ocp-Apim-Subscription-Key': this.settings.key,
        },
        body: JSON.stringify(body),
        signal,
      });
    } catch {
      throw new CloudRecognizerError(signal.aborted ? 'timeout' : 'network');
    }
    if (!response.ok) {
      // Read and drop the body so the connection can be reused; its text is never logged.
      await response.arrayBuffer().catch(() => undefined);
      throw httpFailure(response.status, response.headers);
    }
    let json: unknown;
    try {
      json = await response.json();
    } catch {
      throw new CloudRecognizerError(signal.aborted ? 'timeout' : 'malformed');
    }
    const parsed = cluResponseSchema.safeParse(json);
    if (!parsed.success) throw new CloudRecognizerError('malformed');
    return toRecognition(parsed.data.result.prediction);
  }
}

/** The part of a Conversation project's answer we read (REST API 2023-04-01, ConversationalTaskResult). */
const cluResponseSchema = z.object({
  kind: z.literal('ConversationResult'),
  result: z.object({
    query: z.string(),
    prediction: z.object({
      projectKind: z.literal('Conversation'),
      topIntent: z.string().nullish(),
      intents: z.array(z.object({ category: z.string(), confidenceScore: z.number().min(0).max(1) })),
      entities: z
        .array(
          z
            .object({
              category: z.string(),
              text: z.string(),
              confidenceScore: z.number().optional(),
              extraInformation: z
                .array(z.object({ extraInformationKind: z.string(), key: z.string().optional() }).loose())
                .optional(),
            })
            .loose(),
        )
        .default([]),
    }),
  }),
});

type CluPrediction = z.infer<typeof cluResponseSchema>['result']['prediction'];

function toRecognition(prediction: CluPrediction): Recognition {
  const intent = prediction.topIntent ?? '';
  const score = prediction.intents.find((i) => i.category === intent)?.confidenceScore ?? 0;
  return serviceRecognition('clu', intent, score, prediction.entities.map(toEntity));
}

/** A list entity's value is its list key; any other entity's is the words found. */
function toEntity(entity: CluPrediction['entities'][number]): RecognizedEntity {
  const listKey = entity.extraInformation?.find((e) => e.extraInformationKind === 'ListKey')?.key;
  return { type: entity.category, value: listKey ?? entity.text, text: entity.text };
}
