import { randomUUID } from 'node:crypto';
import type { Query, StoredDocument } from './documents';
import { defineCollection, DocumentStore, newestFirst, storeOpener } from './DocumentStore';
import type { AuditEvent, AuditFilter, AuditLog } from './ports';

type AuditDocument = StoredDocument & Omit<AuditEvent, 'id'>;

const COLLECTION = defineCollection<AuditDocument>({
  name: 'audit_log',
  indexes: [{ field: 'at' }, { field: 'caseId', sparse: true }, { field: 'actorId' }],
});

/** Append-only: no event can be changed; events are removed only when past their retention. */
export class DocumentAuditLog extends DocumentStore<AuditDocument> implements AuditLog {
  static readonly open = storeOpener(COLLECTION, (docs) => new DocumentAuditLog(docs));

  async record(event: Omit<AuditEvent, 'id'>): Promise<AuditEvent> {
    const doc: AuditDocument = { ...event, _id: randomUUID() };
    for (const key of ['caseId', 'schoolId', 'detail'] as const) if (doc[key] === undefined) delete doc[key];
    await this.docs.insertOne(doc);
    return toEvent(doc);
  }

  async list(filter: AuditFilter, page: { limit?: number; skip?: number } = {}): Promise<AuditEvent[]> {
    const query: Query = {};
    if (filter.caseId) query.caseId = filter.caseId;
    if (filter.actorId) query.actorId = filter.actorId;
    if (filter.schoolIds) query.schoolId = { $in: filter.schoolIds };
    if (filter.action) query.action = filter.action;
    if (filter.since || filter.until) {
      query.at = {
        ...(filter.since ? { $gte: filter.since } : {}),
        ...(filter.until ? { $lt: filter.until } : {}),
      };
    }
    return (await this.docs.find(query, newestFirst(page, 200))).map(toEvent);
  }

  async eraseBefore(date: Date): Promise<number> {
    return await this.docs.deleteMany({ at: { $lt: date } });
  }
}

function toEvent(doc: AuditDocument): AuditEvent {
  const { _id, ...rest } = doc;
  return { ...rest, id: _id };
}
