import type { Sealer } from '../security/sealer';

/**
 * A stable key for one conversation on one channel that reveals neither (an SMS conversation id
 * is built from a phone number). Cases and transcripts are filed under it.
 */
export function conversationKeyFor(sealer: Sealer, channelId: string, conversationId: string): string {
  return sealer.lookupHash(`${channelId}\u0000${conversationId}`, 'conversation');
}
