import type { Sealer } from '../security/sealer';
import type { SmsTransportKind } from '../store/smsPorts';

export const SMS_CHANNEL_ID = 'sms';

export interface SmsIdentity {
  /** The bot's conversation id: one conversation per parent number per service number. */
  conversationId: string;
  /** The bot's user id for the parent. */
  userId: string;
  /** For opt-out lookups. */
  phoneHash: string;
}

/** Ids built from keyed hashes, so that neither a conversation id nor a user id reveals the number. */
export function smsIdentity(
  sealer: Sealer,
  transport: SmsTransportKind,
  phone: string,
  serviceNumber: string,
): SmsIdentity {
  return {
    conversationId: `sms.${sealer.lookupHash(`${transport}\u0000${phone}\u0000${serviceNumber}`, 'sms-conversation')}`,
    userId: `sms-user.${sealer.lookupHash(phone, 'sms-user')}`,
    phoneHash: phoneHashOf(sealer, phone),
  };
}

export function phoneHashOf(sealer: Sealer, phone: string): string {
  return sealer.lookupHash(phone, 'sms-phone');
}
