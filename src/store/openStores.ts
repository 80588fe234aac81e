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
  const [
    state,
    cases,
    transcripts,
    staff,
    sessions,
    audit,
    feedback,
    directLine,
    sms,
    signposting,
    savedReplies,
    privacy,
  ] = await Promise.all([
    DocumentStateStorage.open(database, sealer, options.now),
    DocumentCaseStore.open(database, sealer),
    DocumentTranscriptStore.open(database, sealer),
    DocumentStaffStore.open(database, sealer),
    DocumentSessionStore.open(database, sealer),
    DocumentAuditLog.open(database),
    DocumentFeedbackStore.open(database, sealer),
    DocumentDirectLineStore.open(database, sealer, {
      retentionHours: options.directLineRetentionHours ?? 24,
    }),
    openSmsStores(database, sealer),
    DocumentSignpostingLog.open(database),
    DocumentSavedReplyStore.open(database),
    openPrivacyStores(database, sealer),
  ]);
  return {
    database,
    state,
    cases,
    transcripts,
    staff,
    sessions,
    audit,
    feedback,
    savedReplies,
    directLine,
    sms,
    signposting,
    privacy,
    close: () => database.close(),
  };
}

async function openPrivacyStores(database: DocumentDatabase, sealer: Sealer): Promise<PrivacyStores> {
  const [consents, reportCounts, erasures] = await Promise.all([
    DocumentConsentRegister.open(database),
    DocumentReportCounts.open(database),
    DocumentErasureQueue.open(database, sealer),
  ]);
  return { consents, reportCounts, erasures };
}
