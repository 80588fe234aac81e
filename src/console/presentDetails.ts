import type { Content } from '../content/loadContent';
import { readReferralDetails } from '../domain/referralDetails';
import { contactPreferences, mayMessageParent } from '../handoff/contactPreferences';
import type { Case, CaseWellbeing } from '../domain/model/case';

/** One line of the case page's "Referral" or "Contact preferences" list. */
export interface DetailRow {
  label: string;
  value: string;
  /** An ISO time the page shows in the reader's own format after the value. */
  at?: string;
  /** Something the PSW must not miss (e.g. "not safe to text"): shown prominently. */
  important?: boolean;
  /** Free text in the parent's own words: shown as a quotation, line breaks kept. */
  quote?: boolean;
}

export interface PresentedDetails {
  answers: DetailRow[];
  contact: DetailRow[];
  /** Shown at the top of the case page. */
  warnings: string[];
}

export type DetailsContent = Pick<Content, 'topics' | 'copy'>;

const NOT_GIVEN = 'Not given';

/**
 * Everything the parent told the referral dialog (`ReferralDetails`), in words a PSW reads at a
 * glance: labels instead of ids, the topic's name, "not safe to text" as a warning. Nothing
 * stored is left out: a field the console does not know is shown with its name.
 */
export function presentDetails(theCase: Case, content: DetailsContent): PresentedDetails {
  const { details, other } = readReferralDetails(theCase.details);
  const { referral } = content.copy;
  const isReferral = theCase.kind === 'referral';
  const answers: DetailRow[] = [];
  const add = (label: string, value: string | undefined, extra: Partial<DetailRow> = {}) => {
    if (value !== undefined && value !== '') answers.push({ label, value, ...extra });
  };

  if (details.callback) add('Asked for', 'A call back (they asked for a person out of hours)');
  add("Parent's name", details.parentName);
  // An optional answer the parent skipped (not one stored in an unexpected shape, shown below).
  const skipped = (key: string) => (isReferral && !(key in other) ? NOT_GIVEN : undefined);
  add("Child's first name", details.childFirstName ?? skipped('childFirstName'));
  add('Year group', details.yearGroup ?? skipped('yearGroup'));
  const topic = content.topics.find((t) => t.id === details.topic);
  add('What it is about', topic?.label ?? details.topicLabel ?? details.topic);
  add('In their words', details.words, { quote: true });
  add('Things at home (0–10)', wellbeingWords(theCase.wellbeing));
  for (const [key, value] of Object.entries(other)) add(humanise(key), describe(value));
  if (details.privacyNoticeVersion) {
    add('Privacy notice', `Agreed to version ${details.privacyNoticeVersion}`, {
      ...(details.privacyAgreedAt ? { at: details.privacyAgreedAt } : {}),
    });
  }

  const prefs = contactPreferences(theCase.details);
  const contact: DetailRow[] = [];
  if (prefs.method) {
    const how = referral.contactMethods[prefs.method];
    contact.push({ label: 'How to contact them', value: prefs.callback ? `${how} (call back)` : how });
  }
  if (prefs.phone) contact.push({ label: 'Phone', value: prefs.phone });
  if (prefs.email) contact.push({ label: 'Email', value: prefs.email });
  if (prefs.bestTime) contact.push({ label: 'Best time', value: referral.contactTimes[prefs.bestTime] });
  if (isReferral || prefs.safeToText !== undefined) {
    contact.push(
      prefs.safeToText === false
        ? { label: 'Safe to text?', value: 'No: do not text them', important: true }
        : { label: 'Safe to text?', value: yesOrNotAsked(prefs.safeToText, prefs.method) },
    );
  }
  if (isReferral || prefs.safeToLeaveMessage !== undefined) {
    contact.push(
      prefs.safeToLeaveMessage === false
        ? { label: 'Safe to leave a voicemail?', value: 'No: do not leave a message', important: true }
        : {
            label: 'Safe to leave a voicemail?',
            value: yesOrNotAsked(prefs.safeToLeaveMessage, prefs.method),
          },
    );
  }

  const warnings: string[] = [];
  if (prefs.safeToText === false) {
    warnings.push(
      mayMessageParent(theCase)
        ? 'The parent said it is not safe to text them. Do not send them text messages. Replies here go to the chat they used, not to their phone.'
        : 'The parent said it is not safe to text them. Do not send them text messages: replies from the console are turned off, because they would go by text.',
    );
  }
  if (prefs.safeToLeaveMessage === false) {
    warnings.push('The parent said it is not safe to leave them a voicemail message.');
  }
  return { answers, contact, warnings };
}

function yesOrNotAsked(value: boolean | undefined, method: string | undefined): string {
  if (value === true) return 'Yes';
  if (method === 'email') return 'Not asked (they chose email)';
  return 'Not asked';
}

/** "someField" -> "Some field". */
function humanise(key: string): string {
  const words = key
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .replace(/_/g, ' ')
    .toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

function describe(value: unknown): string {
  if (typeof value === 'boolean') return value ? 'Yes' : 'No';
  if (typeof value === 'string' || typeof value === 'number') return String(value);
  if (Array.isArray(value)) return value.map(describe).join(', ');
  if (value !== null && typeof value === 'object') {
    return Object.entries(value)
      .map(([k, v]) => `${humanise(k)}: ${describe(v)}`)
      .join('; ');
  }
  return '';
}

/**
 * The parent's answers to "how are things at home, 0 to 10", asked at referral and again when the
 * case closes: "3 at referral → 7 at close", or the one given. Undefined when neither was given.
 */
export function wellbeingWords(wellbeing: CaseWellbeing | undefined): string | undefined {
  const { start, end } = wellbeing ?? {};
  const parts = [
    ...(start !== undefined ? [`${start} at referral`] : []),
    ...(end !== undefined ? [`${end} at close`] : []),
  ];
  return parts.length ? parts.join(' → ') : undefined;
}
