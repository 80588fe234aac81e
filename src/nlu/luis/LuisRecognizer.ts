import { LUISRuntimeClient } from '@azure/cognitiveservices-luis-runtime';
import { ApiKeyCredentials, RestError, type AbortSignalLike } from '@azure/ms-rest-js';
import { z } from 'zod';
import type { LuisSettings } from '../../config/nlu';
import type { Recognition, RecognizedEntity } from '../Recognizer';
import { CloudRecognizerError, httpFailure, ServiceRecognizer, serviceRecognition } from '../cloud/cloudCall';
import type { CallPolicy } from '../cloud/cloudCall';

/** LUIS reads at most 500 characters of a query. */
export const LUIS_MAX_QUERY = 500;

/**
 * A LUIS v3 prediction endpoint through `@azure/cognitiveservices-luis-runtime`. Azure retired
 * LUIS on 31 March 2026: this is for services that still run a LUIS-compatible endpoint.
 *
 * Queries are sent with `log=false`, so LUIS does not keep parents' messages for review.
 */
export class LuisRecognizer extends ServiceRecognizer {
  readonly backend = 'luis' as const;
  private readonly client: LUISRuntimeClient;

  constructor(
    private readonly settings: LuisSettings,
    policy: CallPolicy,
  ) {
    super(LUIS_MAX_QUERY, policy);
    const credentials = new ApiKeyCredentials({ inHeader: { 'Ocp-Apim-Subscription-Key': settings.key } });
    // The SDK's own retry policies (three retries with back-off) would outlast any time limit.
    this.client = new LUISRuntimeClient(credentials, settings.endpoint, { noRetryPolicy: true });
  }

  protected async ask(query: string, abortSignal: AbortSignal): Promise<Recognition> {
    // Node's AbortSignal is what the SDK's AbortSignalLike describes; only `this` typing differs.
    const options = {
      verbose: true,
      showAllIntents: false,
      log: false,
      abortSignal: abortSignal as unknown as AbortSignalLike,
    };
    const { target, appId } = this.settings;
    let body: unknown;
    try {
      const response =
        'version' in target
          ? await this.client.prediction.getVersionPrediction(appId, target.version, { query }, options)
          : await this.client.prediction.getSlotPrediction(appId, target.slot, { query }, options);
      body = response._response.parsedBody;
    } catch (err) {
      throw toCloudError(err);
    }
    const parsed = luisResponseSchema.safeParse(body);
    if (!parsed.success) throw new CloudRecognizerError('malformed');
    return toRecognition(parsed.data.prediction);
  }
}

function toCloudError(err: unknown): CloudRecognizerError {
  if (err instanceof CloudRecognizerError) return err;
  if (err instanceof RestError) {
    if (err.code === RestError.REQUEST_ABORTED_ERROR) return new CloudRecognizerError('timeout');
    const status = err.statusCode ?? err.response?.status;
    if (status !== undefined && (status < 200 || status >= 300)) {
      const headers = err.response?.headers;
      return httpFailure(status, headers ? { get: (name) => headers.get(name) } : undefined);
    }
    if (err.code === RestError.PARSE_ERROR || status !== undefined)
      return new CloudRecognizerError('malformed');
  }
  return new CloudRecognizerError('network');
}

/** The part of the v3 prediction response we read (docs: LUIS endpoint API v3). */
const luisResponseSchema = z.object({
  query: z.string(),
  prediction: z.object({
    topIntent: z.string(),
    intents: z.record(z.string(), z.object({ score: z.number().min(0).max(1).optional() })),
    entities: z.record(z.string(), z.unknown()).optional(),
  }),
});

type LuisPrediction = z.infer<typeof luisResponseSchema>['prediction'];

const instanceSchema = z.array(z.object({ text: z.string().optional() }).loose());

function toRecognition(prediction: LuisPrediction): Recognition {
  const intent = prediction.topIntent;
  const score = prediction.intents[intent]?.score ?? 0;
  return serviceRecognition('luis', intent, score, toEntities(prediction.entities ?? {}));
}

/**
 * v3 entities are `{ type: [value, ...], $instance: { type: [{ text, ... }, ...] } }`; a value is a
 * string, a number, a list entity's canonical forms (an array), or an object for prebuilt types.
 */
function toEntities(entities: Record<string, unknown>): RecognizedEntity[] {
  const instances = z.record(z.string(), instanceSchema).safeParse(entities.$instance);
  const out: RecognizedEntity[] = [];
  for (const [type, values] of Object.entries(entities)) {
    if (type === '$instance' || !Array.isArray(values)) continue;
    values.forEach((raw: unknown, i) => {
      const text = instances.success ? instances.data[type]?.[i]?.text : undefined;
      const value = entityValue(raw) ?? text;
      if (value === undefined) return;
      out.push({ type, value, ...(text !== undefined ? { text } : {}) });
    });
  }
  return out;
}

function entityValue(raw: unknown): string | undefined {
  if (typeof raw === 'string') return raw;
  if (typeof raw === 'number' || typeof raw === 'boolean') return String(raw);
  if (Array.isArray(raw)) return entityValue(raw[0]);
  return undefined;
}
