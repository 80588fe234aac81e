import type { Sealer } from '../security/sealer';
import {
  DuplicateKeyError,
  type DocumentCollection,
  type DocumentDatabase,
  type StoredDocument,
} from './documents';
import type { SmsChoiceRecord, SmsConversation, SmsConversationStore, SmsTransportKind } from './smsPorts';

interface SmsConversationDocument extends StoredDocument {
  userId: string;
  phoneHash: string;
  sealedPhone: string;
  serviceNumber: string;
  transport: SmsTransportKind;
  schoolId?: string;
  sealedChoices?: string;
  createdAt: Date;
  lastInboundAt: Date;
}

/** Kept apart from the conversation record: a lease can be taken before the record exists. */
interface LeaseDocument extends StoredDocument {
  owner: string;
  until: Date;
}

export class DocumentSmsConversationStore implements SmsConversationStore {
  private constructor(
    private readonly docs: DocumentCollection<SmsConversationDocument>,
    private readonly leases: DocumentCollection<LeaseDocument>,
    private readonly sealer: Sealer,
  ) {}

  static async open(database: DocumentDatabase, sealer: Sealer): Promise<DocumentSmsConversationStore> {
    const [docs, leases] = await Promise.all([
      database.collection<SmsConversationDocument>({
        name: 'sms_conversations',
        indexes: [{ field: 'phoneHash' }],
      }),
      database.collection<LeaseDocument>({ name: 'sms_leases' }),
    ]);
    return new DocumentSmsConversationStore(docs, leases, sealer);
  }

  async upsert(
    conversation: Omit<SmsConversation, 'lastChoices' | 'createdAt' | 'lastInboundAt'> & { at: Date },
  ): Promise<SmsConversation> {
    const { id, at, phone, schoolId, ...rest } = conversation;
    const fields = { ...rest, sealedPhone: this.sealer.seal(phone), lastInboundAt: at };
    const update = () =>
      this.docs.updateOne(
        { _id: id },
        schoolId === undefined
          ? { $set: fields, $unset: { schoolId: true } }
          : { $set: { ...fields, schoolId } },
      );
    let doc = await update();
    if (!doc) {
      const fresh: SmsConversationDocument = { _id: id, ...fields, createdAt: at };
      if (schoolId !== undefined) fresh.schoolId = schoolId;
      try {
        await this.docs.insertOne(fresh);
        doc = fresh;
      } catch (err) {
        if (!(err instanceof DuplicateKeyError)) throw err;
        doc = await update();
      }
    }
    if (!doc) throw new Error('SMS conversation vanished while it was being saved');
    return this.toConversation(doc);
  }

  async get(id: string): Promise<SmsConversation | null> {
    const doc = await this.docs.findOne({ _id: id });
    return doc ? this.toConversation(doc) : null;
  }

  async setLastChoices(id: string, choices: SmsChoiceRecord[]): Promise<void> {
    await this.docs.updateOne(
      { _id: id },
      choices.length === 0
        ? { $unset: { sealedChoices: true } }
        : { $set: { sealedChoices: this.sealer.sealJson(choices) } },
    );
  }

  async tryLease(id: string, owner: string, until: Date, now: Date): Promise<boolean> {
    const taken = await this.leases.updateOne(
      { _id: id, $or: [{ until: { $lte: now } }, { owner }] },
      { $set: { owner, until } },
    );
    if (taken) return true;
    try {
      await this.leases.insertOne({ _id: id, owner, until });
      return true;
    } catch (err) {
      if (err instanceof DuplicateKeyError) return false;
      throw err;
    }
  }

  async releaseLease(id: string, owner: string): Promise<void> {
    await this.leases.deleteOne({ _id: id, owner });
  }

  async dropAllLeases(): Promise<number> {
    return await this.leases.deleteMany({});
  }

  async erase(id: string): Promise<boolean> {
    await this.leases.deleteOne({ _id: id });
    return await this.docs.deleteOne({ _id: id });
  }

  async listIdleBefore(date: Date, limit: number): Promise<SmsConversation[]> {
    const docs = await this.docs.find(
      { lastInboundAt: { $lt: date } },
      { sort: { lastInboundAt: 1 }, limit },
    );
    return docs.map((d) => this.toConversation(d));
  }

  async listByPhoneHash(phoneHash: string): Promise<SmsConversation[]> {
    return (await this.docs.find({ phoneHash })).map((d) => this.toConversation(d));
  }

  private toConversation(doc: SmsConversationDocument): SmsConversation {
    const conversation: SmsConversation = {
      id: doc._id,
      userId: doc.userId,
      phoneHash: doc.phoneHash,
      phone: this.sealer.open(doc.sealedPhone),
      serviceNumber: doc.serviceNumber,
      transport: doc.transport,
      lastChoices: doc.sealedChoices ? this.sealer.openJson<SmsChoiceRecord[]>(doc.sealedChoices) : [],
      createdAt: doc.createdAt,
      lastInboundAt: doc.lastInboundAt,
    };
    if (doc.schoolId !== undefined) conversation.schoolId = doc.schoolId;
    return conversation;
  }
}
