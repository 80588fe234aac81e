import type { Case } from '../store/ports';

/** How the parent asked to be contacted, read from a referral's details. */
export interface ContactPreferences {
  /** e.g. ['phone', 'text'] in the parent's order of preference. */
  methods: string[];
  /** false: never text this parent (someone else may read their phone). undefined: not asked. */
  safeToText: boolean | undefined;
  safeToLeaveMessage: boolean | undefined;
  phone?: string;
  email?: string;
  /** When suits them, in their words. */
  bestTimes?: string;
}

const asRecord = (value: unknown): Record<string, unknown> | undefined =>
  value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;

const firstOf = (source: Record<string, unknown>, keys: string[]): unknown =>
  keys.map((k) => source[k]).find((v) => v !== undefined && v !== null && v !== '');

const asBoolean = (value: unknown): boolean | undefined => {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'string') {
    if (/^(yes|true|y)$/i.test(value.trim())) return true;
    if (/^(no|false|n)$/i.test(value.trim())) return false;
  }
  return undefined;
};

const asText = (value: unknown): string | undefined =>
  typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;

/**
 * Reads contact preferences from a case's details, whether the conversation stored them under
 * `details.contact` or at the top level (the keys are listed in docs/console.md).
 */
export function contactPreferences(details: Case['details']): ContactPreferences {
  const source = { ...details, ...(asRecord(details.contact) ?? {}) };
  const rawMethods = firstOf(source, ['methods', 'contactMethods', 'method', 'contactMethod', 'how']);
  const methods = (Array.isArray(rawMethods) ? rawMethods : rawMethods === undefined ? [] : [rawMethods])
    .filter((m): m is string => typeof m === 'string' && m.trim() !== '')
    .map((m) => m.trim());
  const phone = asText(firstOf(source, ['phone', 'phoneNumber', 'mobile']));
  const email = asText(firstOf(source, ['email', 'emailAddress']));
  const bestTimes = asText(firstOf(source, ['bestTimes', 'bestTime', 'when', 'times']));
  return {
    methods,
    safeToText: asBoolean(firstOf(source, ['safeToText', 'okToText'])),
    safeToLeaveMessage: asBoolean(
      firstOf(source, ['safeToLeaveMessage', 'okToLeaveMessage', 'safeToLeaveVoicemail']),
    ),
    ...(phone ? { phone } : {}),
    ...(email ? { email } : {}),
    ...(bestTimes ? { bestTimes } : {}),
  };
}

/**
 * Whether the service may send messages into the parent's conversation. A parent who said it is
 * not safe to text is never sent an SMS they did not just ask for (a reply, a feedback request).
 */
export function mayMessageParent(theCase: Pick<Case, 'channelId' | 'details'>): boolean {
  if (theCase.channelId !== 'sms') return true;
  return contactPreferences(theCase.details).safeToText !== false;
}
