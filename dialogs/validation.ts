import { z } from 'zod';

/**
 * Checks for what a parent types in a self-referral. Each returns the cleaned value, or undefined
 * when the answer should be asked again.
 */

/** A UK phone number (mobile 07, geographic 01/02, or 03), as 11 digits; "+44" and "(0)" accepted. */
export function parseUkPhone(input: string): string | undefined {
  let digits = input.replace(/\(0\)/g, '').replace(/[\s().-]/g, '');
  if (digits.startsWith('+44')) digits = `0${digits.slice(3)}`;
  else if (digits.startsWith('0044')) digits = `0${digits.slice(4)}`;
  if (!/^0(?:[12]\d{8,9}|[37]\d{9})$/.test(digits)) return undefined;
  return digits.startsWith('07') ? `${digits.slice(0, 5)} ${digits.slice(5)}` : digits;
}

const email = z.email();

export function parseEmail(input: string): string | undefined {
  const trimmed = input.trim();
  return trimmed.length <= 254 && email.safeParse(trimmed).success ? trimmed : undefined;
}

/** A person's name: some letters, not a phone number or an e-mail address, not too long. */
export function parseName(input: string, maxWords = 6): string | undefined {
  const trimmed = input.trim().replace(/\s+/g, ' ');
  if (trimmed.length === 0 || trimmed.length > 80) return undefined;
  if (!/\p{L}/u.test(trimmed) || /\d{3}|@/.test(trimmed)) return undefined;
  if (trimmed.split(' ').length > maxWords) return undefined;
  return trimmed;
}

/** Whether the answer means "skip" (the copy's skip words, in any case, without punctuation). */
export function isSkip(input: string, skipWords: readonly string[]): boolean {
  const normalised = input
    .toLowerCase()
    .replace(/[^\p{L}\p{N} ]/gu, '')
    .trim();
  return skipWords.some((w) => w.toLowerCase() === normalised);
}

export const MAX_WORDS_LENGTH = 1000;
