import type { Sealer } from '../security/sealer';
import { DuplicateKeyError, type StoredDocument } from './documents';
import { defineCollection, SealedDocumentStore, storeOpener } from './DocumentStore';
import type { OutboundSms, OutboundStatus, SmsOutbox } from './smsPorts';

interface OutboxDocument extends StoredDocument, Omit<OutboundSms, 'id' | 'body'> {
  sealedBody: string;
}

/** How far along a text is; a callback never moves a text back (they can arrive out of order). */
const STATUS_RANK: Record<OutboundStatus, number> = {
  composed: 0,
  accepted: 1,
  scheduled: 1,
  queued: 2,
  sending: 3,
  sent: 4,
  delivered: 5,
  undelivered: 5,
  failed: 5,
  canceled: 5,
  suppressed: 5,
  read: 6,
};

/** Delivered, undelivered, failed, canceled and suppressed are final: only `read` comes after them. */
const FINAL_RANK = 5;

/** The statuses a text may move to `status` from: earlier ones, or the same stage while not final. */
const statusesUpTo = (status: OutboundStatus): OutboundStatus[] =>
  (Object.keys(STATUS_RANK) as OutboundStatus[]).filter(
    (s) =>
      STATUS_RANK[s] < STATUS_RANK[status] ||
      (STATUS_RANK[s] === STATUS_RANK[status] && STATUS_RANK[s] !== FINAL_RANK) ||
      s === status,
  );

const COLLECTION = defineCollection<OutboxDocument>({
  name: 'sms_outbox',
  indexes: [
    { field: 'turnKey' },
    { field: 'providerSid', unique: true, sparse: true },
    { field: 'createdAt' },
  ],
});

export class DocumentSmsOutbox extends SealedDocumentStore<OutboxDocument> implements SmsOutbox {
  static readonly open = storeOpener(
    COLLECTION,
    (docs, sealer: Sealer) => new DocumentSmsOutbox(docs, sealer),
  );

  async compose(
    turnKey: string,
    texts: Array<
      Pick<OutboundSms, 'body' | 'purpose' | 'transport' | 'phoneHash'> & { conversationId?: string }
    >,
    at: Date,
  ): Promise<OutboundSms[]> {
    for (const [index, text] of texts.entries()) {
      const { body, conversationId, ...rest } = text;
      const doc: OutboxDocument = {
        ...rest,
        _id: `${turnKey}#${index}`,
        turnKey,
        index,
        sealedBody: this.sealer.seal(body),
        status: 'composed',
        createdAt: at,
        updatedAt: at,
      };
      if (conversationId !== undefined) doc.conversationId = conversationId;
      try {
        await this.docs.insertOne(doc);
      } catch (err) {
        // Composed before this turn was interrupted: keep what was recorded (and maybe sent) then.
        if (!(err instanceof DuplicateKeyError)) throw err;
      }
    }
    return await this.listTurn(turnKey);
  }

  async listTurn(turnKey: string): Promise<OutboundSms[]> {
    return (await this.docs.find({ turnKey }, { sort: { index: 1 } })).map((d) => this.toOutbound(d));
  }

  async markAttempted(id: string, at: Date): Promise<void> {
    await this.docs.updateOne({ _id: id }, { $set: { attemptedAt: at, updatedAt: at } });
  }

  async markSent(id: string, providerSid: string, status: OutboundStatus, at: Date): Promise<void> {
    await this.docs.updateOne({ _id: id }, { $set: { providerSid, status, updatedAt: at } });
  }

  async markUnsent(
    id: string,
    status: 'failed' | 'suppressed',
    errorCode: number | undefined,
    at: Date,
  ): Promise<void> {
    await this.docs.updateOne(
      { _id: id },
      { $set: { status, updatedAt: at, ...(errorCode !== undefined ? { errorCode } : {}) } },
    );
  }

  async recordStatus(
    providerSid: string,
    status: OutboundStatus,
    errorCode: number | undefined,
    at: Date,
  ): Promise<OutboundSms | null> {
    const updated = await this.docs.updateOne(
      { providerSid, status: { $in: statusesUpTo(status) } },
      { $set: { status, updatedAt: at, ...(errorCode !== undefined ? { errorCode } : {}) } },
    );
    if (updated) return this.toOutbound(updated);
    const current = await this.docs.findOne({ providerSid });
    return current ? this.toOutbound(current) : null;
  }

  async getByProviderSid(providerSid: string): Promise<OutboundSms | null> {
    const doc = await this.docs.findOne({ providerSid });
    return doc ? this.toOutbound(doc) : null;
  }

  async eraseBefore(date: Date): Promise<number> {
    return await this.docs.deleteMany({ createdAt: { $lt: date } });
  }

  async eraseConversation(conversationId: string): Promise<number> {
    return await this.docs.deleteMany({ conversationId });
  }

  private toOutbound(doc: OutboxDocument): OutboundSms {
    const { _id, sealedBody, ...rest } = doc;
    return { ...rest, id: _id, body: this.sealer.open(sealedBody) };
  }
}
