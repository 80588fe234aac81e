import type { CaseService } from '../domain/CaseService';
import type { BackgroundWork } from '../http/BackgroundWork';
import { CaseTransitionError } from '../domain/CaseService';
import type { CaseAction } from '../domain/caseLifecycle';
import { HttpError, conflict, forbidden, notFound } from '../http/errors';
import { ParentUnreachableError, type ParentMessenger } from '../handoff/ParentMessenger';
import type { Logger } from '../observability/logger';
import type { Case, CaseClosure, CaseOutcome } from '../domain/model/case';
import type { AuditLog, CaseStore, StaffStore, TranscriptStore } from '../store/ports';
import { canSeeSchool, scopeOf } from './access';
import type { SignedIn } from './auth/StaffAuth';
import type { Content } from '../content/loadContent';
import { SMS_CHANNEL_ID } from '../domain/smsIdentity';

/** What the console's case commands work with; built once in the composition root. */
export interface ConsoleServices {
  cases: CaseService;
  caseStore: CaseStore;
  staff: StaffStore;
  audit: AuditLog;
  messenger: ParentMessenger;
  /** To tell whether a referral's parent is still in the chat when it is claimed. */
  transcripts?: Pick<TranscriptStore, 'latest'>;
  /** Schools for scope and names; topics and copy to show a referral's answers in words. */
  content: Pick<Content, 'schools' | 'areas' | 'topics' | 'copy' | 'agencies' | 'concerns'>;
  logger: Logger;
  /** Messages to the parent that follow a case change are sent in the background through this. */
  work: BackgroundWork;
  now: () => Date;
}

interface CaseCommandProps {
  services: ConsoleServices;
  who: SignedIn;
  caseId: string;
}

export const isLead = (who: SignedIn) => who.account.role === 'manager' || who.account.role === 'admin';

/**
 * The case if the account may see it. Another school's case is answered exactly like a missing
 * one (404), and the attempt goes to the audit log.
 */
export async function caseFor({ services, who, caseId }: CaseCommandProps): Promise<Case> {
  const found = await services.caseStore.get(caseId);
  if (!found || !canSeeSchool(who.scope, found.schoolId)) {
    if (found) await audit(services, who, 'case.view_refused', found);
    throw notFound('No such case.');
  }
  return found;
}

/**
 * Opening a case page: the view is audited. A page that is already open refreshing itself
 * (after a live update or an action, which is audited on its own) is not a new view.
 */
export async function viewCase(props: CaseCommandProps & { refresh: boolean }): Promise<Case> {
  const found = await caseFor(props);
  if (!props.refresh) await audit(props.services, props.who, 'case.view', found);
  return found;
}

export async function claimCase(props: CaseCommandProps): Promise<{ case: Case; parentTold: boolean }> {
  const { services, who } = props;
  await caseFor(props);
  const claimed = await transition(props, 'claim', {});
  await audit(services, who, 'case.claim', claimed);
  if (claimed.kind !== 'live_chat') return await referralClaimed(props, claimed);
  tellParent(services, claimed, 'joined_notice', () =>
    services.messenger.tellConnected(claimed, who.account.displayName),
  );
  return { case: claimed, parentTold: true };
}

/** Minutes after their last message in which a web chat parent counts as still chatting. */
const STILL_CHATTING_MINUTES = 20;

/**
 * A referral whose parent is still in the web chat: they are told a PSW has picked it up, and
 * the case is connected (their next messages reach the PSW, like a live chat's).
 */
async function referralClaimed(
  props: CaseCommandProps,
  claimed: Case,
): Promise<{ case: Case; parentTold: boolean }> {
  const { services, who } = props;
  if (claimed.channelId === SMS_CHANNEL_ID || !services.transcripts)
    return { case: claimed, parentTold: false };
  const latest = await services.transcripts.latest(claimed.conversationKey);
  const chatting =
    latest?.sender === 'parent' || latest?.sender === 'bot'
      ? services.now().getTime() - latest.at.getTime() < STILL_CHATTING_MINUTES * 60_000
      : false;
  if (!chatting) return { case: claimed, parentTold: false };
  const joined = await record(props, () =>
    services.cases.record({ caseId: claimed.id, event: 'psw_joined', actorId: who.account.id }),
  );
  tellParent(services, joined, 'joined_notice', () =>
    services.messenger.tellReferralPickedUp(joined, who.account.displayName),
  );
  return { case: joined, parentTold: true };
}

