import { TurnContext } from 'botbuilder';
import { requestKeyOf } from '../../src/turn/requestKey';
import { conversationKeyOf } from '../../src/turn/conversationKey';
import { fillTemplate } from '../../src/content/fillTemplate';
import type { School } from '../../src/content/loadContent';
import type { ReferralDetails } from '../../src/domain/referralDetails';
import { describeWhen, isWorkingTime, nextWorkingTime } from '../../src/domain/workingHours';
import { dueByFor } from '../../src/handoff/dueBy';
import type { ConversationDeps } from '../ConversationDeps';
import { bySms } from '../prompts';
import type { ReferralDraft } from './referralDraft';

/**
 * Sends a finished referral as a case (urgent if the conversation is at risk, due by the service
 * level's first-contact deadline) and tells the parent truthfully what happens next.
 */
export async function submitReferral(
  deps: ConversationDeps,
  context: TurnContext,
  draft: ReferralDraft,
): Promise<void> {
  const { content, cases, now } = deps;
  const { copy } = content;
  const school = content.schools.find((s) => s.id === draft.schoolId);
  const conversationKey = conversationKeyOf(context);
  const profile = await deps.profiles.get(context, {});
  if (!school || !conversationKey || !profile.privacy) {
    throw new Error(
      'A referral cannot be submitted without a school, a conversation key and privacy agreement',
    );
  }
  const at = now();
  const urgent = profile.atRisk !== undefined;
  // The service level's first-contact deadline (content/schools.json `serviceLevel`).
  const dueBy = dueByFor(content, school, at, 'referral', urgent);
  const opened = await cases.open({
    kind: 'referral',
    schoolId: school.id,
    channelId: context.activity.channelId,
    conversationKey,
    conversationRef: TurnContext.getConversationReference(context.activity),
    details: caseDetails(deps, draft, profile.privacy),
    urgent,
    ...(typeof draft.wellbeing === 'number' ? { wellbeing: { start: draft.wellbeing } } : {}),
    ...(dueBy ? { dueBy } : {}),
    openedBy: 'parent',
    ...requestKeyOf(context, conversationKey),
  });
  // The profile remembers that this conversation sent a referral, so endings can say so truthfully.
  profile.lastReferral = opened.reference;
  deps.logger.info({ caseId: opened.id, schoolId: school.id, urgent }, 'self-referral opened');

  if (bySms(context)) {
    // One short text: the reference, what happens next, 999 (the menu goes in the same text).
    const { sms } = content;
    const next = isWorkingTime(school, at) ? sms.nextInHours : nextStepsMessage(copy.referral, school, at);
    const sent = fillTemplate(sms.referralSent, { reference: opened.reference, next });
    await context.sendActivity(urgent ? `${copy.referral.urgentNote} ${sent}` : sent);
    return;
  }
  await context.sendActivity(fillTemplate(copy.referral.submitted, { reference: opened.reference }));
  if (urgent) await context.sendActivity(copy.referral.urgentNote);
  await context.sendActivity(nextStepsMessage(copy.referral, school, at));
  await context.sendActivity(copy.referral.emergencyReminder);
}

/**
 * What the case holds: the answers, and the parent's own words beside them (`contactNotes`,
 * `childAge`), which the console shows under their own names.
 */
function caseDetails(
  deps: ConversationDeps,
  draft: ReferralDraft,
  privacy: { version: string; agreedAt: string },
): ReferralDetails & Record<string, unknown> {
  const topic = deps.content.topics.find((t) => t.id === draft.topicId);
  const details: Record<string, unknown> = {
    parentName: draft.parentName,
    contactMethod: draft.contactMethod,
    phone: draft.phone,
    email: draft.email,
    contactTime: draft.contactTime,
    contactNotes: draft.contactNotes,
    safeToText: draft.safeToText,
    safeToLeaveMessage: draft.safeToLeaveMessage,
    childFirstName: draft.childFirstName,
    yearGroup: draft.yearGroup,
    childAge: draft.childAge,
    topic: draft.topicId,
    topicLabel: topic?.label,
    words: draft.words,
    callback: draft.callback === true,
    privacyNoticeVersion: privacy.version,
    privacyAgreedAt: privacy.agreedAt,
  };
  return Object.fromEntries(Object.entries(details).filter(([, v]) => v !== undefined && v !== null));
}

/** "What happens next", truthfully, from the school's working hours and term dates. */
export function nextStepsMessage(
  copy: { nextInHours: string; nextOutOfHours: string; nextUnknown: string },
  school: School,
  at: Date,
): string {
  if (isWorkingTime(school, at)) return fillTemplate(copy.nextInHours, { school: school.name });
  const next = nextWorkingTime(school, at);
  if (!next) return fillTemplate(copy.nextUnknown, { school: school.name });
  return fillTemplate(copy.nextOutOfHours, {
    school: school.name,
    when: describeWhen(next, at, school.hours.timezone),
  });
}
