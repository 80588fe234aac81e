import { z } from 'zod';
import { fitsInSegments, isGsm7 } from '../channels/sms/gsm7';

/** A text a parent reads by SMS: GSM-7 characters only, and short enough for two segments. */
const smsText = z
  .string()
  .min(1)
  .refine(isGsm7, 'must use GSM-7 characters only (no curly quotes, long dashes or emoji)')
  .refine((text) => fitsInSegments(text, 2), 'must fit in two SMS segments (306 characters)');

const keyword = z
  .string()
  .regex(/^[A-Z]{2,20}$/, 'a keyword is one word in capitals')
  .array()
  .min(1);

/** `content/sms.json`: carrier keywords and what the SMS channel itself says. */
export const smsCopySchema = z.object({
  keywords: z.object({ optOut: keyword, optIn: keyword, help: keyword }),
  /** Reply to STOP and the other opt-out keywords. */
  optedOut: smsText,
  /** Reply to START. */
  optedIn: smsText,
  /** Reply to HELP: what the service is, that it is not an emergency service, how to stop. */
  help: smsText,
  /** Reply to any other text from a number that opted out. */
  stillOptedOut: smsText,
  /** Reply to a picture or file sent without text. */
  mediaNotSupported: smsText,
  /** Shown under a numbered list of choices. */
  choiceHint: smsText,
});

export type SmsCopy = z.infer<typeof smsCopySchema>;