export async function releaseCase(
  props: CaseCommandProps & { reason?: string },
): Promise<{ case: Case; parentTold: boolean }> {
  const { services, who } = props;
  mustHoldOrLead(who, await caseFor(props));
  const released = await transition(props, 'release', { reason: props.reason ?? 'released' });
  await audit(services, who, 'case.release', released);
  if (released.kind !== 'live_chat') return { case: released, parentTold: false };
  tellParent(services, released, 'back_in_queue_notice', () => services.messenger.tellBackInQueue(released));
  return { case: released, parentTold: true };
}

export async function transferCase(
  props: CaseCommandProps & { toStaffId: string; reason?: string },
): Promise<Case> {
  const { services, who } = props;
  const current = await caseFor(props);
  mustHoldOrLead(who, current);
  const target = await services.staff.get(props.toStaffId);
  if (!target || target.disabled || !canSeeSchool(scopeOf(target, services.content), current.schoolId)) {
    throw conflict(
      "That person cannot take this case (they do not work with this case's school).",
      'BadTransferTarget',
    );
  }
  if (target.id === current.assigneeId)
    throw conflict('The case is already with that person.', 'BadTransferTarget');
  const moved = await transition(props, 'transfer', {
    assigneeId: target.id,
    reason: props.reason ? `to:${target.id} ${props.reason}` : `to:${target.id}`,
  });
  await audit(services, who, 'case.transfer', moved, `to:${target.id}`);
  return moved;
}

export async function closeCase(
  props: CaseCommandProps & { outcome: CaseOutcome; closure?: CaseClosure; note?: string },
): Promise<{ case: Case; parentTold: boolean; feedbackAsked: boolean }> {
  const { services, who } = props;
  mustHoldOrLead(who, await caseFor(props));
  const closed = await transition(props, 'close', {
    outcome: props.outcome,
    closure: props.closure ?? { areas: [] },
    ...(props.note ? { note: props.note } : {}),
  });
  await audit(services, who, 'case.close', closed, props.outcome);
  const plan = services.messenger.closingPlan(closed);
  if (plan.tell) tellParent(services, closed, 'closing_message', () => services.messenger.tellClosed(closed));
  return { case: closed, parentTold: plan.tell, feedbackAsked: plan.askFeedback };
}

export async function reopenCase(props: CaseCommandProps & { reason: string }): Promise<Case> {
  const { services, who } = props;
  mustHoldOrLead(who, await caseFor(props));
  const reopened = await transition(props, 'reopen', { reason: props.reason });
  await audit(services, who, 'case.reopen', reopened);
  return reopened;
}

export async function addNote(props: CaseCommandProps & { text: string }): Promise<Case> {
  const { services, who } = props;
  await caseFor(props);
  const noted = await record(props, () =>
    services.cases.record({ caseId: props.caseId, event: 'note', actorId: who.account.id, note: props.text }),
  );
  await audit(services, who, 'case.note', noted);
  return noted;
}

/**
 * Marks a case urgent or not urgent with the reason in words. Anyone who may see the case may
 * mark it urgent (a worry should never wait for the holder); marking it not urgent is for the PSW
 * holding it, or a manager. Audited with the new state; the reason is a sealed note on the case.
 */
export async function setUrgency(
  props: CaseCommandProps & { urgent: boolean; reason: string },
): Promise<Case> {
  const { services, who } = props;
  const current = await caseFor(props);
  if (!props.urgent) mustHoldOrLead(who, current);
  const changed = await record(props, () =>
    services.cases.setUrgency({
      caseId: props.caseId,
      urgent: props.urgent,
      reason: props.reason,
      actorId: who.account.id,
    }),
  );
  await audit(services, who, props.urgent ? 'case.mark_urgent' : 'case.mark_not_urgent', changed);
  return changed;
}

export type ContactMethod = 'phone' | 'text' | 'email' | 'in_person' | 'other';
export type ContactResult = 'reached' | 'no_answer' | 'left_message' | 'wrong_number' | 'other';

export async function recordContactAttempt(
  props: CaseCommandProps & { method: ContactMethod; result: ContactResult; note?: string },
): Promise<Case> {
  const { services, who } = props;
  const current = await caseFor(props);
  mustHoldOrLead(who, current);
  if (current.status === 'new') throw conflict('Claim the case before recording contact.', 'CaseNotAllowed');
  await startIfClaimed(props, current);
  const recorded = await record(props, () =>
    services.cases.record({
      caseId: props.caseId,
      event: 'contact_attempt',
      actorId: who.account.id,
      reason: `${props.method}:${props.result}`,
      ...(props.note ? { note: props.note } : {}),
    }),
  );
  await audit(services, who, 'case.contact_attempt', recorded, `${props.method}:${props.result}`);
  return recorded;
}

