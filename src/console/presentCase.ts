import type { Content } from '../content/loadContent';
import { mayMessageParent } from '../handoff/contactPreferences';
import type { Case, Feedback, StaffAccount, TranscriptEntry } from '../store/ports';
import type { SignedIn } from './auth/StaffAuth';
import { isLead } from './caseCommands';
import { presentDetails, type DetailsContent } from './presentDetails';

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

/** One row of the queue: no personal data (opening the case is what is audited). */
export function presentSummary(theCase: Case, content: Pick<Content, 'schools'>, names: StaffNames) {
  return {
    id: theCase.id,
    reference: theCase.reference,
    kind: theCase.kind,
    status: theCase.status,
    urgent: theCase.urgent,
    school: {
      id: theCase.schoolId,
      name: content.schools.find((s) => s.id === theCase.schoolId)?.name ?? theCase.schoolId,
    },
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
    text: entry.text,
  };
}

/** The whole case page: details, contact preferences, transcript, history, feedback and what the viewer may do. */
export function presentCase(props: {
  theCase: Case;
  content: Pick<Content, 'schools'> & DetailsContent;
  names: StaffNames;
  transcript: TranscriptEntry[];
  feedback: Feedback[];
  who: SignedIn;
}) {
  const { theCase, names, who } = props;
  const holds = theCase.assigneeId === who.account.id;
  const mayAct = holds || isLead(who);
  const open = theCase.status !== 'closed';
  const safeToMessage = mayMessageParent(theCase);
  return {
    ...presentSummary(theCase, props.content, names),
    /** As stored (`ReferralDetails`), for API users; the page shows `answers` and `contact`. */
    details: theCase.details,
    ...presentDetails(theCase, props.content),
    history: theCase.history.map((h) => ({
      at: h.at.toISOString(),
      by: actorName(names, h.by),
      action: h.action,
      ...(h.from ? { from: h.from } : {}),
      ...(h.to ? { to: h.to } : {}),
      ...(h.reason ? { reason: describeReason(h.reason, names) } : {}),
      ...(h.note ? { note: h.note } : {}),
    })),
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
    },
  };
}

/** Codes the handoff writes as a history reason, in words. */
const REASON_WORDS: Array<[RegExp, string]> = [
  [/^rating:([1-5])$/, 'rated $1 out of 5'],
  [/^comment$/, 'a comment'],
  [/^parent_left_queue$/, 'left the queue'],
  [/^parent_ended_chat$/, 'ended the chat'],
  [
    /^sms_provider_down$/,
    'the text service was down for too long; the parent may be waiting for an answer, so contact them another way',
  ],
];

/** A history reason in words: "rating:4" -> "rated 4 out of 5", "to:<staff id>" -> "to <name>". */
function describeReason(reason: string, names: StaffNames): string {
  for (const [code, words] of REASON_WORDS) if (code.test(reason)) return reason.replace(code, words);
  return reason.replace(/\bto:([\w-]+)/, (_m, id: string) => `to ${actorName(names, id) ?? id}`);
}
