import type { SmsCopy } from '../../content/smsCopy';
import type { InboxMessage, SmsConversation, SmsOptOutStore } from '../../store/smsPorts';
import type { SmsKeyword } from './interpretReply';

/** The channel's own answer to a text, which does not go to the bot. */
export interface FixedReply {
  text: string;
  /** The answer to STOP goes even to a number that opted out. */
  evenIfOptedOut: boolean;
  /** The parent opted out: the bot ends the conversation (forgets a referral in progress). */
  endsConversation?: boolean;
}

/**
 * The channel's own answers, which do not go to the bot: STOP (and the other opt-out keywords),
 * START from a number that opted out, pictures without words. `undefined`: the bot answers;
 * `null`: nothing to answer; `readForRiskOnly`: any other text from a number that opted out,
 * which gets no answer but is still read for risk (docs/safeguarding.md). Records an opt-out or
 * an opt-in.
 *
 * HELP goes to the bot, whose "help" by SMS says what this is, how to stop texts and to call 999,
 * then asks the same question again. START from a number that never opted out is an ordinary
 * text (it may be a parent's first text, and deserves the welcome, not "welcome back").
 */
export async function fixedReplyFor(
  policy: { optOuts: SmsOptOutStore; copy: SmsCopy; now: () => Date },
  keyword: SmsKeyword | undefined,
  conversation: SmsConversation,
  message: InboxMessage,
): Promise<FixedReply | undefined | null | 'readForRiskOnly'> {
  const { optOuts, copy, now } = policy;
  const reason = message.message.optOutType ?? message.message.body.trim().toUpperCase().slice(0, 20);
  if (keyword === 'optOut') {
    await optOuts.optOut(conversation.phoneHash, reason, now());
    return { text: copy.optedOut, evenIfOptedOut: true, endsConversation: true };
  }
  const optedOut = await optOuts.isOptedOut(conversation.phoneHash);
  if (keyword === 'optIn' && optedOut) {
    await optOuts.optIn(conversation.phoneHash, reason, now());
    return { text: copy.optedIn, evenIfOptedOut: false };
  }
  if (message.message.body.trim() === '') {
    if (optedOut) return null;
    return message.message.numMedia > 0 ? { text: copy.mediaNotSupported, evenIfOptedOut: false } : null;
  }
  return optedOut ? 'readForRiskOnly' : undefined;
}
