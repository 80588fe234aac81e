import pino, { type Logger, type LoggerOptions } from 'pino';

export type { Logger };

/**
 * Keys whose values are personal data or secrets. Whatever they hold is replaced, at any depth.
 * Code should not pass such values to the logger at all; this is the safety net.
 */
const SENSITIVE_KEYS = new Set(
  [
    'phone',
    'phonenumber',
    'from',
    'to',
    'body',
    'text',
    'name',
    'firstname',
    'lastname',
    'parentname',
    'childname',
    'email',
    'address',
    'token',
    'accesstoken',
    'password',
    'passwordhash',
    'secret',
    'authorization',
    'cookie',
    'set-cookie',
    'x-twilio-signature',
    'comment',
    'notes',
    'words',
  ].map((k) => k.toLowerCase()),
);

const REDACTED = '[redacted]';
// UK and international phone numbers, written with or without spaces, dashes or brackets.
const PHONE_PATTERN = /(?:\+|\b00)?\d[\d\s().-]{7,}\d/g;
const EMAIL_PATTERN = /[^\s@"'<>]+@[^\s@"'<>]+\.[A-Za-z]{2,}/g;

// An id such as an error id: its digit groups can look like a phone number (one in seven random
// UUIDs did), and an operator must find the id a user quotes. The capture keeps it in split's result.
const UUID_PATTERN = /\b([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\b/i;

function scrubPersonalData(text: string): string {
  return text.replace(EMAIL_PATTERN, '[email]').replace(PHONE_PATTERN, (match) => {
    const digits = match.replace(/\D/g, '');
    return digits.length >= 9 ? '[phone]' : match;
  });
}

export function scrubText(text: string): string {
  // split with a capturing group: odd places hold the ids, left as they are.
  return text
    .split(UUID_PATTERN)
    .map((part, i) => (i % 2 === 1 ? part : scrubPersonalData(part)))
    .join('');
}

function serializeError(err: unknown): unknown {
  // Already serialized (the log formatter runs before pino's serializers): leave it.
  if (err !== null && typeof err === 'object' && !(err instanceof Error)) return err;
  if (!(err instanceof Error)) return { message: scrubText(String(err)) };
  const out: Record<string, unknown> = {
    type: err.name,
    message: scrubText(err.message),
    stack: err.stack ? scrubText(err.stack) : undefined,
  };
  const code = (err as { code?: unknown }).code;
  if (typeof code === 'string' || typeof code === 'number') out.code = code;
  const statusCode = (err as { statusCode?: unknown }).statusCode;
  if (typeof statusCode === 'number') out.statusCode = statusCode;
  return out;
}

function scrubValue(value: unknown, depth: number, seen: WeakSet<object>): unknown {
  if (typeof value === 'string') return scrubText(value);
  if (value === null || typeof value !== 'object') return value;
  if (depth > 6 || seen.has(value)) return '[…]';
  seen.add(value);
  if (Array.isArray(value)) return value.map((v) => scrubValue(v, depth + 1, seen));
  if (value instanceof Date) return value;
  if (value instanceof Error) return serializeError(value);
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    out[key] = SENSITIVE_KEYS.has(key.toLowerCase()) ? REDACTED : scrubValue(v, depth + 1, seen);
  }
  return out;
}

/** Returns a copy of a log record with sensitive keys replaced and phone numbers and e-mails masked. */
export function scrubRecord(record: Record<string, unknown>): Record<string, unknown> {
  return scrubValue(record, 0, new WeakSet()) as Record<string, unknown>;
}

export interface LoggerSettings {
  level: LoggerOptions['level'];
  /** Where to write; defaults to stdout. Tests pass a stream to read what was logged. */
  destination?: pino.DestinationStream;
}

/** The product's one logger: structured JSON, one `category` per child, personal data redacted. */
export function createLogger(settings: LoggerSettings): Logger {
  const options: LoggerOptions = {
    level: settings.level,
    base: { service: 'parent-support-assistant' },
    timestamp: pino.stdTimeFunctions.isoTime,
    serializers: { err: serializeError, error: serializeError },
    formatters: {
      level: (label) => ({ level: label }),
      log: (record) => scrubRecord(record),
    },
    hooks: {
      logMethod(args, method) {
        const scrubbed = args.map((a) => (typeof a === 'string' ? scrubText(a) : a)) as Parameters<
          typeof method
        >;
        method.apply(this, scrubbed);
      },
    },
  };
  return settings.destination ? pino(options, settings.destination) : pino(options);
}
