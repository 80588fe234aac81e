import type { Sealer } from '../security/sealer';
import { TTL_GRACE_SECONDS, type StoredDocument } from './documents';
import { defineCollection, SealedDocumentStore, storeOpener } from './DocumentStore';
import type { SessionStore, StaffSession } from './ports';

interface SessionDocument extends StoredDocument, Omit<StaffSession, 'token'> {}

const COLLECTION = defineCollection<SessionDocument>({
  name: 'staff_sessions',
  indexes: [{ field: 'staffId' }, { field: 'expiresAt', expireAfterSeconds: TTL_GRACE_SECONDS }],
});

/**
 * Console sessions. The token a browser holds is stored only as a keyed hash, so a copy of the
 * database cannot be replayed as a cookie. Expired sessions are refused at once (reads filter on the
 * caller's clock) and removed later by a TTL index on `expiresAt` (garbage collection only).
 */
export class DocumentSessionStore extends SealedDocumentStore<SessionDocument> implements SessionStore {
  static readonly open = storeOpener(
    COLLECTION,
    (docs, sealer: Sealer) => new DocumentSessionStore(docs, sealer),
  );

  private idFor(token: string): string {
    return this.sealer.lookupHash(token, 'staff-session');
  }

  async create(session: StaffSession): Promise<StaffSession> {
    const { token, ...rest } = session;
    await this.docs.insertOne({ ...rest, _id: this.idFor(token) });
    return session;
  }

  async get(token: string, now: Date): Promise<StaffSession | null> {
    const doc = await this.docs.findOne({ _id: this.idFor(token), expiresAt: { $gt: now } });
    return doc ? toSession(token, doc) : null;
  }

  async touch(token: string, now: Date, idleMs: number): Promise<StaffSession | null> {
    const _id = this.idFor(token);
    const current = await this.docs.findOne({ _id, expiresAt: { $gt: now } });
    if (!current) return null;
    const idleExpiry = new Date(now.getTime() + idleMs);
    const expiresAt = idleExpiry < current.absoluteExpiresAt ? idleExpiry : current.absoluteExpiresAt;
    const doc = await this.docs.updateOne(
      { _id, expiresAt: { $gt: now } },
      { $set: { lastSeenAt: now, expiresAt } },
    );
    return doc ? toSession(token, doc) : null;
  }

  async delete(token: string): Promise<boolean> {
    return await this.docs.deleteOne({ _id: this.idFor(token) });
  }

  async deleteForStaff(staffId: string): Promise<number> {
    return await this.docs.deleteMany({ staffId });
  }
}

function toSession(token: string, doc: SessionDocument): StaffSession {
  const { _id: _hash, ...rest } = doc;
  return { ...rest, token };
}
