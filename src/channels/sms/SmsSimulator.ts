import { randomBytes } from 'node:crypto';
import type { OutboundStatus } from '../../store/smsPorts';
import type { OutgoingText, SmsTransport } from './SmsTransport';

export interface SimulatedText {
  id: number;
  at: Date;
  direction: 'in' | 'out';
  /** The pretend phone. */
  phone: string;
  serviceNumber: string;
  body: string;
}

const KEPT = 2000;

/**
 * The development stand-in for a phone network: texts "sent" are kept here (in memory, the last
 * 2000) for the /dev/sms page to show. Never used when NODE_ENV=production.
 */
export class SmsSimulator implements SmsTransport {
  readonly kind = 'simulator' as const;
  private readonly texts: SimulatedText[] = [];
  private nextId = 1;

  constructor(
    /** Shown as the sender of texts sent without a service number (e.g. staff alerts). */
    private readonly defaultServiceNumber: string,
    private readonly now: () => Date = () => new Date(),
  ) {}

  send(text: OutgoingText): Promise<{ providerSid: string; status: OutboundStatus }> {
    this.keep('out', text.to, text.from ?? this.defaultServiceNumber, text.body);
    return Promise.resolve({ providerSid: `SIM${randomBytes(16).toString('hex')}`, status: 'delivered' });
  }

  recordInbound(phone: string, serviceNumber: string, body: string): void {
    this.keep('in', phone, serviceNumber, body);
  }

  /** Texts to and from a pretend phone, after the given id. */
  conversation(phone: string, afterId = 0): SimulatedText[] {
    return this.texts.filter((t) => t.phone === phone && t.id > afterId);
  }

  /** Every pretend phone that sent or received a text, most recent first. */
  phones(): Array<{ phone: string; texts: number; lastAt: Date }> {
    const byPhone = new Map<string, { phone: string; texts: number; lastAt: Date }>();
    for (const text of this.texts) {
      const entry = byPhone.get(text.phone) ?? { phone: text.phone, texts: 0, lastAt: text.at };
      entry.texts++;
      entry.lastAt = text.at;
      byPhone.set(text.phone, entry);
    }
    return [...byPhone.values()].sort((a, b) => b.lastAt.getTime() - a.lastAt.getTime());
  }

  private keep(direction: 'in' | 'out', phone: string, serviceNumber: string, body: string): void {
    this.texts.push({ id: this.nextId++, at: this.now(), direction, phone, serviceNumber, body });
    if (this.texts.length > KEPT) this.texts.splice(0, this.texts.length - KEPT);
  }
}
