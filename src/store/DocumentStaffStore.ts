import type { Sealer } from '../security/sealer';
import type { StoredDocument } from './documents';
import { defineCollection, SealedDocumentStore, storeOpener } from './DocumentStore';
import type { StaffAccount, StaffChange, StaffStore } from './ports';

type StaffDocument = StoredDocument &
  Omit<StaffAccount, 'id' | 'alertPhone'> & {
    /** The alert phone number, sealed at rest. */
    sealedAlertPhone?: string;
  };

const COLLECTION = defineCollection<StaffDocument>({
  name: 'staff',
  indexes: [{ field: 'email', unique: true }],
});

export class DocumentStaffStore extends SealedDocumentStore<StaffDocument> implements StaffStore {
  static readonly open = storeOpener(
    COLLECTION,
    (docs, sealer: Sealer) => new DocumentStaffStore(docs, sealer),
  );

  async create(account: Omit<StaffAccount, 'updatedAt'>): Promise<StaffAccount> {
    const { id, alertPhone, ...rest } = account;
    const doc: StaffDocument = {
      ...rest,
      _id: id,
      email: normaliseEmail(rest.email),
      updatedAt: rest.createdAt,
      ...(alertPhone !== undefined ? { sealedAlertPhone: this.sealer.seal(alertPhone) } : {}),
    };
    if (doc.lockedUntil === undefined) delete doc.lockedUntil;
    if (doc.onDuty === undefined) delete doc.onDuty;
    await this.docs.insertOne(doc);
    return this.toAccount(doc);
  }

  async get(id: string): Promise<StaffAccount | null> {
    const doc = await this.docs.findOne({ _id: id });
    return doc ? this.toAccount(doc) : null;
  }

  async getByEmail(email: string): Promise<StaffAccount | null> {
    const doc = await this.docs.findOne({ email: normaliseEmail(email) });
    return doc ? this.toAccount(doc) : null;
  }

  async list(): Promise<StaffAccount[]> {
    return (await this.docs.find({}, { sort: { email: 1 } })).map((d) => this.toAccount(d));
  }

  async count(): Promise<number> {
    return await this.docs.count({});
  }

  async update(id: string, set: StaffChange): Promise<StaffAccount | null> {
    const $set: Record<string, unknown> = { updatedAt: new Date() };
    const $unset: Record<string, true> = {};
    for (const [key, value] of Object.entries(set)) {
      const field = key === 'alertPhone' ? 'sealedAlertPhone' : key;
      if (value === undefined) $unset[field] = true;
      else $set[field] = key === 'alertPhone' ? this.sealer.seal(String(value)) : value;
    }
    const doc = await this.docs.updateOne(
      { _id: id },
      Object.keys($unset).length > 0 ? { $set, $unset } : { $set },
    );
    return doc ? this.toAccount(doc) : null;
  }

  async countLoginAttempt(id: string, now: Date): Promise<number | null> {
    const doc = await this.docs.updateOne(
      { _id: id, $or: [{ lockedUntil: { $exists: false } }, { lockedUntil: { $lte: now } }] },
      { $inc: { failedLogins: 1 } },
    );
    return doc ? doc.failedLogins : null;
  }

  async lock(id: string, until: Date): Promise<void> {
    await this.docs.updateOne({ _id: id }, { $set: { lockedUntil: until, failedLogins: 0 } });
  }

  async clearFailedLogins(id: string): Promise<void> {
    await this.docs.updateOne({ _id: id }, { $set: { failedLogins: 0 }, $unset: { lockedUntil: true } });
  }

  private toAccount(doc: StaffDocument): StaffAccount {
    const { _id, sealedAlertPhone, ...rest } = doc;
    return sealedAlertPhone === undefined
      ? { ...rest, id: _id }
      : { ...rest, id: _id, alertPhone: this.sealer.open(sealedAlertPhone) };
  }
}

function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}
