import type { Sealer } from '../security/sealer';
import { DuplicateKeyError, type StoredDocument } from './documents';
import { defineCollection, SealedDocumentStore, storeOpener } from './DocumentStore';
import type {
  InboundSms,
  InboxMessage,
  InboxOutcome,
  InboxStatus,
  InboxTaken,
  SmsInbox,
  SmsReplyPart,
} from './smsPorts';

interface InboxDocument extends StoredDocument {
  conversationId: string;
  receivedAt: Date;
  /** Orders texts received in the same millisecond by one process. */
  seq: number;
  status: InboxStatus;
  outcome?: InboxOutcome;
  attempts: number;
  sendTries?: number;
  retryAt?: Date;
  sealedMessage: string;
  sealedReplyParts: string[];
  taken?: InboxTaken;
  doneAt?: Date;
}

const COLLECTION = defineCollection<InboxDocument>({
  name: 'sms_inbox',
  indexes: [{ field: 'conversationId' }, { field: 'status' }, { field: 'receivedAt' }],
  mongoCompoundIndexes: [
    { conversationId: 1, status: 1, receivedAt: 1, seq: 1 },
    { status: 1, receivedAt: 1 },
  ],
});

export class DocumentSmsInbox extends SealedDocumentStore<InboxDocument> implements SmsInbox {
  private seq = 0;

  static readonly open = storeOpener(
    COLLECTION,
    (docs, sealer: Sealer) => new DocumentSmsInbox(docs, sealer),
  );

  async add(props: {
    messageSid: string;
    conversationId: string;
    receivedAt: Date;
    message: InboundSms;
  }): Promise<boolean> {
    try {
      await this.docs.insertOne({
        _id: props.messageSid,
        conversationId: props.conversationId,
        receivedAt: props.receivedAt,
        seq: this.seq++,
        status: 'pending',
        attempts: 0,
        sealedMessage: this.sealer.sealJson(props.message),
        sealedReplyParts: [],
      });
      return true;
    } catch (err) {
      if (err instanceof DuplicateKeyError) return false;
      throw err;
    }
  }

  async get(messageSid: string): Promise<InboxMessage | null> {
    const doc = await this.docs.findOne({ _id: messageSid });
    return doc ? this.toMessage(doc) : null;
  }

  async nextPending(conversationId: string): Promise<InboxMessage | null> {
    const [doc] = await this.docs.find(
      { conversationId, status: 'pending' },
      { sort: { receivedAt: 1, seq: 1 }, limit: 1 },
    );
    return doc ? this.toMessage(doc) : null;
  }

  async conversationsWithPending(limit: number, now?: Date): Promise<string[]> {
    const docs = await this.docs.find({ status: 'pending' }, { sort: { receivedAt: 1 }, limit: limit * 4 });
    // Texts run in arrival order, so a conversation waits on its oldest pending text's retry time.
    const oldest = new Map<string, InboxDocument>();
    for (const doc of docs) if (!oldest.has(doc.conversationId)) oldest.set(doc.conversationId, doc);
    return [...oldest.values()]
      .filter((d) => !now || !d.retryAt || d.retryAt.getTime() <= now.getTime())
      .map((d) => d.conversationId)
      .slice(0, limit);
  }

  async recordAttempt(messageSid: string): Promise<number> {
    const doc = await this.docs.updateOne({ _id: messageSid }, { $inc: { attempts: 1 } });
    return doc?.attempts ?? 0;
  }

  async deferRetry(messageSid: string, retryAt: Date): Promise<number> {
    const doc = await this.docs.updateOne({ _id: messageSid }, { $inc: { sendTries: 1 }, $set: { retryAt } });
    return doc?.sendTries ?? 0;
  }

  async appendReplyPart(messageSid: string, part: SmsReplyPart): Promise<void> {
    await this.docs.updateOne(
      { _id: messageSid },
      { $push: { sealedReplyParts: this.sealer.sealJson(part) } },
    );
  }

  async clearReplyParts(messageSid: string): Promise<void> {
    await this.docs.updateOne({ _id: messageSid }, { $set: { sealedReplyParts: [] } });
  }

  async markTaken(messageSid: string, taken: InboxTaken): Promise<void> {
    await this.docs.updateOne({ _id: messageSid }, { $set: { taken } });
  }

  async markDone(messageSid: string, outcome: InboxOutcome, at: Date): Promise<void> {
    await this.docs.updateOne({ _id: messageSid }, { $set: { status: 'done', outcome, doneAt: at } });
  }

  async eraseDoneBefore(date: Date): Promise<number> {
    return await this.docs.deleteMany({ status: 'done', receivedAt: { $lt: date } });
  }

  async eraseConversation(conversationId: string): Promise<number> {
    return await this.docs.deleteMany({ conversationId });
  }

  private toMessage(doc: InboxDocument): InboxMessage {
    const message: InboxMessage = {
      messageSid: doc._id,
      conversationId: doc.conversationId,
      receivedAt: doc.receivedAt,
      status: doc.status,
      attempts: doc.attempts,
      message: this.sealer.openJson<InboundSms>(doc.sealedMessage),
      replyParts: doc.sealedReplyParts.map((p) => this.sealer.openJson<SmsReplyPart>(p)),
    };
    if (doc.outcome !== undefined) message.outcome = doc.outcome;
    if (doc.taken !== undefined) message.taken = doc.taken;
    if (doc.doneAt !== undefined) message.doneAt = doc.doneAt;
    if (doc.sendTries !== undefined) message.sendTries = doc.sendTries;
    if (doc.retryAt !== undefined) message.retryAt = doc.retryAt;
    return message;
  }
}
