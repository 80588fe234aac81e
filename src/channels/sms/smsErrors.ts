/** The parent has opted out of texts (STOP): nothing can be sent to them. */
export class SmsOptedOutError extends Error {
  constructor() {
    super('The parent has opted out of text messages (they texted STOP)');
    this.name = 'SmsOptedOutError';
  }
}

/** A proactive text could not be handed to the provider. */
export class SmsNotSentError extends Error {
  constructor(readonly reason: 'retry_later' | 'failed' | 'busy') {
    super(
      reason === 'busy'
        ? 'The conversation was busy for too long; the text was not sent'
        : 'The text could not be sent; try again later',
    );
    this.name = 'SmsNotSentError';
  }
}
