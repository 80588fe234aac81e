import { describeWhen } from '../domain/workingHours';
import type { CaseHistoryEntry } from '../domain/model/case';

/**
 * Codes the case history and the audit log store, in the words the console shows staff. One
 * place, so the case page, the audit log and its CSV export all say the same thing.
 */

export const STATUS_WORDS: Record<string, string> = {
  new: 'Waiting',
  claimed: 'Claimed',
  in_progress: 'In progress',
  closed: 'Closed',
};

export const KIND_WORDS: Record<string, string> = {
  referral: 'Referral',
  live_chat: 'Live chat',
  safeguarding: 'Safeguarding',
};

export const OUTCOME_WORDS: Record<string, string> = {
  resolved: 'Resolved',
  signposted: 'Signposted',
  referred_on: 'Referred on',
  no_contact: 'No contact made',
  escalated: 'Escalated to the safeguarding lead',
};

const CONTACT_METHOD_WORDS: Record<string, string> = {
  phone: 'phone call',
  text: 'text message',
  email: 'e-mail',
  in_person: 'in person',
  other: 'other way',
};

const CONTACT_RESULT_WORDS: Record<string, string> = {
  reached: 'spoke to the parent',
  no_answer: 'no answer',
  left_message: 'left a message',
  wrong_number: 'wrong number',
  other: 'other result',
};

const HISTORY_WORDS: Record<string, string> = {
  open: 'Opened',
  claim: 'Claimed',
  start: 'Started working on it',
  release: 'Released to the queue',
  transfer: 'Transferred',
  close: 'Closed',
  reopen: 'Reopened',
  withdraw: 'Parent left',
  note: 'Note',
  contact_attempt: 'Contact attempt',
  reply: 'Message sent to the parent',
  feedback_requested: 'Feedback requested',
  feedback_received: 'Feedback received',
  staff_alerted: 'On-duty PSWs texted',
  mark_urgent: 'Marked urgent',
  mark_not_urgent: 'Marked not urgent',
  parent_unreachable: 'Could not reach the parent on their channel',
  psw_joined: 'Parent told a PSW has joined the chat',
  safeguarding_concern: 'Safeguarding concern raised, marked urgent',
  reply_not_sent: 'The assistant’s answer to a text was never sent',
  erasure_requested: 'The parent asked for their data to be erased; kept for the data protection officer',
};

export const AUDIT_WORDS: Record<string, string> = {
  'auth.login': 'Signed in',
  'auth.login_failed': 'Wrong password',
  'auth.login_refused': 'Sign-in refused',
  'auth.locked': 'Account locked',
  'auth.logout': 'Signed out',
  'case.view': 'Opened a case',
  'case.view_refused': "Tried to open another school's case",
  'case.claim': 'Claimed a case',
  'case.release': 'Released a case',
  'case.transfer': 'Transferred a case',
  'case.close': 'Closed a case',
  'case.reopen': 'Reopened a case',
  'case.note': 'Added a note',
  'case.contact_attempt': 'Recorded a contact attempt',
  'case.reply': 'Wrote to a parent',
  'case.mark_urgent': 'Marked a case urgent',
  'case.mark_not_urgent': 'Marked a case not urgent',
  'staff.on_duty': 'Urgent-case texts',
  'audit.view': 'Read the audit log',
  'audit.export': 'Exported the audit log',
  'replies.change': 'Changed the saved replies',
  'reports.view': 'Read the reports',
  'reports.export': 'Downloaded the report figures',
  'reports.case_export': 'Downloaded the cases behind the reports',
  'privacy.erasure': 'A parent’s data erased at their request',
  'privacy.erasure_withheld': 'A parent’s erasure request kept back (safeguarding)',
  'privacy.case_erased': 'Erased a case',
  'privacy.sweep': 'Retention sweep',
  'privacy.consents_view': 'Read the register of consents',
  'privacy.export': 'Exported everything held (subject access)',
};

