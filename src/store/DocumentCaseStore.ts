import type { ConversationReference } from 'botbuilder';
import type { Sealer } from '../security/sealer';
import type { Query, StoredDocument, UpdateSpec } from './documents';
import { defineCollection, SealedDocumentStore, storeOpener } from './DocumentStore';
import type { Case, CaseHistoryEntry, NewCase, SafeguardingConcern } from '../domain/model/case';
import type { CaseChange, CaseFilter, CaseStore } from './ports';

interface StoredHistoryEntry extends Omit<CaseHistoryEntry, 'note'> {
  sealedNote?: string;
}

/** The categories stay readable (the queue shows them); the parent's words are sealed. */
interface StoredConcern extends Omit<SafeguardingConcern, 'evidence'> {
  sealedEvidence: string;
}

interface CaseDocument
  extends
    StoredDocument,
    Omit<Case, 'id' | 'conversationRef' | 'details' | 'history' | 'concerns' | 'urgentReason'> {
  sealedConversationRef: string;
  sealedDetails: string;
  /** Why it is urgent, in words (may name what worried the parent): sealed. */
  sealedUrgentReason?: string;
  /** Keyed hash of the phone number the parent gave, to find the same family's other cases. */
  phoneKey?: string;
  history: StoredHistoryEntry[];
  concerns?: StoredConcern[];
}

const OPEN_STATUSES = ['new', 'claimed', 'in_progress'];

const COLLECTION = defineCollection<CaseDocument>({
  name: 'cases',
  indexes: [
    { field: 'reference', unique: true },
    { field: 'status' },
    { field: 'schoolId' },
    { field: 'conversationKey' },
    { field: 'createdAt' },
    { field: 'phoneKey', sparse: true },
  ],
  mongoCompoundIndexes: [
    { schoolId: 1, status: 1, urgent: -1, createdAt: 1 },
    // The inbox's order (listQueue): urgent, then the earliest due.
    { schoolId: 1, status: 1, urgent: -1, dueBy: 1, createdAt: 1 },
  ],
});

export class DocumentCaseStore extends SealedDocumentStore<CaseDocument> implements CaseStore {
  static readonly open = storeOpener(
    COLLECTION,
    (docs, sealer: Sealer) => new DocumentCaseStore(docs, sealer),
  );

  async insert(newCase: NewCase): Promise<Case> {
    const { id, conversationRef, details, history, concerns, urgentReason, ...rest } = newCase;
    const phoneKey = this.phoneKeyOf(details.phone);
    const doc: CaseDocument = {
      ...rest,
      _id: id,
      sealedConversationRef: this.sealer.sealJson(conversationRef),
      sealedDetails: this.sealer.sealJson(details),
      ...(urgentReason ? { sealedUrgentReason: this.sealer.seal(urgentReason) } : {}),
      ...(phoneKey ? { phoneKey } : {}),
      history: (history ?? []).map((h) => this.sealEntry(h)),
      ...(concerns ? { concerns: concerns.map((c) => this.sealConcern(c)) } : {}),
      updatedAt: newCase.createdAt,
      version: 1,
    };
    stripUndefined(doc);
    await this.docs.insertOne(doc);
    return this.toCase(doc);
  }

  async get(id: string): Promise<Case | null> {
    const doc = await this.docs.findOne({ _id: id });
    return doc ? this.toCase(doc) : null;
  }

  async getByReference(reference: string): Promise<Case | null> {
    const doc = await this.docs.findOne({ reference });
    return doc ? this.toCase(doc) : null;
  }

  async list(filter: CaseFilter, page: { limit?: number; skip?: number } = {}): Promise<Case[]> {
    const docs = await this.docs.find(toQuery(filter), {
      sort: { urgent: -1, createdAt: 1 },
      ...(page.limit !== undefined ? { limit: page.limit } : {}),
      ...(page.skip !== undefined ? { skip: page.skip } : {}),
    });
    return docs.map((d) => this.toCase(d));
  }

  async listQueue(filter: CaseFilter, page: { limit?: number; skip?: number } = {}): Promise<Case[]> {
    const limit = page.limit ?? 100;
    const skip = page.skip ?? 0;
    const base = toQuery(filter);
    // Two queries rather than a stored rank: live chats with a parent waiting now, then the rest.
    const waitingLive = { $and: [base, { kind: 'live_chat', status: 'new' }] };
    const rest = { $and: [base, { $or: [{ kind: { $ne: 'live_chat' } }, { status: { $ne: 'new' } }] }] };
    const waitingCount = await this.docs.count(waitingLive);
    const first =
      skip < waitingCount
        ? await this.docs.find(waitingLive, { sort: { urgent: -1, createdAt: 1 }, skip, limit })
        : [];
    const remaining = limit - first.length;
    const second =
      remaining > 0
        ? await this.docs.find(rest, {
            sort: { urgent: -1, dueBy: 1, createdAt: 1 },
            skip: Math.max(0, skip - waitingCount),
            limit: remaining,
          })
        : [];
    return [...first, ...second].map((d) => this.toCase(d));
  }

  async listRelated(theCase: Case, schoolIds?: string[]): Promise<Case[]> {
    const phoneKey = this.phoneKeyOf(theCase.details.phone);
    const same: Query[] = [{ conversationKey: theCase.conversationKey }];
    if (phoneKey) same.push({ phoneKey });
    const docs = await this.docs.find(
      {
        _id: { $ne: theCase.id },
        $or: same,
        ...(schoolIds ? { schoolId: { $in: schoolIds } } : {}),
      },
      { sort: { createdAt: -1 }, limit: 20 },
    );
    return docs.map((d) => this.toCase(d));
  }

