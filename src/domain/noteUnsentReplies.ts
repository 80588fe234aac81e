import { SMS_CHANNEL_ID } from './smsIdentity';
import type { Sealer } from '../security/sealer';
import type { CaseStore } from '../store/ports';
import type { CaseService } from './CaseService';
import { isOpen } from './caseLifecycle';
import { conversationKeyFor } from './conversationKey';

/** The history reason for replies dropped because the text service was down too long. */
export const SMS_PROVIDER_DOWN = 'sms_provider_down';

/**
 * Notes on the cases of an SMS conversation that the assistant's answer to the parent's last text
 * was never sent (Twilio could not take it within the retry horizon), so that a PSW sees the
 * parent may be waiting: on every open case, or on the latest case when none is open.
 */
export function noteUnsentReplies(deps: { caseStore: CaseStore; cases: CaseService; sealer: Sealer }) {
  return async (conversationId: string): Promise<void> => {
    const conversationKey = conversationKeyFor(deps.sealer, SMS_CHANNEL_ID, conversationId);
    const cases = await deps.caseStore.list({ conversationKey }, { limit: 50 });
    const open = cases.filter((c) => isOpen(c.status));
    const latest = [...cases].sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime())[0];
    const targets = open.length > 0 ? open : latest ? [latest] : [];
    for (const theCase of targets) {
      await deps.cases.record({
        caseId: theCase.id,
        event: 'reply_not_sent',
        actorId: 'system',
        reason: SMS_PROVIDER_DOWN,
      });
    }
  };
}
