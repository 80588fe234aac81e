import type { ConversationReference } from 'botbuilder';
import type { Sealer } from '../security/sealer';
import type { DocumentCollection, DocumentDatabase, Query, StoredDocument, UpdateSpec } from './documents';
import type { Case, CaseChange, CaseFilter, CaseHistoryEntry, CaseStore, NewCase } from './ports';

interface StoredHistoryEntry extends Omit<CaseHistoryEntry, 'note'> {
  sealedNote?: string;
}

interface CaseDocument extends StoredDocument, Omit<Case, 'id' | 'conversationRef' | 'details' | 'history'> {
  sealedConversationRef: string;
  sealedDetails: string;
  history: StoredHistoryEntry[];
}

const OPEN_STATUSES = ['new', 'claimed', 'in_progress'];

export class DocumentCaseStore implements CaseStore {
  private constructor(
    private readonly docs: DocumentCollection<CaseDocument>,
    private readonly sealer: Sealer,
  ) {}

  static async open(database: DocumentDatabase, sealer: Sealer): Promise<DocumentCaseStore> {
    const docs = await database.collection<CaseDocument>({
      name: 'cases',
      indexes: [
        { field: 'reference', unique: true },
        { field: 'status' },
        { field: 'schoolId' },
        { field: 'conversationKey' },
        { field: 'createdAt' },
      ],
      mongoCompoundIndexes: [{ schoolId: 1, status: 1, urgent: -1, createdAt: 1 }],
    });
    return new DocumentCaseStore(docs, sealer);
  }

  async insert(newCase: NewCase): Promise<Case> {
    const { id, conversationRef, details, history, ...rest } = newCase;
    const doc: CaseDocument = {
      ...rest,
      _id: id,
      sealedConversationRef: this.sealer.sealJson(conversationRef),
      sealedDetails: this.sealer.sealJson(details),
      history: (history ?? []).map((h) => this.sealEntry(h)),
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
      else $set[key] = value;
    }
    const update: UpdateSpec = {
      $set,
      $inc: { version: 1 },
      $push: { history: this.sealEntry(change.history) },
    };
    if (change.unset && change.unset.length > 0) {
      update.$unset = Object.fromEntries(change.unset.map((k) => [k, true as const]));
    }
    const doc = await this.docs.updateOne(query, update);
    return doc ? this.toCase(doc) : null;
  }

  async markUrgentForConversation(conversationKey: string, entry: CaseHistoryEntry): Promise<number> {
    return await this.docs.updateMany(
      { conversationKey, status: { $in: OPEN_STATUSES }, urgent: false },
      {
        $set: { urgent: true, updatedAt: entry.at },
        $inc: { version: 1 },
        $push: { history: this.sealEntry(entry) },
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

  private toCase(doc: CaseDocument): Case {
    const { _id, sealedConversationRef, sealedDetails, history, ...rest } = doc;
    return {
      ...rest,
      id: _id,
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
