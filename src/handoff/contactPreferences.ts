import { SMS_CHANNEL_ID } from '../domain/smsIdentity';
import {
  notSafeToText,
  readReferralDetails,
  type ContactMethod,
  type ContactTime,
} from '../domain/referralDetails';
import type { Case } from '../domain/model/case';

/** How the parent asked to be contacted, read from a referral's details (`ReferralDetails`). */
export interface ContactPreferences {
  method?: ContactMethod;
  phone?: string;
  email?: string;
  bestTime?: ContactTime;
  /** false: never text this parent (someone else may read their phone). undefined: not asked. */
  safeToText: boolean | undefined;
  safeToLeaveMessage: boolean | undefined;
  /** Asked out of hours to be called back. */
  callback: boolean;
}

export function contactPreferences(stored: Case['details']): ContactPreferences {
  const { details } = readReferralDetails(stored);
  return {
    ...(details.contactMethod ? { method: details.contactMethod } : {}),
    ...(details.phone ? { phone: details.phone } : {}),
    ...(details.email ? { email: details.email } : {}),
    ...(details.contactTime ? { bestTime: details.contactTime } : {}),
    // Anything but a plain "yes" stored there counts as "not safe" (see notSafeToText).
    safeToText: notSafeToText(stored) ? false : details.safeToText,
    safeToLeaveMessage: details.safeToLeaveMessage,
    callback: details.callback === true,
  };
}

/**
 * Whether the service may send messages into the parent's conversation. A parent on SMS who said
 * it is not safe to text is never sent a text they did not just ask for (a PSW's reply, "the
 * request is closed", the feedback question). On web chat the conversation is theirs to open.
 */
export function mayMessageParent(theCase: Pick<Case, 'channelId' | 'details'>): boolean {
  if (theCase.channelId !== SMS_CHANNEL_ID) return true;
  return !notSafeToText(theCase.details);
}
