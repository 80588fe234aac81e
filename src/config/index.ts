import path from 'node:path';
import { z } from 'zod';
import { boolean, integer, list, oneOf, optionalString, optionalUrl, stringWithDefault } from './env';

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

  MicrosoftAppId: optionalString(),
  MicrosoftAppPassword: optionalString(),
  MicrosoftAppType: oneOf(['MultiTenant', 'SingleTenant', 'UserAssignedMSI'], 'MultiTenant'),
  MicrosoftAppTenantId: optionalString(),
  ALLOWED_SERVICE_URLS: list(),

  CONSOLE_SESSION_IDLE_MINUTES: integer(30, 1, 24 * 60),
  CONSOLE_SESSION_MAX_HOURS: integer(12, 1, 7 * 24),
  CONSOLE_LOCKOUT_ATTEMPTS: integer(5, 1, 100),
  CONSOLE_LOCKOUT_MINUTES: integer(15, 1, 24 * 60),
  CONSOLE_MINUTES_PER_WAITING_CASE: integer(10, 1, 240),
  CONSOLE_ALERT_SWEEP_SECONDS: integer(60, 5, 3600),
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
  botFramework: {
    appId: string | undefined;
    appPassword: string | undefined;
    appType: 'MultiTenant' | 'SingleTenant' | 'UserAssignedMSI';
    tenantId: string | undefined;
    /** With no app id, channel authentication is off and replies only go to these service URLs (plus loopback). */
    allowedServiceUrls: string[];
  };
  console: {
    /** A session ends after this long without a request from its browser. */
    sessionIdleMs: number;
    /** A session ends this long after sign-in, however active. */
    sessionMaxMs: number;
    /** Cookies get `Secure` (and the `__Host-` prefix) when the public URL is https. */
    secureCookies: boolean;
    lockoutAttempts: number;
    lockoutMs: number;
    /** Rough minutes a PSW takes per waiting case, for the wait a parent is told. */
    minutesPerWaitingCase: number;
    /** How often waiting urgent cases are checked for staff alerts (they are also checked on every change). */
    alertSweepMs: number;
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
    botFramework: {
      appId: e.MicrosoftAppId,
      appPassword: e.MicrosoftAppPassword,
      appType: e.MicrosoftAppType,
      tenantId: e.MicrosoftAppTenantId,
      allowedServiceUrls: e.ALLOWED_SERVICE_URLS,
    },
    console: {
      sessionIdleMs: e.CONSOLE_SESSION_IDLE_MINUTES * 60_000,
      sessionMaxMs: e.CONSOLE_SESSION_MAX_HOURS * 3_600_000,
      secureCookies: e.PUBLIC_URL?.startsWith('https://') ?? false,
      lockoutAttempts: e.CONSOLE_LOCKOUT_ATTEMPTS,
      lockoutMs: e.CONSOLE_LOCKOUT_MINUTES * 60_000,
      minutesPerWaitingCase: e.CONSOLE_MINUTES_PER_WAITING_CASE,
      alertSweepMs: e.CONSOLE_ALERT_SWEEP_SECONDS * 1000,
    },
  };
}
