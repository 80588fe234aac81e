import type { DocumentCollection, DocumentDatabase, StoredDocument } from './documents';
import type { StaffAccount, StaffStore } from './ports';

type StaffDocument = StoredDocument & Omit<StaffAccount, 'id'>;

export class DocumentStaffStore implements StaffStore {
  private constructor(private readonly docs: DocumentCollection<StaffDocument>) {}

  static async open(database: DocumentDatabase): Promise<DocumentStaffStore> {
    const docs = await database.collection<StaffDocument>({
      name: 'staff',
      indexes: [{ field: 'email', unique: true }],
    });
    return new DocumentStaffStore(docs);
  }

  async create(account: Omit<StaffAccount, 'updatedAt'>): Promise<StaffAccount> {
    const { id, ...rest } = account;
    const doc: StaffDocument = {
      ...rest,
      _id: id,
      email: normaliseEmail(rest.email),
      updatedAt: rest.createdAt,
    };
    if (doc.lockedUntil === undefined) delete doc.lockedUntil;
    await this.docs.insertOne(doc);
    return toAccount(doc);
  }

  async get(id: string): Promise<StaffAccount | null> {
    const doc = await this.docs.findOne({ _id: id });
    return doc ? toAccount(doc) : null;
  }

  async getByEmail(email: string): Promise<StaffAccount | null> {
    const doc = await this.docs.findOne({ email: normaliseEmail(email) });
    return doc ? toAccount(doc) : null;
  }

  async list(): Promise<StaffAccount[]> {
    return (await this.docs.find({}, { sort: { email: 1 } })).map(toAccount);
  }

  async count(): Promise<number> {
    return await this.docs.count({});
  }

  async update(
    id: string,
    set: Partial<
      Pick<StaffAccount, 'displayName' | 'role' | 'schools' | 'passwordHash' | 'disabled' | 'lockedUntil'>
    >,
  ): Promise<StaffAccount | null> {
    const $set: Record<string, unknown> = { updatedAt: new Date() };
    const $unset: Record<string, true> = {};
    for (const [key, value] of Object.entries(set)) {
      if (value === undefined) $unset[key] = true;
      else $set[key] = value;
    }
    const doc = await this.docs.updateOne(
      { _id: id },
      Object.keys($unset).length > 0 ? { $set, $unset } : { $set },
    );
    return doc ? toAccount(doc) : null;
  }

  async recordFailedLogin(id: string): Promise<number> {
    const doc = await this.docs.updateOne({ _id: id }, { $inc: { failedLogins: 1 } });
    return doc?.failedLogins ?? 0;
  }

  async clearFailedLogins(id: string): Promise<void> {
    await this.docs.updateOne({ _id: id }, { $set: { failedLogins: 0 }, $unset: { lockedUntil: true } });
  }
}

function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

function toAccount(doc: StaffDocument): StaffAccount {
  const { _id, ...rest } = doc;
  return { ...rest, id: _id };
}
