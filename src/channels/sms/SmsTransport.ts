import type { OutboundStatus, SmsTransportKind } from '../../store/smsPorts';

export interface OutgoingText {
  /** E.164. */
  to: string;
  /** Our number to send from; when absent the transport's default sender is used. */
  from?: string;
  /** GSM-7, within its segment budget. */
  body: string;
}

/** A text the provider holds (sent, or queued to be), as its message list shows it. */
export interface ProviderText {
  providerSid: string;
  body: string;
  status: OutboundStatus;
  createdAt: Date;
}

/** Something that hands a text to a phone network: Twilio, or the development simulator. */
export interface SmsTransport {
  readonly kind: SmsTransportKind;
  send(text: OutgoingText): Promise<{ providerSid: string; status: OutboundStatus }>;
  /**
   * The texts the provider holds to `to` (from `from`, when given) created since `since`, newest
   * first: to find out whether a send whose answer was lost (a crash, a time-out) went through.
   * Absent when the transport cannot tell (the simulator). Throws `SmsSendError` when the
   * provider cannot be asked.
   */
  listSentSince?(props: { to: string; from?: string; since: Date }): Promise<ProviderText[]>;
}

/** Why a text could not be handed over. */
export class SmsSendError extends Error {
  constructor(
    message: string,
    /** The provider's error code, e.g. Twilio's 21610 (recipient unsubscribed). */
    readonly code: number | undefined,
    /** Worth trying again later (rate limited, provider or network down). */
    readonly retryable: boolean,
    /** The recipient has opted out at the provider: record it and send nothing more. */
    readonly recipientOptedOut = false,
  ) {
    super(message);
    this.name = 'SmsSendError';
  }
}
