import type { Config } from '../config';
import type { Logger } from '../observability/logger';
import type { Sealer } from '../security/sealer';
import { DocumentAuditLog } from './DocumentAuditLog';
import { DocumentConsentRegister } from './DocumentConsentRegister';
import { DocumentErasureQueue } from './DocumentErasureQueue';
import { DocumentReportCounts } from './DocumentReportCounts';
import { DocumentCaseStore } from './DocumentCaseStore';
import { DocumentDirectLineStore } from './DocumentDirectLineStore';
import { DocumentFeedbackStore } from './DocumentFeedbackStore';
import { DocumentSavedReplyStore } from './DocumentSavedReplyStore';
import { DocumentSessionStore } from './DocumentSessionStore';
import { DocumentSignpostingLog } from './DocumentSignpostingLog';
import { DocumentStaffStore } from './DocumentStaffStore';
import { DocumentStateStorage } from './DocumentStateStorage';
import { DocumentTranscriptStore } from './DocumentTranscriptStore';
import type { DocumentDatabase } from './documents';
import { EmbeddedDatabase } from './embedded/EmbeddedDatabase';
import { openSmsStores } from './openSmsStores';
import type { Stores } from './ports';
import type { PrivacyStores } from './privacyPorts';

export async function openDatabase(store: Config['store'], logger: Logger): Promise<DocumentDatabase> {
  if (store.kind === 'mongodb') {
    // Loaded only when configured, so the embedded default never touches the driver.
    const { MongoDatabase } = await import('./mongo/MongoDatabase');
    return await MongoDatabase.connect(store.uri, store.database, logger);
  }
  return await EmbeddedDatabase.open(store.dataDir);
}

export interface StoreOptions {
  /** How long the local Direct Line keeps a web chat's history after its last activity (default 24). */
  directLineRetentionHours?: number;
  /** The service's clock, for dates that retention reads (conversation state's last write). */
  now?: () => Date;
}

/** Builds every store port over one database; indexes are created here, at start. */
export async function openStores(
  database: DocumentDatabase,
  sealer: Sealer,
  options: StoreOptions = {},
): Promise<Stores> {
  const stores = await allOpened({
    state: DocumentStateStorage.open(database, sealer, options.now),
    cases: DocumentCaseStore.open(database, sealer),
    transcripts: DocumentTranscriptStore.open(database, sealer),
    staff: DocumentStaffStore.open(database, sealer),
    sessions: DocumentSessionStore.open(database, sealer),
    audit: DocumentAuditLog.open(database),
    feedback: DocumentFeedbackStore.open(database, sealer),
    savedReplies: DocumentSavedReplyStore.open(database),
    directLine: DocumentDirectLineStore.open(database, sealer, {
      retentionHours: options.directLineRetentionHours ?? 24,
    }),
    sms: openSmsStores(database, sealer),
    signposting: DocumentSignpostingLog.open(database),
    privacy: allOpened({
      consents: DocumentConsentRegister.open(database),
      reportCounts: DocumentReportCounts.open(database),
      erasures: DocumentErasureQueue.open(database, sealer),
    }) satisfies Promise<PrivacyStores>,
  });
  return { database, ...stores, close: () => database.close() };
}

/** Waits for every store to open (at once, not one after another), keeping each under its name. */
async function allOpened<T extends Record<string, Promise<unknown>>>(
  opening: T,
): Promise<{ [K in keyof T]: Awaited<T[K]> }> {
  const names = Object.keys(opening);
  const opened = await Promise.all(Object.values(opening));
  return Object.fromEntries(names.map((name, i) => [name, opened[i]])) as { [K in keyof T]: Awaited<T[K]> };
}
