import { concernLabel } from '../content/concernsContent';
import type { Content } from '../content/loadContent';
import { caseSchoolName } from '../domain/caseSchool';
import { mayMessageParent } from '../handoff/contactPreferences';
import type { Case } from '../domain/model/case';
import type { Feedback, SavedReply, StaffAccount, TranscriptEntry } from '../store/ports';
import type { SignedIn } from './auth/StaffAuth';
import { isLead } from './caseCommands';
import { OUTCOME_WORDS, describeDue, firstName, historyWords, urgentReasonWords } from './inWords';
import { readReferralDetails } from '../domain/referralDetails';
import { presentDetails, type DetailRow, type DetailsContent } from './presentDetails';

export type StaffNames = Map<string, string>;

export function staffNames(accounts: StaffAccount[]): StaffNames {
  return new Map(accounts.map((a) => [a.id, a.displayName]));
}

const CHANNEL_LABELS: Record<string, string> = {
  sms: 'SMS',
  directline: 'Web chat',
  webchat: 'Web chat',
  emulator: 'Bot Framework Emulator',
  msteams: 'Teams',
};

const actorName = (names: StaffNames, id: string | undefined): string | undefined => {
  if (id === undefined) return undefined;
  if (id === 'parent') return 'Parent';
  if (id === 'bot') return 'Assistant';
  if (id === 'system') return 'System';
  return names.get(id) ?? 'Former staff member';
};

type SummaryContent = Pick<Content, 'schools' | 'areas' | 'concerns'>;

/** Every risk category raised in the case's conversation, in PSW words, each once, oldest first. */
function concernLabels(theCase: Case, content: SummaryContent): string[] {
  const ids = [...new Set((theCase.concerns ?? []).flatMap((c) => c.categories))];
  return ids.map((id) => concernLabel(content.concerns, id));
}

/**
 * One row of the queue: no personal data (opening the case is what is audited). A safeguarding
 * concern shows as its categories in words; the parent's words that raised it only on the case.
 */
export function presentSummary(theCase: Case, content: SummaryContent, names: StaffNames) {
  return {
    id: theCase.id,
    reference: theCase.reference,
    kind: theCase.kind,
    status: theCase.status,
    urgent: theCase.urgent,
    school: {
      id: theCase.schoolId,
      name: caseSchoolName(theCase.schoolId, content),
    },
    concerns: concernLabels(theCase, content),
    channel: CHANNEL_LABELS[theCase.channelId] ?? theCase.channelId,
    createdAt: theCase.createdAt.toISOString(),
    updatedAt: theCase.updatedAt.toISOString(),
    ...(theCase.dueBy ? { dueBy: theCase.dueBy.toISOString() } : {}),
    ...(theCase.outcome ? { outcome: theCase.outcome } : {}),
    assignee: theCase.assigneeId
      ? { id: theCase.assigneeId, name: actorName(names, theCase.assigneeId) }
      : null,
    version: theCase.version,
  };
}

export function presentTranscriptEntry(entry: TranscriptEntry, names: StaffNames) {
  return {
    id: entry.id,
    at: entry.at.toISOString(),
    sender: entry.sender,
    senderName:
      entry.sender === 'psw'
        ? actorName(names, entry.senderId)
        : entry.sender === 'parent'
          ? 'Parent'
          : 'Assistant',
    // The console shows text as it is: the bot's tap-to-call links read as their numbers.
    text: entry.sender === 'bot' ? withoutTelLinks(entry.text) : entry.text,
  };
}

/** "[0808 2000 247](tel:+448082000247)" -> "0808 2000 247". */
function withoutTelLinks(text: string): string {
  return text.replace(/\[([^\]\n]+)\]\(tel:[^)\s]+\)/g, '$1');
}

