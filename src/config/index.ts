import path from 'node:path';
import { z } from 'zod';
import {
  boolean,
  decimal,
  integer,
  list,
  oneOf,
  optionalOneOf,
  optionalString,
  optionalUrl,
  stringWithDefault,
} from './env';
import { nluConfig, nluProblems, type NluConfig } from './nlu';

/**
 * Language understanding (docs/nlu.md). The local model is the default and needs none of the
 * others; LUIS and CLU each need their own group.
 */
const cloudName = (what: string) =>
  optionalString().refine((v) => v === undefined || /^[A-Za-z0-9_.-]{1,50}$/.test(v), {
    message: `must be the ${what}: letters, digits, _ . - only, up to 50 characters`,
  });
const nluEnv = z.object({
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
 * The one place that reads `process.env`. Every variable is declared here with its schema and
 * documented in `.env.example`; `loadConfig` validates them all at once and reports every bad
 * variable in a single message.
 */
const envSchema = z.object({
  NODE_ENV: oneOf(['development', 'production', 'test'], 'development'),
  PORT: integer(3978, 0, 65535),
  HOST: stringWithDefault('0.0.0.0'),
  PUBLIC_URL: optionalUrl(),
  LOG_LEVEL: oneOf(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], 'info'),
  BODY_LIMIT_BYTES: integer(256 * 1024, 1024, 10 * 1024 * 1024),
  SHUTDOWN_TIMEOUT_MS: integer(10_000, 0, 120_000),
  TRUST_PROXY: boolean(false),

  DATA_DIR: stringWithDefault('./data'),
  MONGODB_URI: optionalString().refine((v) => v === undefined || /^mongodb(\+srv)?:\/\//.test(v), {
    message: 'must start with mongodb:// or mongodb+srv://',
  }),
  MONGODB_DB: stringWithDefault('parent_support').pipe(
    z.string().regex(/^[A-Za-z0-9_-]{1,63}$/, 'letters, digits, _ and - only'),
  ),
  DATA_ENCRYPTION_KEY: optionalString().refine(
    (v) => v === undefined || Buffer.from(v, 'base64').length === 32,
    { message: 'must be 32 bytes, base64-encoded (openssl rand -base64 32)' },
  ),

  ...nluEnv.shape,

  MicrosoftAppId: optionalString(),
  MicrosoftAppPassword: optionalString(),
  MicrosoftAppType: oneOf(['MultiTenant', 'SingleTenant', 'UserAssignedMSI'], 'MultiTenant'),
  MicrosoftAppTenantId: optionalString(),
  ALLOWED_SERVICE_URLS: list(),
});

export type Env = z.input<typeof envSchema>;

export interface Config {
  env: 'development' | 'production' | 'test';
  http: {
    port: number;
    host: string;
    /** The externally visible base URL (scheme, host, optional path), without a trailing slash. */
    publicUrl: string | undefined;
    bodyLimitBytes: number;
    trustProxy: boolean;
    shutdownTimeoutMs: number;
  };
  log: { level: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent' };
  store:
    | { kind: 'embedded'; dataDir: string }
    | { kind: 'mongodb'; uri: string; database: string; dataDir: string };
  /** Base64 key for sealing personal data at rest; when absent a key file under dataDir is used. */
  encryptionKey: string | undefined;
  nlu: NluConfig;
  botFramework: {
    appId: string | undefined;
    appPassword: string | undefined;
    appType: 'MultiTenant' | 'SingleTenant' | 'UserAssignedMSI';
    tenantId: string | undefined;
    /** With no app id, channel authentication is off and replies only go to these service URLs (plus loopback). */
    allowedServiceUrls: string[];
  };
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration: ${problems.join('; ')}`);
    this.name = 'ConfigError';
  }
}

export function loadConfig(
  source: Record<string, string | undefined> = process.env,
  cwd = process.cwd(),
): Config {
  const parsed = envSchema.safeParse(source);
  if (!parsed.success) {
    const problems = parsed.error.issues.map(
      (issue) => `${issue.path.join('.') || '(env)'} ${issue.message}`,
    );
    throw new ConfigError(problems);
  }
  const e = parsed.data;
  const problems: string[] = [];
  if (e.NODE_ENV === 'production' && !e.DATA_ENCRYPTION_KEY) {
    problems.push('DATA_ENCRYPTION_KEY is required when NODE_ENV=production');
  }
  if (e.MicrosoftAppId && !e.MicrosoftAppPassword && e.MicrosoftAppType !== 'UserAssignedMSI') {
    problems.push('MicrosoftAppPassword is required when MicrosoftAppId is set');
  }
  if (e.MicrosoftAppType !== 'MultiTenant' && e.MicrosoftAppId && !e.MicrosoftAppTenantId) {
    problems.push(`MicrosoftAppTenantId is required when MicrosoftAppType=${e.MicrosoftAppType}`);
  }
  problems.push(...nluProblems(e));
  for (const url of e.ALLOWED_SERVICE_URLS) {
    if (!URL.canParse(url)) problems.push(`ALLOWED_SERVICE_URLS has an entry that is not a URL: ${url}`);
  }
  if (problems.length > 0) throw new ConfigError(problems);

  const dataDir = path.resolve(cwd, e.DATA_DIR);
  return {
    env: e.NODE_ENV,
    http: {
      port: e.PORT,
      host: e.HOST,
      publicUrl: e.PUBLIC_URL,
      bodyLimitBytes: e.BODY_LIMIT_BYTES,
      trustProxy: e.TRUST_PROXY,
      shutdownTimeoutMs: e.SHUTDOWN_TIMEOUT_MS,
    },
    log: { level: e.LOG_LEVEL },
    store: e.MONGODB_URI
      ? { kind: 'mongodb', uri: e.MONGODB_URI, database: e.MONGODB_DB, dataDir }
      : { kind: 'embedded', dataDir },
    encryptionKey: e.DATA_ENCRYPTION_KEY,
    nlu: nluConfig(e),
    botFramework: {
      appId: e.MicrosoftAppId,
      appPassword: e.MicrosoftAppPassword,
      appType: e.MicrosoftAppType,
      tenantId: e.MicrosoftAppTenantId,
      allowedServiceUrls: e.ALLOWED_SERVICE_URLS,
    },
  };
}