/** A PSW's message to the parent, on the parent's own channel. */
export async function replyToParent(props: CaseCommandProps & { text: string }): Promise<Case> {
  const { services, who } = props;
  const current = await caseFor(props);
  mustHoldOrLead(who, current);
  if (current.status === 'new')
    throw conflict('Claim the case before writing to the parent.', 'CaseNotAllowed');
  if (current.status === 'closed') throw conflict('This case is closed; reopen it first.', 'CaseNotAllowed');
  try {
    await services.messenger.sendAsPsw(
      current,
      { id: who.account.id, displayName: who.account.displayName },
      props.text,
      { first: !current.history.some((h) => h.action === 'reply') },
    );
  } catch (err) {
    if (!(err instanceof ParentUnreachableError)) throw err;
    services.logger.warn(
      { err: err.cause ?? err, caseId: current.id, reason: err.reason },
      'reply not delivered',
    );
    throw new HttpError(
      err.reason === 'not_safe_to_text' ? 409 : 502,
      err.reason === 'not_safe_to_text' ? 'NotSafeToText' : 'NotDelivered',
      err.reason === 'not_safe_to_text'
        ? 'The parent said it is not safe to text them. Contact them the way they asked.'
        : "The message could not be delivered on the parent's channel. Try again, or contact them another way.",
    );
  }
  await startIfClaimed(props, current);
  const replied = await record(props, () =>
    services.cases.record({ caseId: props.caseId, event: 'reply', actorId: who.account.id }),
  );
  await audit(services, who, 'case.reply', replied);
  return replied;
}

// ---- helpers ---------------------------------------------------------------------------------

function mustHoldOrLead(who: SignedIn, theCase: Case): void {
  if (theCase.assigneeId === who.account.id || isLead(who)) return;
  throw forbidden(
    theCase.assigneeId ? 'Another PSW holds this case.' : 'Claim the case first.',
    'NotYourCase',
  );
}

async function transition(
  props: CaseCommandProps,
  action: CaseAction,
  extra: {
    assigneeId?: string;
    outcome?: CaseOutcome;
    closure?: CaseClosure;
    reason?: string;
    note?: string;
  },
): Promise<Case> {
  return await record(props, () =>
    props.services.cases.transition({
      caseId: props.caseId,
      action,
      actorId: props.who.account.id,
      ...extra,
    }),
  );
}

/** Runs a case change, turning lifecycle refusals into HTTP answers. */
async function record(props: CaseCommandProps, change: () => Promise<Case>): Promise<Case> {
  try {
    return await change();
  } catch (err) {
    if (!(err instanceof CaseTransitionError)) throw err;
    if (err.code === 'not_found') throw notFound('No such case.');
    if (err.code === 'conflict') throw conflict(err.message, 'CaseConflict');
    throw conflict(err.message, 'CaseNotAllowed');
  }
}

/** The first contact with the parent moves a claimed case to in progress. */
async function startIfClaimed(props: CaseCommandProps, current: Case): Promise<void> {
  if (current.status !== 'claimed') return;
  try {
    await props.services.cases.transition({
      caseId: current.id,
      action: 'start',
      actorId: props.who.account.id,
      reason: 'first_contact',
    });
  } catch (err) {
    // Someone else moved it at the same moment; the case is no longer merely claimed.
    if (!(err instanceof CaseTransitionError)) throw err;
  }
}

/**
 * Tells the parent on their channel, in the background so that a slow channel never holds up
 * the PSW. A failure does not undo the case change; it is noted on the case for the PSW to see.
 */
function tellParent(services: ConsoleServices, theCase: Case, what: string, send: () => Promise<void>): void {
  void services.work.run(send, (err: unknown) => {
    services.logger.warn(
      { err: err instanceof ParentUnreachableError ? (err.cause ?? err) : err, caseId: theCase.id, what },
      'could not tell the parent on their channel',
    );
    void services.work.run(
      () =>
        services.cases.record({
          caseId: theCase.id,
          event: 'parent_unreachable',
          actorId: 'system',
          reason: what,
        }),
      (recordErr: unknown) =>
        services.logger.error({ err: recordErr, caseId: theCase.id }, 'could not note an unreachable parent'),
    );
  });
}

async function audit(
  services: ConsoleServices,
  who: SignedIn,
  action: string,
  theCase: Case,
  detail?: string,
): Promise<void> {
  await services.audit.record({
    at: services.now(),
    actorId: who.account.id,
    action,
    caseId: theCase.id,
    schoolId: theCase.schoolId,
    ...(detail ? { detail } : {}),
  });
}