const REASON_WORDS: Array<[RegExp, (m: RegExpExecArray, name: (id: string) => string) => string]> = [
  [/^rating:([1-5])$/, (m) => `rated ${m[1]} out of 5`],
  [/^comment$/, () => 'a comment'],
  [/^parent_left_queue$/, () => 'left the queue'],
  [/^parent_ended_chat$/, () => 'ended the chat'],
  [
    /^sms_provider_down$/,
    () =>
      'the text service was down for too long; the parent may be waiting for an answer, so contact them another way',
  ],
  [/^first_contact$/, () => 'first contact with the parent'],
  [/^released$/, () => ''],
  [/^urgent$/, () => 'urgent'],
  [/^sms:(\d+)$/, (m) => `${m[1]} texted`],
  [/^(joined_notice|back_in_queue_notice|closing_message)$/, (m) => noticeWords(m[1] ?? '')],
  [/^safeguarding: ?(.*)$/, (m) => `a message suggested a risk (${(m[1] ?? '').replace(/_/g, ' ')})`],

  [
    /^(phone|text|email|in_person|other):(reached|no_answer|left_message|wrong_number|other)$/,
    (m) => contactWords(m[1] ?? '', m[2] ?? ''),
  ],
  [/^to:([\w-]+)(?: (.*))?$/, (m, name) => `to ${name(m[1] ?? '')}${m[2] ? `: ${m[2]}` : ''}`],
];

function noticeWords(what: string): string {
  return (
    {
      joined_notice: '"a PSW has joined" was not delivered',
      back_in_queue_notice: '"back in the queue" was not delivered',
      closing_message: 'the closing message was not delivered',
    }[what] ?? what
  );
}

/** "phone", "no_answer" -> "Phone call: no answer". */
export function contactWords(method: string, result: string): string {
  const how = CONTACT_METHOD_WORDS[method] ?? method;
  return `${how.charAt(0).toUpperCase()}${how.slice(1)}: ${CONTACT_RESULT_WORDS[result] ?? result}`;
}

/** A stored reason or audit detail in words ("phone:no_answer" -> "Phone call: no answer"). */
export function reasonWords(reason: string, name: (id: string) => string): string {
  for (const [code, words] of REASON_WORDS) {
    const match = code.exec(reason);
    if (match) return words(match, name);
  }
  return OUTCOME_WORDS[reason] ?? reason.replace(/_/g, ' ');
}

/** One history entry as a line: "Contact attempt: Phone call: no answer", "Transferred to Lee". */
export function historyWords(entry: CaseHistoryEntry, name: (id: string) => string): string {
  const what = HISTORY_WORDS[entry.action] ?? entry.action.replace(/_/g, ' ');
  const reason = entry.reason ? reasonWords(entry.reason, name) : '';
  if (entry.action === 'transfer') return `${what} ${reason}`.trim();
  return reason ? `${what}: ${reason}` : what;
}

/**
 * The words the console's pages show for a case's status, kind and outcome: sent with the session
 * (`/api/console/session`), so the browser has no copy of its own.
 */
export const CONSOLE_LABELS = { status: STATUS_WORDS, kind: KIND_WORDS, outcome: OUTCOME_WORDS };

export function auditWords(action: string): string {
  return AUDIT_WORDS[action] ?? action;
}

/** "Sam Sample" -> "Sam": the queue shows first names only. */
export function firstName(parentName: string | undefined): string | undefined {
  const first = parentName?.trim().split(/\s+/)[0];
  return first ? first : undefined;
}

/** A deadline in words in the school's timezone: "due tomorrow at 10am", "overdue since today at 9am". */
export function describeDue(dueBy: Date, now: Date, timezone: string): { words: string; overdue: boolean } {
  const overdue = dueBy.getTime() <= now.getTime();
  const when = describeWhen(dueBy, now, timezone).replace(/^on /, '');
  return { words: overdue ? `overdue since ${when}` : `due ${when}`, overdue };
}

/**
 * Why a case is urgent, as the banner and the queue say it: a PSW's words as written; the
 * safeguarding check's code in words ("safeguarding: missing_child" -> "A message in the
 * conversation suggested a risk: missing child").
 */
export function urgentReasonWords(reason: string): string {
  const code = /^safeguarding: ?(.*)$/.exec(reason);
  if (!code) return reason;
  const categories = (code[1] ?? '').replace(/_/g, ' ').trim();
  return `A message in the conversation suggested a risk${categories ? `: ${categories}` : ''}.`;
}
