import { randomUUID } from 'node:crypto';
import type { Sealer } from '../../security/sealer';
import type { SmsTransportKind } from '../../store/smsPorts';
import type { SmsSender } from '../SmsSender';
import { composeMessages } from './composeMessages';
import { toE164 } from '../../text/phoneNumbers';
import type { SmsDispatcher } from './SmsDispatcher';
import { SmsNotSentError, SmsOptedOutError } from './smsErrors';
import { phoneHashOf } from '../../domain/smsIdentity';

/**
 * `SmsSender` for texts outside any conversation (e.g. alerting on-duty PSWs to an urgent case):
 * through Twilio when it is configured, otherwise to the /dev/sms simulator. The same rules apply
 * as to replies: GSM-7 only, two segments a text, no text to a number that opted out.
 */
export class SmsTextSender implements SmsSender {
  constructor(
    private readonly dispatcher: SmsDispatcher,
    private readonly sealer: Sealer,
    private readonly transport: SmsTransportKind | undefined,
    /** Our number to send from (TWILIO_FROM_NUMBER, or the simulator's pseudo-number). */
    private readonly from: string | undefined,
  ) {}

  async send(props: { to: string; body: string; purpose: 'staff_alert' | 'parent' }): Promise<void> {
    if (!this.transport) throw new SmsNotSentError('failed');
    const phone = toE164(props.to);
    const { bodies } = composeMessages([{ text: props.body, choices: [], requestedList: false }], {
      numbered: '',
      unnumbered: '',
    });
    const outcome = await this.dispatcher.send({
      turnKey: `${props.purpose}.${randomUUID()}`,
      phone,
      phoneHash: phoneHashOf(this.sealer, phone),
      from: this.from,
      transport: this.transport,
      purpose: props.purpose,
      bodies,
    });
    if (outcome === 'opted_out') throw new SmsOptedOutError();
    if (outcome !== 'sent') throw new SmsNotSentError(outcome);
  }
}
