import type { DocumentDatabase, Query, StoredDocument } from './documents';
import { defineCollection, DocumentStore } from './DocumentStore';
import { REPORT_COUNTERS, type MonthlyCount, type ReportCounter, type ReportCounts } from './privacyPorts';

interface CountDocument extends StoredDocument {
  schoolId: string;
  month: string;
  counts: Partial<Record<ReportCounter, number>>;
}

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

const COLLECTION = defineCollection<CountDocument>({
  name: 'report_counts',
  indexes: [{ field: 'schoolId' }],
});

/** Counts, not people: no retention sweep deletes them, so reports' totals survive erasure. */
export class DocumentReportCounts extends DocumentStore<CountDocument> implements ReportCounts {
  static async open(database: DocumentDatabase): Promise<DocumentReportCounts> {
    return new DocumentReportCounts(await COLLECTION.open(database));
  }

  async increment(schoolId: string, month: string, counters: ReportCounter[]): Promise<void> {
    if (!MONTH.test(month)) throw new Error(`Not a month: ${month}`);
    if (counters.length === 0) return;
    const $inc: Record<string, number> = {};
    for (const counter of counters) {
      if (!REPORT_COUNTERS.includes(counter)) throw new Error(`Unknown counter: ${String(counter)}`);
      $inc[`counts.${counter}`] = ($inc[`counts.${counter}`] ?? 0) + 1;
    }
    await this.docs.upsertOne({ _id: `${schoolId}|${month}`, schoolId, month }, { $inc });
  }

  async list(filter: { schoolIds?: string[] }): Promise<MonthlyCount[]> {
    const query: Query = filter.schoolIds ? { schoolId: { $in: filter.schoolIds } } : {};
    const docs = await this.docs.find(query, { sort: { month: 1, schoolId: 1 } });
    return docs.map(({ schoolId, month, counts }) => ({ schoolId, month, counts: { ...counts } }));
  }
}
