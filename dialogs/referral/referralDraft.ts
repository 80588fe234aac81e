import type { ContactMethod, ContactTime } from '../../src/domain/referralDetails';

/** A self-referral in progress. `null` means "asked and not needed or skipped". */
export interface ReferralDraft {
  callback?: boolean;
  /** The school came from the channel, so it is not offered for change. */
  schoolFromChannel?: boolean;
  schoolId?: string;
  parentName?: string;
  contactMethod?: ContactMethod;
  phone?: string | null;
  /** The parent said no to "use the number you are texting from?": ask them to type one. */
  ownPhoneDeclined?: boolean;
  /** A number given earlier and since changed or cleared: "same number as before" means it. */
  previousPhone?: string;
  email?: string | null;
  contactTime?: ContactTime | null;
  /** The parent's own words about how or when to contact them ("not before 10, school run"). */
  contactNotes?: string | null;
  safeToText?: boolean | null;
  safeToLeaveMessage?: boolean | null;
  childFirstName?: string | null;
  yearGroup?: string | null;
  /** The parent's words when the child is not at school yet ("she is 3"): never a year group. */
  childAge?: string;
  topicId?: string;
  words?: string;
  /** "On a scale of 0 to 10, how are things at home?" at the start of the episode; null: skipped. */
  wellbeing?: number | null;
  /** Fields in the order the parent answered them, for "back". */
  asked: ReferralField[];
}

export type ReferralField = Exclude<
  keyof ReferralDraft,
  | 'callback'
  | 'schoolFromChannel'
  | 'asked'
  | 'ownPhoneDeclined'
  | 'previousPhone'
  | 'childAge'
  | 'contactNotes'
>;

/** Changing one answer clears the answers that depend on it, so they are asked again. */
const DEPENDENT_FIELDS: Partial<Record<ReferralField, ReferralField[]>> = {
  schoolId: ['yearGroup'],
  contactMethod: ['phone', 'email', 'safeToText', 'safeToLeaveMessage'],
  // Texts and voicemail are asked in one question.
  safeToText: ['safeToLeaveMessage'],
  // The topic may have been understood from the words.
  words: ['topicId'],
};

/** Forgets an answer (and those that depend on it) so that it is asked again; keeps a number for "same number". */
export function forgetAnswer(draft: ReferralDraft, field: ReferralField): void {
  // By SMS a year given with the child's name ("Jo, Year 3") goes with it.
  const withName =
    field === 'childFirstName' && draft.yearGroup !== undefined && !draft.asked.includes('yearGroup');
  for (const f of [field, ...(DEPENDENT_FIELDS[field] ?? []), ...(withName ? ['yearGroup' as const] : [])]) {
    if (f === 'phone' && typeof draft.phone === 'string') draft.previousPhone = draft.phone;
    delete draft[f];
    draft.asked = draft.asked.filter((a) => a !== f);
    if (f === 'phone') delete draft.ownPhoneDeclined;
    if (f === 'yearGroup') delete draft.childAge;
    if (f === 'contactTime' || f === 'contactMethod') delete draft.contactNotes;
  }
}
