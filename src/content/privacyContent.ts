import { z } from 'zod';
import { isGsm7 } from '../text/gsm7';

/**
 * `content/privacy.json`: the privacy notice, the data controller's details (filled in by the
 * service that runs the assistant), how long each kind of record is kept (per area), and the words
 * of a parent's erasure request. Validated at start; docs/privacy.md explains every field.
 */

const PLACEHOLDER = /\{([^{}]+)\}/g;

/** Text with only the named `{placeholders}` (a typo stops the start, not a conversation). */
function template(allowed: readonly string[], required: readonly string[] = []) {
  return z
    .string()
    .trim()
    .min(1)
    .superRefine((value, ctx) => {
      for (const [, name = ''] of value.matchAll(PLACEHOLDER)) {
        if (!allowed.includes(name))
          ctx.addIssue({
            code: 'custom',
            message: `unknown placeholder {${name}} (allowed: ${allowed.map((a) => `{${a}}`).join(', ') || 'none'})`,
          });
      }
      for (const name of required)
        if (!value.includes(`{${name}}`)) ctx.addIssue({ code: 'custom', message: `must contain {${name}}` });
    });
}

/** What the notice may quote: the controller's details and the retention of the parent's area. */
export const NOTICE_PLACEHOLDERS = [
  'controller',
  'controllerContact',
  'dpoContact',
  'conversationDays',
  'beforeConsentDays',
  'caseYears',
  'safeguardingYears',
] as const;

const noticeLine = template(NOTICE_PLACEHOLDERS);
const plain = template([]);
const smsPlain = plain.refine(isGsm7, 'must use GSM-7 characters only');
const days = (max: number) => z.number().int().min(1).max(max);

/** How long each kind of record is kept, in days (docs/privacy.md, "What is kept"). */
export const retentionSchema = z.strictObject({
  /** Conversation state and transcripts of a conversation that has no case, after its last message. */
  conversationDays: days(3650),
  /** Messages written before the parent agreed to the privacy notice, unless a risk was detected. */
  beforeConsentDays: days(3650),
  /** A closed case (details, notes, transcript), after it closed. */
  closedCaseDays: days(36500),
  /** A closed case with a safeguarding concern (urgent), after it closed. */
  safeguardingCaseDays: days(36500),
  /** SMS delivery logs (texts received and sent). */
  smsLogDays: days(3650),
  /** The words of feedback comments (ratings are kept as counts). */
  feedbackCommentDays: days(3650),
  /** The audit log and the register of consents: kept longest. */
  auditDays: days(36500),
});
export type Retention = z.infer<typeof retentionSchema>;

export const FILL_IN_MARKER = '[to be filled in';

const controllerField = z.string().trim().min(1);

export const privacyContentSchema = z
  .object({
    /** Recorded with every consent. Change it when the notice's text changes. */
    version: z.string().regex(/^[A-Za-z0-9.-]{1,40}$/, 'letters, digits, dots and dashes'),
    /** For the people who maintain the notice; never shown to parents. */
    status: z.string().optional(),
    /**
     * The data controller, as the service that runs the assistant fills it in. Values that still
     * start with "[to be filled in" stop a production start (and log a warning otherwise).
     */
    controller: z.strictObject({
      name: controllerField,
      contact: controllerField,
      dpoContact: controllerField,
    }),
    retention: z.strictObject({
      default: retentionSchema,
      /** Per area id (content/schools.json): values that differ from the default. */
      areas: z.record(z.string().regex(/^[a-z0-9-]+$/), retentionSchema.partial()).default({}),
    }),
    summary: z.array(noticeLine).min(1),
    full: z.array(noticeLine).min(1),
    /**
     * The layered notice (docs/privacy.md): by SMS a short first layer in one text with a link to
     * the full notice's public page (`GET /privacy`), when PUBLIC_URL is set; the page's words.
     */
    layered: z.strictObject({
      /** Who holds the data, what for, who sees it, and where the full notice is ({noticeUrl}). */
      sms: template([...NOTICE_PLACEHOLDERS, 'noticeUrl'], ['controller', 'noticeUrl']).refine(
        isGsm7,
        'must use GSM-7 characters only',
      ),
      /** The question after it: that the parent can say no, and how to get the full notice by text. */
      smsAgreePrompt: smsPlain,
      smsAgreeRetry: smsPlain,
      pageTitle: plain,
      pageIntro: plain,
      pageVersion: template(['version'], ['version']),
      pageSafety: plain,
      pageUnknownSchool: plain,
    }),
    agreePrompt: plain,
    agree: plain,
    disagree: plain,
    readMore: plain,
    declined: plain,
    /** One plain sentence in the welcome: what is kept before the parent agrees. */
    beforeConsent: template(['days'], ['days']),
    beforeConsentSms: template(['days'], ['days']).refine(isGsm7, 'must use GSM-7 characters only'),
    /** A parent's erasure request ("delete my data", "forget me"). */
    erasure: z.strictObject({
      /** What will and will not be deleted (records a PSW must keep for child protection stay). */
      explain: z.array(plain).min(1),
      explainSms: smsPlain,
      confirmPrompt: plain,
      confirm: plain,
      cancel: plain,
      done: plain,
      /** Said instead of `done` when a record with a safeguarding concern was kept. */
      doneKept: plain,
      cancelled: plain,
    }),
  })
  .superRefine((value, ctx) => {
    const r = value.retention.default;
    if (r.safeguardingCaseDays < r.closedCaseDays)
      ctx.addIssue({
        code: 'custom',
        path: ['retention', 'default', 'safeguardingCaseDays'],
        message: 'must not be shorter than closedCaseDays',
      });
  });

export type PrivacyContent = z.infer<typeof privacyContentSchema>;
