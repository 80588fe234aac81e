import type { OutboundStatus, SmsTransportKind } from '../../store/smsPorts';

export interface OutgoingText {
  /** E.164. */
  to: string;
  /** Our number to send from; when absent the transport's default sender is used. */
  from?: string;
  /** GSM-7, within its segment budget. */
  body: string;
}

/** Something that hands a text to a phone network: Twilio, or the development simulator. */
export interface SmsTransport {
  readonly kind: SmsTransportKind;
  send(text: OutgoingText): Promise<{ providerSid: string; status: OutboundStatus }>;
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
