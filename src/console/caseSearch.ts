import { readReferralDetails } from '../domain/referralDetails';
import type { Case } from '../domain/model/case';

/**
 * Search over sealed cases. Names, phone numbers and notes are encrypted at rest, so the store
 * cannot index them; instead the console decrypts the cases the account may see under its
 * current filters (its own schools, at most `SEARCH_SCAN_LIMIT` in queue order) and matches here,
 * in memory, on the server. A case reference is looked up directly, so an old or closed case is
 * always found by its reference. Nothing searched for is logged or stored.
 */
export const SEARCH_SCAN_LIMIT = 500;

/**
 * "k7p 4qx", "K7P4QX" -> "K7P-4QX"; undefined if it cannot be a reference (references never hold
 * 0, 1, 5, I, L, O or S). A word that looks like one ("Hannah") is still searched for as a word.
 */
export function asReference(query: string): string | undefined {
  const compact = query.toUpperCase().replace(/[\s-]/g, '');
  return /^[2346789ABCDEFGHJKMNPQRTUVWXYZ]{6}$/.test(compact)
    ? `${compact.slice(0, 3)}-${compact.slice(3)}`
    : undefined;
}

/**
 * Whether a case matches what a PSW typed: every word must match one of the reference, the
 * parent's or child's name, the topic, the parent's words, a note; 3 or more digits match the
 * end of the phone number they gave.
 */
export function caseMatches(theCase: Case, query: string, topicLabel?: string): boolean {
  const { details } = readReferralDetails(theCase.details);
  const phoneDigits = (details.phone ?? '').replace(/\D/g, '');
  const haystack = [
    theCase.reference,
    theCase.reference.replace('-', ''),
    details.parentName,
    details.childFirstName,
    topicLabel,
    details.topicLabel,
    details.words,
    theCase.urgentReason,
    ...theCase.history.map((h) => h.note),
  ]
    .filter((v): v is string => typeof v === 'string')
    .join('\n')
    .toLowerCase();
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  return words.every((word) => {
    if (/^\d{3,}$/.test(word)) return phoneDigits.endsWith(word);
    return haystack.includes(word);
  });
}
