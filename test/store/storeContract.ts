import { storeBackends } from './backends';
import { caseStoreContract } from './contracts/caseStoreContract';
import { directLineContract } from './contracts/directLineContract';
import { documentsContract } from './contracts/documentsContract';
import { privacyContract } from './contracts/privacyContract';
import { recordsContract } from './contracts/recordsContract';
import { smsInboxContract } from './contracts/smsInboxContract';
import { smsOptOutContract } from './contracts/smsOptOutContract';
import { smsOutboxContract } from './contracts/smsOutboxContract';
import { sessionStoreContract } from './contracts/sessionStoreContract';
import { stateStorageContract } from './contracts/stateStorageContract';

/**
 * The store contract: every port, against every backend (embedded always; MongoDB when
 * TEST_MONGODB_URI is set). New ports add their contract module here.
 */
export function storeContract(title: string): void {
  describe.each(storeBackends().map((b) => [b.name, b] as const))(`${title} on %s`, (_name, backend) => {
    documentsContract(backend);
    stateStorageContract(backend);
    caseStoreContract(backend);
    recordsContract(backend);
    directLineContract(backend);
    smsInboxContract(backend);
    smsOutboxContract(backend);
    smsOptOutContract(backend);
    sessionStoreContract(backend);
    privacyContract(backend);
  });
}
