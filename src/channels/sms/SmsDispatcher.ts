import type { Logger } from '../../observability/logger';
import type {
  OutboundSms,
  SmsOptOutStore,
  SmsOutbox,
  SmsPurpose,
  SmsTransportKind,
} from '../../store/smsPorts';
import { describeSms } from '../../text/gsm7';
import { SmsSendError, type SmsTransport } from './SmsTransport';

export type DispatchOutcome =
  /** Every text was handed over (or had been, before an interruption). */
  | 'sent'
  /** The recipient has opted out: nothing (more) was sent. */
  | 'opted_out'
  /** The provider could not take them now; the unsent texts wait for a later try. */
  | 'retry_later'
  /** The provider refused them for good (e.g. not a mobile number). */
  | 'failed';

export interface TurnTexts {
  /** Groups the texts (the inbound MessageSid, or an id for a proactive turn or alert). */
  turnKey: string;
  phone: string;
  phoneHash: string;
  /** Our number to send from. */
  from: string | undefined;
  transport: SmsTransportKind;
  purpose: SmsPurpose;
  conversationId?: string;
  bodies: string[];
  /** For the replies to STOP and to a text from an opted-out number. */
  evenIfOptedOut?: boolean;
}

/**
 * How much earlier than our record of an attempt the provider's clock may date the text it
 * created (clock skew, and Twilio's dates are whole seconds).
 */
const LOOKUP_SLACK_MS = 60_000;

/**
 * Sends a turn's texts in order through the outbox: each is recorded before it is handed to the
 * provider and marked once it was, so a turn retried after a crash or an outage sends only what
 * had not gone yet. A text whose send was attempted but whose answer never came (a crash, a
 * time-out) is looked up in the provider's message list before it is sent again, so that it goes
 * at most once. Opt-outs are checked before every text.
 */
export class SmsDispatcher {
  constructor(
    private readonly outbox: SmsOutbox,
    private readonly optOuts: SmsOptOutStore,
    private readonly transports: Partial<Record<SmsTransportKind, SmsTransport>>,
    private readonly logger: Logger,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async send(turn: TurnTexts): Promise<DispatchOutcome> {
    const texts = await this.outbox.compose(
      turn.turnKey,
      turn.bodies.map((body) => ({
        body,
        purpose: turn.purpose,
        transport: turn.transport,
        phoneHash: turn.phoneHash,
        ...(turn.conversationId ? { conversationId: turn.conversationId } : {}),
      })),
      this.now(),
    );
    const transport = this.transports[turn.transport];
    let outcome: DispatchOutcome = 'sent';
    for (const text of texts) {
      if (text.status !== 'composed') continue;
      if (!transport) {
        this.logger.error(
          { transport: turn.transport },
          'no SMS transport is configured for this conversation',
        );
        return 'retry_later';
      }
      if (!turn.evenIfOptedOut && (await this.optOuts.isOptedOut(turn.phoneHash))) {
        await this.outbox.markUnsent(text.id, 'suppressed', undefined, this.now());
        outcome = 'opted_out';
        continue;
      }
      const described = describeSms(text.body);
      if (described.encoding !== 'GSM-7') {
        // composeMessages never lets this happen; if it did, the parent would pay double.
        this.logger.error(
          { purpose: turn.purpose, segments: described.segments },
          'an SMS body is not GSM-7',
        );
      }
      try {
        if (text.attemptedAt && (await this.foundAtProvider(transport, turn, text))) continue;
        await this.outbox.markAttempted(text.id, this.now());
        const sent = await transport.send({
          to: turn.phone,
          body: text.body,
          ...(turn.from ? { from: turn.from } : {}),
        });
        await this.outbox.markSent(text.id, sent.providerSid, sent.status, this.now());
      } catch (err) {
        if (!(err instanceof SmsSendError)) throw err;
        if (err.retryable) return 'retry_later';
        if (err.recipientOptedOut) {
          await this.optOuts.optOut(turn.phoneHash, `provider:${err.code ?? 'unsubscribed'}`, this.now());
          await this.outbox.markUnsent(text.id, 'suppressed', err.code, this.now());
          outcome = 'opted_out';
          continue;
        }
        await this.outbox.markUnsent(text.id, 'failed', err.code, this.now());
        outcome = 'failed';
      }
    }
    this.logger.info(
      { purpose: turn.purpose, transport: turn.transport, texts: texts.length, outcome },
      'texts sent',
    );
    return outcome;
  }

  /**
   * Whether a text whose send was cut short had in fact reached the provider: a text to the same
   * number with the same words, created since the attempt, that no other outbox record claims.
   * If so it is recorded as sent. Throws `SmsSendError` (retryable) when the provider cannot be asked.
   */
  private async foundAtProvider(
    transport: SmsTransport,
    turn: TurnTexts,
    text: OutboundSms,
  ): Promise<boolean> {
    if (!transport.listSentSince || !text.attemptedAt) return false;
    const since = new Date(text.attemptedAt.getTime() - LOOKUP_SLACK_MS);
    const candidates = await transport.listSentSince({
      to: turn.phone,
      ...(turn.from ? { from: turn.from } : {}),
      since,
    });
    // Oldest first: if an earlier try did get through twice, the first one is this record's.
    for (const candidate of [...candidates].reverse()) {
      if (candidate.body !== text.body) continue;
      if (await this.outbox.getByProviderSid(candidate.providerSid)) continue;
      await this.outbox.markSent(text.id, candidate.providerSid, candidate.status, this.now());
      this.logger.info(
        { purpose: turn.purpose, providerSid: candidate.providerSid },
        'a text whose send was cut short had reached the provider; not sent again',
      );
      return true;
    }
    return false;
  }
}
