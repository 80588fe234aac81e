import { z } from 'zod';

/** How a parent asked to be contacted, in the referral dialog's order. */
export const CONTACT_METHODS = ['phone', 'text', 'email', 'meet'] as const;
export type ContactMethod = (typeof CONTACT_METHODS)[number];

/** When suits them best. */
export const CONTACT_TIMES = ['any', 'morning', 'afternoon'] as const;
export type ContactTime = (typeof CONTACT_TIMES)[number];

/**
 * What a case's `details` hold: the referral dialog's answers (a live chat has only the privacy
 * fields). The conversation writes it and the console reads it, so this one schema is the
 * contract between them. An answer the parent was not asked (or skipped) is absent.
 */
export const referralDetailsSchema = z.object({
  parentName: z.string(),
  contactMethod: z.enum(CONTACT_METHODS),
  phone: z.string(),
  email: z.string(),
  contactTime: z.enum(CONTACT_TIMES),
  /** false: never text this parent (someone else may read their phone). */
  safeToText: z.boolean(),
  safeToLeaveMessage: z.boolean(),
  childFirstName: z.string(),
  yearGroup: z.string(),
  /** Topic id from content/topics.json. */
  topic: z.string(),
  /** The topic's label as the parent saw it when they chose it. */
  topicLabel: z.string(),
  /** What is happening, in the parent's own words. */
  words: z.string(),
  /** Asked for out of hours, as "call me back" instead of a live chat. */
  callback: z.boolean(),
  privacyNoticeVersion: z.string(),
  /** ISO time the parent agreed to the privacy notice. */
  privacyAgreedAt: z.string(),
});

export type ReferralDetails = Partial<z.infer<typeof referralDetailsSchema>>;

export const REFERRAL_DETAIL_KEYS = Object.keys(referralDetailsSchema.shape) as Array<keyof ReferralDetails>;

export interface ReadDetails {
  details: ReferralDetails;
  /** Anything stored that is not a ReferralDetails field of the right type: shown, never dropped. */
  other: Record<string, unknown>;
}

/**
 * Reads a case's stored details field by field: a field of the wrong type is kept in `other`
 * rather than failing the whole case (the page still shows everything the parent said).
 */
export function readReferralDetails(stored: Record<string, unknown>): ReadDetails {
  const details: Record<string, unknown> = {};
  const other: Record<string, unknown> = {};
  const shape = referralDetailsSchema.shape as Record<string, z.ZodType>;
  for (const [key, value] of Object.entries(stored)) {
    if (value === undefined || value === null) continue;
    const field = shape[key];
    if (field?.safeParse(value).success) details[key] = value;
    else other[key] = value;
  }
  return { details, other };
}

/**
 * Whether the parent said it is not safe to text them. Anything stored under `safeToText` that
 * is not plainly `true` counts as "not safe": a doubt about it must never lead to a text.
 */
export function notSafeToText(stored: Record<string, unknown>): boolean {
  return 'safeToText' in stored && stored.safeToText !== undefined && stored.safeToText !== true;
}
