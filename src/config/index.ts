import path from 'node:path';
import { z } from 'zod';
import { integer, list, oneOf, optionalString, optionalUrl, stringWithDefault } from './env';
import { nluConfig, nluEnv, nluProblems, type NluConfig } from './nlu';
import { isHttpsOrLoopback } from './urls';

export { NLU_VARIABLES, type NluEnv } from './nlu';

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
  TRUST_PROXY: stringWithDefault('0').pipe(
    z
      .string()
      .regex(/^(?:[0-9]|10|false)$/, {
        message:
          'must be the number of reverse proxies in front of the service (0 to 10), e.g. 1; true is no longer accepted',
      })
      .transform((v) => (v === 'false' ? 0 : Number(v))),
  ),

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
  DATA_ENCRYPTION_PREVIOUS_KEYS: list().refine(
    (keys) => keys.every((k) => Buffer.from(k, 'base64').length === 32),
    { message: 'must be keys of 32 bytes, base64-encoded, separated by commas' },
  ),
  RETENTION_SWEEP_MINUTES: integer(60, 1, 24 * 60),

  ...nluEnv.shape,

  MicrosoftAppId: optionalString(),
  MicrosoftAppPassword: optionalString(),
  MicrosoftAppType: oneOf(['MultiTenant', 'SingleTenant', 'UserAssignedMSI'], 'MultiTenant'),
  MicrosoftAppTenantId: optionalString(),
  ALLOWED_SERVICE_URLS: list(),
  BOT_MESSAGES_RATE_LIMIT: integer(60, 1, 10_000),

  WEBCHAT_TOKEN_TTL_SECONDS: integer(1800, 1200, 86_400),
  WEBCHAT_TOKEN_RATE_LIMIT: integer(30, 1, 10_000),
  WEBCHAT_HISTORY_HOURS: integer(24, 1, 24 * 90),
  WEBCHAT_STREAMS_PER_CONVERSATION: integer(5, 1, 100),
  WEBCHAT_LEAVE_URL: optionalUrl(),
  DIRECT_LINE_SECRET: optionalString(),
  DIRECT_LINE_URL: optionalUrl(),
  DEFAULT_AREA: stringWithDefault('liverpool').pipe(
    z.string().regex(/^[a-z0-9-]+$/, 'must be an area id from content/schools.json, e.g. liverpool'),
  ),
  TWILIO_ACCOUNT_SID: optionalString().refine((v) => v === undefined || /^AC[0-9a-fA-F]{32}$/.test(v), {
    message: 'must be an account SID: AC followed by 32 hex digits',
  }),
  TWILIO_AUTH_TOKEN: optionalString(),
  TWILIO_FROM_NUMBER: optionalString().refine((v) => v === undefined || /^\+[1-9]\d{6,14}$/.test(v), {
    message: 'must be a phone number in E.164 form, e.g. +441514960000',
  }),
  TWILIO_MESSAGING_SERVICE_SID: optionalString().refine(
    (v) => v === undefined || /^MG[0-9a-fA-F]{32}$/.test(v),
    { message: 'must be a messaging service SID: MG followed by 32 hex digits' },
  ),
  TWILIO_API_URL: optionalUrl(),
  TWILIO_SEND_RETRIES: integer(4, 0, 10),
  TWILIO_RETRY_BASE_MS: integer(500, 1, 60_000),
  TWILIO_TIMEOUT_MS: integer(15_000, 100, 120_000),
  SMS_RETRY_HORIZON_SECONDS: integer(86_400, 1, 7 * 86_400),
  SMS_LEASE_MS: integer(30_000, 200, 600_000),
  SMS_SWEEP_INTERVAL_MS: integer(30_000, 100, 3_600_000),
  CONSOLE_SESSION_IDLE_MINUTES: integer(30, 1, 24 * 60),
  CONSOLE_SESSION_MAX_HOURS: integer(12, 1, 7 * 24),
  CONSOLE_LOCKOUT_ATTEMPTS: integer(5, 1, 100),
  CONSOLE_LOCKOUT_MINUTES: integer(15, 1, 24 * 60),
  CONSOLE_LOGIN_ATTEMPTS_PER_ADDRESS: integer(30, 1, 10_000),
  CONSOLE_LOGIN_ATTEMPTS_PER_ACCOUNT: integer(10, 1, 1000),
  CONSOLE_STREAMS_PER_SESSION: integer(10, 1, 100),
  CONSOLE_MINUTES_PER_WAITING_CASE: integer(10, 1, 240),
  CONSOLE_ALERT_SWEEP_SECONDS: integer(60, 5, 3600),
  AREA_DUTY_PHONES: list().refine(
    (entries) => entries.every((entry) => /^[a-z0-9-]+=\+[1-9]\d{6,14}$/.test(entry)),
    { message: 'must be area=phone pairs separated by commas, e.g. liverpool=+447700900123 (E.164)' },
  ),
});