/** The whole case page: details, contact preferences, transcript, history, feedback and what the viewer may do. */
export function presentCase(props: {
  theCase: Case;
  content: SummaryContent & DetailsContent;
  names: StaffNames;
  transcript: TranscriptEntry[];
  feedback: Feedback[];
  who: SignedIn;
  /** The same family's other cases the viewer may see (same conversation or phone). */
  related?: Case[];
  savedReplies?: SavedReply[];
  now?: Date;
}) {
  const { theCase, names, who } = props;
  const name = (id: string) => actorName(names, id) ?? id;
  const holds = theCase.assigneeId === who.account.id;
  const mayAct = holds || isLead(who);
  const open = theCase.status !== 'closed';
  const safeToMessage = mayMessageParent(theCase);
  const details = presentDetails(theCase, props.content);
  const concerns = (theCase.concerns ?? []).map((c) => ({
    at: c.at.toISOString(),
    categories: c.categories.map((id) => ({ id, label: concernLabel(props.content.concerns, id) })),
    evidence: c.evidence,
  }));
  return {
    ...presentSummary(theCase, props.content, names),
    /** As stored (`ReferralDetails`), for API users; the page shows `answers` and `contact`. */
    details: theCase.details,
    ...details,
    /** Each risk message the bot saw: the categories in words and the parent's sentences. */
    safeguarding: concerns,
    // On the page: the concern first, as a warning, then each message's words above the referral.
    warnings: [...concernWarning(theCase, props.content), ...details.warnings],
    answers: [...concerns.flatMap(concernRows), ...details.answers],
    ...(theCase.urgentReason ? { urgentReason: urgentReasonWords(theCase.urgentReason) } : {}),
    ...parentAndDue(theCase, props.content, props.now ?? new Date()),
    history: theCase.history.map((h) => ({
      at: h.at.toISOString(),
      by: actorName(names, h.by),
      action: h.action,
      text: historyWords(h, name),
      ...(h.from ? { from: h.from } : {}),
      ...(h.to ? { to: h.to } : {}),
      ...(h.reason ? { reason: h.reason } : {}),
      ...(h.note ? { note: h.note } : {}),
    })),
    /** Every note written on the case (with what it was written with), newest first. */
    notes: theCase.history
      .filter((h) => h.note)
      .map((h) => ({
        at: h.at.toISOString(),
        by: actorName(names, h.by),
        about: h.action === 'note' ? 'Note' : historyWords(h, name),
        text: h.note ?? '',
      }))
      .reverse(),
    relatedCases: (props.related ?? []).map((c) => ({
      id: c.id,
      reference: c.reference,
      kind: c.kind,
      status: c.status,
      createdAt: c.createdAt.toISOString(),
      ...(c.outcome ? { outcome: OUTCOME_WORDS[c.outcome] ?? c.outcome } : {}),
      ...(c.assigneeId ? { with: actorName(names, c.assigneeId) } : {}),
    })),
    savedReplies: (props.savedReplies ?? []).map((r) => ({ id: r.id, title: r.title, text: r.text })),
    transcript: props.transcript.map((e) => presentTranscriptEntry(e, names)),
    feedback: props.feedback.map((f) => ({
      at: f.at.toISOString(),
      rating: f.rating,
      ...(f.comment ? { comment: f.comment } : {}),
    })),
    permissions: {
      claim: theCase.status === 'new',
      reply: mayAct && open && theCase.status !== 'new' && safeToMessage,
      act: mayAct && open && theCase.status !== 'new',
      release: mayAct && open && theCase.status !== 'new',
      reopen: mayAct && !open,
      note: true,
      markUrgent: open,
      markNotUrgent: open && theCase.urgent && mayAct,
    },
  };
}

function concernWarning(theCase: Case, content: SummaryContent): string[] {
  const labels = concernLabels(theCase, content);
  if (labels.length === 0) return [];
  const opened =
    theCase.kind === 'safeguarding'
      ? ' The assistant opened this case itself: the parent did not ask for contact, and no privacy notice was agreed.'
      : '';
  return [`Safeguarding concern: ${labels.join('; ')}. The parent was given 999 and the helplines.${opened}`];
}

function concernRows(concern: {
  at: string;
  categories: Array<{ label: string }>;
  evidence: string[];
}): DetailRow[] {
  return [
    {
      label: 'Safeguarding concern',
      value: concern.categories.map((c) => c.label).join('; '),
      at: concern.at,
      important: true,
    },
    ...concern.evidence.map((words) => ({ label: 'What raised it', value: words, quote: true })),
  ];
}

/** The parent's first name (for saved replies) and the first-contact deadline in words. */
function parentAndDue(theCase: Case, content: Pick<Content, 'schools'>, now: Date) {
  const name = firstName(readReferralDetails(theCase.details).details.parentName);
  const school = content.schools.find((s) => s.id === theCase.schoolId);
  const due =
    theCase.dueBy && (theCase.status === 'new' || theCase.status === 'claimed') && school
      ? { ...describeDue(theCase.dueBy, now, school.hours.timezone), at: theCase.dueBy.toISOString() }
      : undefined;
  return { ...(name ? { parentFirstName: name } : {}), ...(due ? { due } : {}) };
}
