import type { Query, StoredDocument } from './documents';
import { defineCollection, DocumentStore, storeOpener } from './DocumentStore';
import {
  REPORT_COUNTERS,
  type MonthlyCount,
  type ReportCounter,
  type ReportCounts,
  type RetainMark,
} from './privacyPorts';

interface CountDocument extends StoredDocument {
  schoolId: string;
  month: string;
  counts: Partial<Record<ReportCounter, number>>;
  retained?: Record<string, number>;
  mark?: { caseId: string; tally: Record<string, number> };
}

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;
/** A counter's name: a field name in both backends (no ".", no leading "$"). */
const COUNTER = /^[A-Za-z][^.$\s]{0,199}$/;

function retainedIncrements(mark: RetainMark, sign: 1 | -1): Record<string, number> {
  if (!MONTH.test(mark.month)) throw new Error(`Not a month: ${mark.month}`);
  const $inc: Record<string, number> = {};
  for (const [name, n] of Object.entries(mark.tally)) {
    if (!COUNTER.test(name) || !Number.isInteger(n)) throw new Error('Not a report counter');
    $inc[`retained.${name}`] = sign * n;
  }
  return $inc;
}

const idOf = (schoolId: string, month: string) => `${schoolId}|${month}`;

const COLLECTION = defineCollection<CountDocument>({
  name: 'report_counts',
  indexes: [{ field: 'schoolId' }],
});

/** Counts, not people: no retention sweep deletes them, so reports' totals survive erasure. */
export class DocumentReportCounts extends DocumentStore<CountDocument> implements ReportCounts {
  static readonly open = storeOpener(COLLECTION, (docs) => new DocumentReportCounts(docs));

  async increment(schoolId: string, month: string, counters: ReportCounter[]): Promise<void> {
    if (!MONTH.test(month)) throw new Error(`Not a month: ${month}`);
    if (counters.length === 0) return;
    const $inc: Record<string, number> = {};
    for (const counter of counters) {
      if (!REPORT_COUNTERS.includes(counter)) throw new Error(`Unknown counter: ${String(counter)}`);
      $inc[`counts.${counter}`] = ($inc[`counts.${counter}`] ?? 0) + 1;
    }
    await this.docs.upsertOne({ _id: idOf(schoolId, month), schoolId, month }, { $inc });
  }

  async list(filter: { schoolIds?: string[] }): Promise<MonthlyCount[]> {
    const query: Query = filter.schoolIds ? { schoolId: { $in: filter.schoolIds } } : {};
    const docs = await this.docs.find(query, { sort: { month: 1, schoolId: 1 } });
    return docs.map(({ schoolId, month, counts, retained }) => ({
      schoolId,
      month,
      counts: { ...counts },
      ...(retained ? { retained: { ...retained } } : {}),
    }));
  }

  async retain(mark: RetainMark): Promise<void> {
    const { schoolId, month, caseId, tally } = mark;
    await this.docs.upsertOne(
      { _id: idOf(schoolId, month), schoolId, month },
      { $inc: retainedIncrements(mark, 1), $set: { mark: { caseId, tally } } },
    );
  }

  async settle(mark: Pick<RetainMark, 'schoolId' | 'month' | 'caseId'>): Promise<void> {
    await this.docs.updateOne(
      { _id: idOf(mark.schoolId, mark.month), 'mark.caseId': mark.caseId },
      { $unset: { mark: true } },
    );
  }

  async unretain(mark: RetainMark): Promise<void> {
    await this.docs.updateOne(
      { _id: idOf(mark.schoolId, mark.month), 'mark.caseId': mark.caseId },
      { $inc: retainedIncrements(mark, -1), $unset: { mark: true } },
    );
  }

  async marks(): Promise<RetainMark[]> {
    const docs = await this.docs.find({ mark: { $exists: true } });
    return docs.flatMap(({ schoolId, month, mark }) =>
      mark ? [{ schoolId, month, caseId: mark.caseId, tally: { ...mark.tally } }] : [],
    );
  }
}