export type Env = z.input<typeof envSchema>;

/** Every environment variable the service reads (for documentation checks). */
export const CONFIG_VARIABLES: readonly string[] = Object.keys(envSchema.shape);

export interface Config {
  env: 'development' | 'production' | 'test';
  http: {
    port: number;
    host: string;
    /** The externally visible base URL (scheme, host, optional path), without a trailing slash. */
    publicUrl: string | undefined;
    bodyLimitBytes: number;
    /** How many reverse proxies stand in front of the service; their X-Forwarded-* headers are believed, no one else's. */
    trustedProxyHops: number;
    shutdownTimeoutMs: number;
  };
  log: { level: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent' };
  store:
    | { kind: 'embedded'; dataDir: string }
    | { kind: 'mongodb'; uri: string; database: string; dataDir: string };
  /** Base64 key for sealing personal data at rest; when absent a key file under dataDir is used. */
  encryptionKey: string | undefined;
  /** Earlier keys, still read after a key rotation (docs/privacy.md); the oldest, last, keys lookup hashes. */
  previousEncryptionKeys: string[];
  privacy: {
    /** How often the retention sweep runs (it also finishes parents' erasures more often). */
    sweepIntervalMs: number;
  };
  nlu: NluConfig;
  botFramework: {
    appId: string | undefined;
    appPassword: string | undefined;
    appType: 'MultiTenant' | 'SingleTenant' | 'UserAssignedMSI';
    tenantId: string | undefined;
    /**
     * `/api/messages` answers at all: always with an app id; without one (channel authentication
     * off, for the Emulator) only outside production.
     */
    enabled: boolean;
    /** With no app id, replies only go to these exact loopback origins (the Emulator's). */
    allowedServiceUrls: string[];
    /** Requests to `/api/messages` per client address per minute while authentication is off. */
    requestsPerMinute: number;
  };
  webChat: {
    /** Lifetime of a web chat token; Web Chat refreshes it every 15 minutes while the page is open. */
    tokenTtlSeconds: number;
    /** Token requests allowed per client address per minute. */
    tokenRequestsPerMinute: number;
    /** How long the local Direct Line keeps a conversation's history after its last activity. */
    historyHours: number;
    /** WebSocket streams open at once for one conversation token. */
    streamsPerConversation: number;
    /** The neutral page "leave quickly" replaces the chat with. */
    leaveUrl: string;
    /** Azure Bot Service Direct Line, used instead of the local one when its secret is set. */
    azureDirectLine: { secret: string; url: string } | undefined;
  };
  conversation: {
    /** Area (content/schools.json) whose children's social care the bot gives when the school is not known. */
    defaultArea: string;
  };
  sms: {
    /** Absent when Twilio is not configured: POST /api/sms answers 503 and texts go to the simulator. */
    twilio:
      | {
          accountSid: string;
          authToken: string;
          fromNumber: string | undefined;
          messagingServiceSid: string | undefined;
          /** Replaces https://api.twilio.com (a local fake Twilio in tests, a stub in staging). */
          apiUrl: string | undefined;
        }
      | undefined;
    /** The /dev/sms simulator page: on unless NODE_ENV=production. */
    simulator: boolean;
    /** Retries of a Twilio request answered 429 or 5xx, with exponential backoff from retryBaseMs. */
    sendRetries: number;
    retryBaseMs: number;
    /** How long one instance holds a conversation while it runs a turn (renewed while it works). */
    leaseMs: number;
    /** How often stored messages whose turn did not finish are looked for (also once at start). */
    sweepIntervalMs: number;
    /** How long one request to Twilio may take before it counts as timed out (its outcome unknown). */
    timeoutMs: number;
    /** How long the replies to a parent's text are retried while Twilio cannot take them; then dropped. */
    retryHorizonMs: number;
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
    /** Sign-in attempts allowed per client address, and per e-mail address (known or not), per lockout period. */
    loginAttemptsPerAddress: number;
    loginAttemptsPerAccount: number;
    /** Live update streams open at once for one console session. */
    streamsPerSession: number;
    /** Rough minutes a PSW takes per waiting case, for the wait a parent is told. */
    minutesPerWaitingCase: number;
    /** How often waiting urgent cases are checked for staff alerts (they are also checked on every change). */
    alertSweepMs: number;
    /**
     * Per area id (content/schools.json): the mobile of the area's duty contact, texted about an
     * urgent case whose school is not known. Personal data: never logged.
     */
    areaDutyPhones: Record<string, string>;
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
  if (e.DATA_ENCRYPTION_PREVIOUS_KEYS.length > 0 && !e.DATA_ENCRYPTION_KEY) {
    problems.push('DATA_ENCRYPTION_PREVIOUS_KEYS needs DATA_ENCRYPTION_KEY (the new key)');
  }
  if (e.MicrosoftAppId && !e.MicrosoftAppPassword && e.MicrosoftAppType !== 'UserAssignedMSI') {
    problems.push('MicrosoftAppPassword is required when MicrosoftAppId is set');
  }
  if (e.MicrosoftAppType !== 'MultiTenant' && e.MicrosoftAppId && !e.MicrosoftAppTenantId) {
    problems.push(`MicrosoftAppTenantId is required when MicrosoftAppType=${e.MicrosoftAppType}`);
  }
  problems.push(...nluProblems(e));
  for (const url of e.ALLOWED_SERVICE_URLS) {
    if (!isLoopbackOrigin(url)) {
      problems.push(
        `ALLOWED_SERVICE_URLS entries must be loopback origins like http://localhost:56789 (no path): ${url}`,
      );
    }
  }
  const directLineUrl = e.DIRECT_LINE_URL ?? DEFAULT_DIRECT_LINE_URL;
  if (!isHttpsOrLoopback(directLineUrl)) {
    problems.push('DIRECT_LINE_URL must use https (plain http only for localhost)');
  }
  if (Boolean(e.TWILIO_ACCOUNT_SID) !== Boolean(e.TWILIO_AUTH_TOKEN)) {
    problems.push('TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN must be set together');
  }
  if (e.TWILIO_ACCOUNT_SID && e.TWILIO_AUTH_TOKEN) {
    if (!e.TWILIO_FROM_NUMBER && !e.TWILIO_MESSAGING_SERVICE_SID) {
      problems.push(
        'TWILIO_FROM_NUMBER or TWILIO_MESSAGING_SERVICE_SID is required when Twilio is configured',
      );
    }
    if (!e.PUBLIC_URL) {
      problems.push(
        'PUBLIC_URL is required when Twilio is configured (Twilio signatures are checked against it)',
      );
    }
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
      trustedProxyHops: e.TRUST_PROXY,
      shutdownTimeoutMs: e.SHUTDOWN_TIMEOUT_MS,
    },
    log: { level: e.LOG_LEVEL },
    store: e.MONGODB_URI
      ? { kind: 'mongodb', uri: e.MONGODB_URI, database: e.MONGODB_DB, dataDir }
      : { kind: 'embedded', dataDir },
    encryptionKey: e.DATA_ENCRYPTION_KEY,
    previousEncryptionKeys: e.DATA_ENCRYPTION_PREVIOUS_KEYS,
    privacy: { sweepIntervalMs: e.RETENTION_SWEEP_MINUTES * 60_000 },
    nlu: nluConfig(e),
    botFramework: {
      appId: e.MicrosoftAppId,
      appPassword: e.MicrosoftAppPassword,
      appType: e.MicrosoftAppType,
      tenantId: e.MicrosoftAppTenantId,
      enabled: Boolean(e.MicrosoftAppId) || e.NODE_ENV !== 'production',
      allowedServiceUrls: e.ALLOWED_SERVICE_URLS.map((u) => new URL(u).origin),
      requestsPerMinute: e.BOT_MESSAGES_RATE_LIMIT,
    },
    webChat: {
      tokenTtlSeconds: e.WEBCHAT_TOKEN_TTL_SECONDS,
      tokenRequestsPerMinute: e.WEBCHAT_TOKEN_RATE_LIMIT,
      historyHours: e.WEBCHAT_HISTORY_HOURS,
      streamsPerConversation: e.WEBCHAT_STREAMS_PER_CONVERSATION,
      leaveUrl: e.WEBCHAT_LEAVE_URL ?? DEFAULT_LEAVE_URL,
      azureDirectLine: e.DIRECT_LINE_SECRET
        ? { secret: e.DIRECT_LINE_SECRET, url: directLineUrl }
        : undefined,
    },
    conversation: { defaultArea: e.DEFAULT_AREA },
    sms: {
      twilio:
        e.TWILIO_ACCOUNT_SID && e.TWILIO_AUTH_TOKEN
          ? {
              accountSid: e.TWILIO_ACCOUNT_SID,
              authToken: e.TWILIO_AUTH_TOKEN,
              fromNumber: e.TWILIO_FROM_NUMBER,
              messagingServiceSid: e.TWILIO_MESSAGING_SERVICE_SID,
              apiUrl: e.TWILIO_API_URL,
            }
          : undefined,
      simulator: e.NODE_ENV !== 'production',
      sendRetries: e.TWILIO_SEND_RETRIES,
      retryBaseMs: e.TWILIO_RETRY_BASE_MS,
      leaseMs: e.SMS_LEASE_MS,
      sweepIntervalMs: e.SMS_SWEEP_INTERVAL_MS,
      timeoutMs: e.TWILIO_TIMEOUT_MS,
      retryHorizonMs: e.SMS_RETRY_HORIZON_SECONDS * 1000,
    },
    console: {
      sessionIdleMs: e.CONSOLE_SESSION_IDLE_MINUTES * 60_000,
      sessionMaxMs: e.CONSOLE_SESSION_MAX_HOURS * 3_600_000,
      secureCookies: e.PUBLIC_URL?.startsWith('https://') ?? false,
      lockoutAttempts: e.CONSOLE_LOCKOUT_ATTEMPTS,
      lockoutMs: e.CONSOLE_LOCKOUT_MINUTES * 60_000,
      loginAttemptsPerAddress: e.CONSOLE_LOGIN_ATTEMPTS_PER_ADDRESS,
      loginAttemptsPerAccount: e.CONSOLE_LOGIN_ATTEMPTS_PER_ACCOUNT,
      streamsPerSession: e.CONSOLE_STREAMS_PER_SESSION,
      minutesPerWaitingCase: e.CONSOLE_MINUTES_PER_WAITING_CASE,
      alertSweepMs: e.CONSOLE_ALERT_SWEEP_SECONDS * 1000,
      areaDutyPhones: Object.fromEntries(
        e.AREA_DUTY_PHONES.map((entry) => entry.split('=', 2) as [string, string]),
      ),
    },
  };
}

const DEFAULT_DIRECT_LINE_URL = 'https://directline.botframework.com/v3/directline';
const DEFAULT_LEAVE_URL = 'https://www.bbc.co.uk/weather';

/** `http(s)://localhost|127.x.x.x|[::1]:port` with nothing after the port but an optional `/`. */
function isLoopbackOrigin(url: string): boolean {
  if (!URL.canParse(url)) return false;
  const u = new URL(url);
  const loopback = ['localhost', '[::1]'].includes(u.hostname) || /^127(\.\d{1,3}){3}$/.test(u.hostname);
  return (
    (u.protocol === 'http:' || u.protocol === 'https:') &&
    loopback &&
    u.port !== '' &&
    u.pathname === '/' &&
    !u.search &&
    !u.hash &&
    !u.username &&
    !u.password
  );
}
