import { z } from 'zod';
import {
  decimal,
  integer,
  oneOf,
  optionalOneOf,
  optionalString,
  optionalUrl,
  stringWithDefault,
} from './env';
import { isHttpsOrLoopback } from './urls';

/**
 * Language understanding (docs/nlu.md). The local model is the default and needs none of the
 * others; LUIS and CLU each need their own group.
 */
const cloudName = (what: string) =>
  optionalString().refine((v) => v === undefined || /^[A-Za-z0-9_.-]{1,50}$/.test(v), {
    message: `must be the ${what}: letters, digits, _ . - only, up to 50 characters`,
  });

export const nluEnv = z.object({
  RECOGNIZER: oneOf(['local', 'luis', 'clu'], 'local'),
  LUIS_APP_ID: optionalString().refine((v) => v === undefined || z.guid().safeParse(v).success, {
    message: 'must be the LUIS app id, a GUID like 00000000-0000-0000-0000-000000000000',
  }),
  LUIS_KEY: optionalString(),
  LUIS_ENDPOINT: optionalUrl(),
  LUIS_SLOT: optionalOneOf(['production', 'staging']),
  LUIS_VERSION: cloudName('LUIS app version id'),
  CLU_ENDPOINT: optionalUrl(),
  CLU_KEY: optionalString(),
  CLU_PROJECT: cloudName('CLU project name'),
  CLU_DEPLOYMENT: cloudName('CLU deployment name'),
  CLU_API_VERSION: stringWithDefault('2023-04-01').pipe(
    z.string().regex(/^\d{4}-\d{2}-\d{2}(-preview)?$/, 'must be an API version like 2023-04-01'),
  ),
  NLU_TIMEOUT_MS: integer(1500, 100, 10_000),
  NLU_MIN_SCORE: decimal(0.5, 0, 1),
  NLU_RETRY_WAIT_MS: integer(1000, 0, 10_000),
  NLU_BREAKER_FAILURES: integer(3, 0, 100),
  NLU_BREAKER_PAUSE_MS: integer(30_000, 1000, 3_600_000),
});
export type NluEnv = z.output<typeof nluEnv>;

/** The language-understanding variables (for documentation checks). */
export const NLU_VARIABLES: readonly string[] = Object.keys(nluEnv.shape);

/**
 * The language-understanding part of the config (docs/nlu.md): which backend answers, and how
 * cloud calls behave. index.ts adds these variables to the others.
 */
export type NluConfig = NluTuning &
  (
    | { recognizer: 'local' }
    | { recognizer: 'luis'; luis: LuisSettings }
    | { recognizer: 'clu'; clu: CluSettings }
  );

export interface NluTuning {
  /** How long one cloud request may take before the local model answers instead. */
  timeoutMs: number;
  /** A cloud answer scored below this is replaced by the local model's. */
  minScore: number;
  /** The longest Retry-After honoured before the one retry; longer means no retry. */
  retryMaxWaitMs: number;
  /** After this many cloud failures in a row, use the local model alone for breakerPauseMs (0: never). */
  breakerFailures: number;
  breakerPauseMs: number;
}

export interface LuisSettings {
  appId: string;
  key: string;
  /** e.g. https://westeurope.api.cognitive.microsoft.com */
  endpoint: string;
  /** The published slot, or a version id (then the version is queried, not a slot). */
  target: { slot: 'production' | 'staging' } | { version: string };
}

export interface CluSettings {
  /** e.g. https://my-language.cognitiveservices.azure.com */
  endpoint: string;
  key: string;
  projectName: string;
  deploymentName: string;
  apiVersion: string;
}

const REQUIRED = {
  luis: ['LUIS_APP_ID', 'LUIS_KEY', 'LUIS_ENDPOINT'],
  clu: ['CLU_ENDPOINT', 'CLU_KEY', 'CLU_PROJECT', 'CLU_DEPLOYMENT'],
} as const;

/** Keys travel in a header: cloud endpoints must be https, except on this machine (tests). */

/** What is wrong with the chosen backend's variables, one line each. */
export function nluProblems(e: NluEnv): string[] {
  if (e.RECOGNIZER === 'local') return [];
  const problems: string[] = [];
  const missing = REQUIRED[e.RECOGNIZER].filter((name) => e[name] === undefined);
  if (missing.length > 0) problems.push(`RECOGNIZER=${e.RECOGNIZER} needs ${missing.join(', ')}`);
  const endpointName = e.RECOGNIZER === 'luis' ? 'LUIS_ENDPOINT' : 'CLU_ENDPOINT';
  const endpoint = e[endpointName];
  if (endpoint !== undefined && !isHttpsOrLoopback(endpoint)) {
    problems.push(`${endpointName} must be an https URL (http only for localhost)`);
  }
  if (e.RECOGNIZER === 'luis' && e.LUIS_SLOT !== undefined && e.LUIS_VERSION !== undefined) {
    problems.push('set LUIS_SLOT or LUIS_VERSION, not both');
  }
  return problems;
}

/** The typed NLU config; call after nluProblems found nothing. */
export function nluConfig(e: NluEnv): NluConfig {
  const tuning: NluTuning = {
    timeoutMs: e.NLU_TIMEOUT_MS,
    minScore: e.NLU_MIN_SCORE,
    retryMaxWaitMs: e.NLU_RETRY_WAIT_MS,
    breakerFailures: e.NLU_BREAKER_FAILURES,
    breakerPauseMs: e.NLU_BREAKER_PAUSE_MS,
  };
  if (e.RECOGNIZER === 'luis') {
    return {
      ...tuning,
      recognizer: 'luis',
      luis: {
        appId: e.LUIS_APP_ID ?? '',
        key: e.LUIS_KEY ?? '',
        endpoint: e.LUIS_ENDPOINT ?? '',
        target: e.LUIS_VERSION ? { version: e.LUIS_VERSION } : { slot: e.LUIS_SLOT ?? 'production' },
      },
    };
  }
  if (e.RECOGNIZER === 'clu') {
    return {
      ...tuning,
      recognizer: 'clu',
      clu: {
        endpoint: e.CLU_ENDPOINT ?? '',
        key: e.CLU_KEY ?? '',
        projectName: e.CLU_PROJECT ?? '',
        deploymentName: e.CLU_DEPLOYMENT ?? '',
        apiVersion: e.CLU_API_VERSION,
      },
    };
  }
  return { ...tuning, recognizer: 'local' };
}
