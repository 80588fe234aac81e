import { parsePhoneNumberWithError } from 'libphonenumber-js';

/**
 * A phone number as Twilio writes it (E.164, "+447700900123"), from what a person typed
 * ("07700 900123"); UK numbers need no country code. Throws on anything that cannot be a number.
 */
export function toE164(typed: string): string {
  const parsed = parsePhoneNumberWithError(typed.trim(), 'GB');
  // isPossible, not isValid: Ofcom's drama numbers (07700 900xxx), used in tests, are not "valid".
  if (!parsed.isPossible()) throw new Error('Not a possible phone number');
  return parsed.number;
}
