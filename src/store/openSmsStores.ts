import type { Sealer } from '../security/sealer';
import { DocumentSmsConversationStore } from './DocumentSmsConversationStore';
import { DocumentSmsInbox } from './DocumentSmsInbox';
import { DocumentSmsOptOutStore } from './DocumentSmsOptOutStore';
import { DocumentSmsOutbox } from './DocumentSmsOutbox';
import type { DocumentDatabase } from './documents';
import type { SmsStores } from './smsPorts';

export async function openSmsStores(database: DocumentDatabase, sealer: Sealer): Promise<SmsStores> {
  const [conversations, inbox, outbox, optOuts] = await Promise.all([
    DocumentSmsConversationStore.open(database, sealer),
    DocumentSmsInbox.open(database, sealer),
    DocumentSmsOutbox.open(database, sealer),
    DocumentSmsOptOutStore.open(database),
  ]);
  return { conversations, inbox, outbox, optOuts };
}