  async count(filter: CaseFilter): Promise<number> {
    return await this.docs.count(toQuery(filter));
  }

  async applyChange(id: string, change: CaseChange): Promise<Case | null> {
    const query: Query = { _id: id };
    if (change.expectStatus) query.status = { $in: change.expectStatus };
    if (change.expectVersion !== undefined) query.version = change.expectVersion;
    const $set: Record<string, unknown> = { updatedAt: change.history.at };
    for (const [key, value] of Object.entries(change.set ?? {})) {
      if (value === undefined) continue;
      if (key === 'details') $set.sealedDetails = this.sealer.sealJson(value);
      else if (key === 'urgentReason')
        $set.sealedUrgentReason = this.sealer.seal(typeof value === 'string' ? value : JSON.stringify(value));
      else $set[key] = value;
    }
    const update: UpdateSpec = {
      $set,
      $inc: { version: 1 },
      $push: { history: this.sealEntry(change.history) },
    };
    if (change.unset && change.unset.length > 0) {
      update.$unset = Object.fromEntries(
        change.unset.map((k) => [k === 'urgentReason' ? 'sealedUrgentReason' : k, true as const]),
      );
    }
    const doc = await this.docs.updateOne(query, update);
    return doc ? this.toCase(doc) : null;
  }

  async markUrgentForConversation(conversationKey: string, entry: CaseHistoryEntry): Promise<number> {
    return await this.docs.updateMany(
      { conversationKey, status: { $in: OPEN_STATUSES }, urgent: false },
      {
        $set: {
          urgent: true,
          updatedAt: entry.at,
          ...(entry.reason ? { sealedUrgentReason: this.sealer.seal(entry.reason) } : {}),
        },
        $inc: { version: 1 },
        $push: { history: this.sealEntry(entry) },
      },
    );
  }

  async addConcernForConversation(
    conversationKey: string,
    concern: SafeguardingConcern,
    entry: CaseHistoryEntry,
  ): Promise<number> {
    return await this.docs.updateMany(
      { conversationKey, status: { $in: OPEN_STATUSES } },
      {
        $set: { urgent: true, updatedAt: entry.at },
        $inc: { version: 1 },
        $push: { history: this.sealEntry(entry), concerns: this.sealConcern(concern) },
      },
    );
  }

  async erase(id: string): Promise<boolean> {
    return await this.docs.deleteOne({ _id: id });
  }

  async conversationKeys(filter: CaseFilter): Promise<string[]> {
    const docs = await this.docs.find(toQuery(filter));
    return [...new Set(docs.map((d) => d.conversationKey))];
  }

  private sealEntry(entry: CaseHistoryEntry): StoredHistoryEntry {
    const { note, ...rest } = entry;
    const stored: StoredHistoryEntry =
      note === undefined ? rest : { ...rest, sealedNote: this.sealer.seal(note) };
    stripUndefined(stored);
    return stored;
  }

  private sealConcern(concern: SafeguardingConcern): StoredConcern {
    const { evidence, ...rest } = concern;
    return { ...rest, categories: [...rest.categories], sealedEvidence: this.sealer.sealJson(evidence) };
  }

  /** Digits only, a UK number in its national form: "+44 7700 900123" and "07700900123" match. */
  private phoneKeyOf(phone: unknown): string | undefined {
    if (typeof phone !== 'string') return undefined;
    const digits = phone.replace(/\D/g, '').replace(/^44(?=\d{10}$)/, '0');
    return digits.length >= 6 ? this.sealer.lookupHash(digits, 'phone') : undefined;
  }

  private toCase(doc: CaseDocument): Case {
    const {
      _id,
      sealedConversationRef,
      sealedDetails,
      sealedUrgentReason,
      phoneKey: _phoneKey,
      history,
      concerns,
      ...rest
    } = doc;
    return {
      ...rest,
      ...(sealedUrgentReason ? { urgentReason: this.sealer.open(sealedUrgentReason) } : {}),
      id: _id,
      ...(concerns
        ? {
            concerns: concerns.map(({ sealedEvidence, ...c }) => ({
              ...c,
              evidence: this.sealer.openJson<string[]>(sealedEvidence),
            })),
          }
        : {}),
      conversationRef: this.sealer.openJson<Partial<ConversationReference>>(sealedConversationRef),
      details: this.sealer.openJson<Record<string, unknown>>(sealedDetails),
      history: history.map(({ sealedNote, ...h }) =>
        sealedNote === undefined ? h : { ...h, note: this.sealer.open(sealedNote) },
      ),
    };
  }
}

function toQuery(filter: CaseFilter): Query {
  const query: Query = {};
  if (filter.schoolIds) query.schoolId = { $in: filter.schoolIds };
  if (filter.statuses) query.status = { $in: filter.statuses };
  if (filter.urgent !== undefined) query.urgent = filter.urgent;
  if (filter.kind) query.kind = filter.kind;
  if (filter.assigneeId) query.assigneeId = filter.assigneeId;
  if (filter.conversationKey) query.conversationKey = filter.conversationKey;
  if (filter.createdFrom || filter.createdTo) {
    query.createdAt = {
      ...(filter.createdFrom ? { $gte: filter.createdFrom } : {}),
      ...(filter.createdTo ? { $lte: filter.createdTo } : {}),
    };
  }
  if (filter.updatedBefore) query.updatedAt = { $lt: filter.updatedBefore };
  return query;
}

/** Neither backend should store `undefined` (NeDB drops it, MongoDB stores null): remove such keys. */
export function stripUndefined<T extends object>(value: T): T {
  for (const key of Object.keys(value) as Array<keyof T>) {
    if (value[key] === undefined) delete value[key];
  }
  return value;
}
