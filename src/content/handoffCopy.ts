import { z } from 'zod';

/**
 * What the bot tells a parent around a live handoff and after a case closes
 * (`content/handoff.json`). Placeholders in braces are filled in by the handoff code.
 */
export const handoffCopySchema = z.object({
  /** Right after "talk to a person" opened the case. */
  queued: z.string().includes('{reference}'),
  /** The same by SMS, where there is no chat window: the PSW texts back. */
  queuedBySms: z.string().includes('{reference}'),
  waitingInHours: z.string().includes('{position}').includes('{minutes}'),
  /** Working now, but the estimate runs past the end of the PSWs' day. */
  waitingNearClose: z.string().includes('{position}').includes('{until}').includes('{when}'),
  waitingOutOfHours: z.string().includes('{when}'),
  waitingNoHours: z.string().min(1),
  howToLeave: z.string().min(1),
  dangerNow: z.string().includes('999'),
  stillWaiting: z.string().includes('{position}'),
  stillWaitingOutOfHours: z.string().includes('{when}'),
  emergencyReminder: z.string().includes('999'),
  leftQueue: z.string().min(1),
  /** "leave" after a PSW had joined. */
  leftChat: z.string().min(1),
  connected: z.string().min(1),
  /** A referral's parent still in the web chat when a PSW picks it up ({name}: the PSW's first name). */
  referralJoined: z.string().includes('{name}'),
  /** Before a PSW's first text of a case, so the parent knows a person wrote it. */
  pswSmsPrefix: z.string().includes('{name}'),
  /** How the web chat names a PSW next to their first name. */
  pswTitle: z.string().min(1),
  backInQueue: z.string().min(1),
  chatEnded: z.string().min(1),
  referralClosed: z.string().min(1),
  /** Web chat (with buttons 1 to 5 and Skip). */
  askRating: z.string().min(1),
  /** By SMS (no buttons): says what to text back. */
  askRatingBySms: z.string().includes('SKIP'),
  skipButton: z.string().min(1),
  askComment: z.string().min(1),
  /** The scaling question when the case closes (after the rating): web chat with buttons 0 to 10 and Skip. */
  askWellbeing: z.string().min(1),
  askWellbeingBySms: z.string().includes('SKIP'),
  /** Asked once again after an answer that is not a number from 0 to 10. */
  wellbeingRetry: z.string().min(1),
  wellbeingRetryBySms: z.string().includes('SKIP'),
  thanks: z.string().min(1),
  feedbackSkipped: z.string().min(1),
  leaveWords: z.array(z.string().min(1)).min(1),
  skipWords: z.array(z.string().min(1)).min(1),
  /** More ways of not answering "how are things at home, 0 to 10" ("rather not say"), here and in a referral. */
  wellbeingSkipWords: z.array(z.string().min(1)).min(1),
});

export type HandoffCopy = z.infer<typeof handoffCopySchema>;

/** Fills `{name}` placeholders; a missing value leaves the placeholder out rather than "undefined". */
export function fill(template: string, values: Record<string, string | number | undefined>): string {
  return template.replace(/\{(\w+)\}/g, (_match, key: string) => String(values[key] ?? ''));
}
