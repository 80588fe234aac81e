import { z } from 'zod';
import { fitsInSegments, isGsm7 } from '../text/gsm7';

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

const saysAutomated = (text: string) => /\bautomated\b/i.test(text);
const saysCall999 = (text: string) => /call 999/i.test(text);

/**
 * `content/sms.json`: carrier keywords, what the SMS channel itself says, and the conversation's
 * words that differ by SMS (the dialogs use them when the channel is SMS).
 */
export const smsCopySchema = z
  .object({
    keywords: z.object({ optOut: keyword, optIn: keyword, help: keyword }),
    /**
     * The welcome by SMS: the first text, sent with the note on what is kept before consent and
     * the opening question (or the reply to a first message) in the same text, so it must leave
     * room for them. Says it is automated and to call 999.
     */
    welcome: smsText
      .refine(saysAutomated, 'must say the assistant is automated')
      .refine(saysCall999, 'must say "call 999"'),
    /** The same when the school is known (the number texted): names it. */
    welcomeAtSchool: z
      .string()
      .includes('{school}')
      .refine(saysAutomated, 'must say the assistant is automated')
      .refine(saysCall999, 'must say "call 999"'),
    /**
     * The question in the first text after a greeting ("Hello"), instead of the whole menu, so the
     * welcome, the note on what is kept before consent and this question fit one text. YES starts a
     * referral; NO shows the menu; anything else is read as at the menu (MENU shows it too).
     */
    opening: smsText,
    /** "When are PSWs working?" when the school is known. */
    workingHoursAtSchool: z.string().includes('{school}').includes('{hours}'),
    /** A problem told in the parent's words, by SMS: the acknowledgement and the PSW offer in one line. */
    describedOffer: smsText,
    /** The referral was sent, by SMS: one short text with the reference and what happens next ({next}). */
    referralSent: z
      .string()
      .includes('{reference}')
      .includes('{next}')
      .refine(saysCall999, 'must say "call 999"'),
    /** What happens next by SMS when the PSW is working now (out of hours: the usual words, with the time). */
    nextInHours: smsText,
    /** "Check your answers" by SMS (shorter: the whole summary and the question fit one text). */
    checkIntro: smsText,
    /** Shorter labels for "check your answers" by SMS, so the summary and its question fit one text. */
    checkLabels: z.object({
      school: smsText,
      parentName: smsText,
      contactMethod: smsText,
      phone: smsText,
      email: smsText,
      contactTime: smsText,
      safeToText: smsText,
      safeToLeaveMessage: smsText,
      childFirstName: smsText,
      yearGroup: smsText,
      topic: smsText,
      words: smsText,
      wellbeing: smsText,
    }),
    /**
     * The contact question by SMS when the number texting is known: says a call or text goes to it
     * unless another is typed ({ending}: its last 3 digits), and invites the best time in the same answer.
     */
    askContactMethodOwnNumber: z.string().includes('{ending}'),
    /** The child's first name and year in one question by SMS (the year is asked alone if not given). */
    askChildNameAndYear: smsText,
    childNameAndYearRetry: smsText,
    /** The scaling question in a referral by SMS (no buttons: says what to text back). */
    askWellbeing: smsText,
    wellbeingRetry: smsText,
    /** "Anything else?" by SMS after an answer, without the whole menu (it costs a text each time). */
    anythingElse: smsText,
    /**
     * "help" by SMS (the HELP keyword, or "help" at any step): what this is, the words that work
     * by text, how to stop texts, and that it is not an emergency service. The step is asked again after it.
     */
    help: smsText
      .refine(saysAutomated, 'must say the assistant is automated')
      .refine(saysCall999, 'must say "call 999"'),
    /** "Talk to a person" by SMS, in hours: a PSW will text back (not "stay in this chat"). */
    /** Reply to STOP and the other opt-out keywords. */
    optedOut: smsText,
    /** Reply to START. */
    optedIn: smsText,
    /** Reply to a picture or file sent without text. */
    mediaNotSupported: smsText,
    /** Shown under a numbered list of choices. */
    choiceHint: smsText,
    /** Shown under a list of choices that is not numbered (their titles hold numbers, e.g. school years). */
    choiceHintUnnumbered: smsText,
  })
  .refine((copy) => copy.keywords.optOut.some((word) => copy.help.includes(word)), {
    message: 'must say how to stop texts (an opt-out keyword)',
    path: ['help'],
  });

export type SmsCopy = z.infer<typeof smsCopySchema>;
