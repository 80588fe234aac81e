import { DocumentSmsOptOutStore } from '../../../src/store/DocumentSmsOptOutStore';
import { useBackend, type Backend } from '../backends';

/** STOP and START, by keyed hash of the number. */
export function smsOptOutContract(backend: Backend): void {
  describe('SMS opt-outs', () => {
    const backendHandle = useBackend(backend);

    it('records an opt-out and a later opt-in, and remembers them after a restart', async () => {
      const optOuts = await DocumentSmsOptOutStore.open(backendHandle.database);
      expect(await optOuts.isOptedOut('hash-1')).toBe(false);
      await optOuts.optOut('hash-1', 'STOP', new Date('2026-11-23T10:00:00Z'));
      expect(await optOuts.isOptedOut('hash-1')).toBe(true);
      expect(await optOuts.isOptedOut('hash-2')).toBe(false);

      await backendHandle.reopen();
      const reopened = await DocumentSmsOptOutStore.open(backendHandle.database);
      expect(await reopened.get('hash-1')).toMatchObject({ optedOut: true, reason: 'STOP' });
      await reopened.optIn('hash-1', 'START', new Date('2026-11-24T10:00:00Z'));
      expect(await reopened.isOptedOut('hash-1')).toBe(false);
      expect(await reopened.get('hash-1')).toMatchObject({ optedOut: false, reason: 'START' });
    });
  });
}
