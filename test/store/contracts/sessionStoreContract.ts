import { DocumentSessionStore } from '../../../src/store/DocumentSessionStore';
import type { StaffSession } from '../../../src/store/ports';
import { testClockStart } from '../../support/testClock';
import { testSealer, useBackend, type Backend } from '../backends';

/** Console sessions: idle expiry that slides on use but never past the absolute limit. */
export function sessionStoreContract(backend: Backend): void {
  describe('console sessions', () => {
    const backendHandle = useBackend(backend);
    const sealer = testSealer();
    const start = testClockStart();
    const minutes = (n: number) => new Date(start.getTime() + n * 60_000);
    const session = (token: string, staffId = 'staff-1'): StaffSession => ({
      token,
      staffId,
      csrfToken: `csrf-for-${staffId}`,
      createdAt: start,
      lastSeenAt: start,
      expiresAt: minutes(30),
      absoluteExpiresAt: minutes(60),
    });

    it('finds a live session by its token and never stores the token itself', async () => {
      const sessions = await DocumentSessionStore.open(backendHandle.database, sealer);
      await sessions.create(session('secret-token-abc'));
      expect(await sessions.get('secret-token-abc', minutes(1))).toMatchObject({
        staffId: 'staff-1',
        csrfToken: 'csrf-for-staff-1',
      });
      expect(await sessions.get('some-other-token', minutes(1))).toBeNull();
      const raw = JSON.stringify(
        await (await backendHandle.database.collection<{ _id: string }>({ name: 'staff_sessions' })).find({}),
      );
      expect(raw).not.toContain('secret-token-abc');
    });

    it('expires after the idle time, and slides the expiry on use up to the absolute limit', async () => {
      const sessions = await DocumentSessionStore.open(backendHandle.database, sealer);
      await sessions.create(session('t1'));
      expect(await sessions.get('t1', minutes(31))).toBeNull();
      expect(await sessions.touch('t1', minutes(31), 30 * 60_000)).toBeNull();

      await sessions.create(session('t2'));
      const touched = await sessions.touch('t2', minutes(20), 30 * 60_000);
      expect(touched?.expiresAt.toISOString()).toBe(minutes(50).toISOString());
      expect(await sessions.get('t2', minutes(45))).not.toBeNull();
      const late = await sessions.touch('t2', minutes(45), 30 * 60_000);
      expect(late?.expiresAt.toISOString()).toBe(minutes(60).toISOString());
      expect(await sessions.get('t2', minutes(61))).toBeNull();
    });

    it('ends one session on logout and all of an account on demand', async () => {
      const sessions = await DocumentSessionStore.open(backendHandle.database, sealer);
      await sessions.create(session('a', 'staff-1'));
      await sessions.create(session('b', 'staff-1'));
      await sessions.create(session('c', 'staff-2'));
      expect(await sessions.delete('a')).toBe(true);
      expect(await sessions.get('a', minutes(1))).toBeNull();
      expect(await sessions.deleteForStaff('staff-1')).toBe(1);
      expect(await sessions.get('b', minutes(1))).toBeNull();
      expect(await sessions.get('c', minutes(1))).not.toBeNull();
    });
  });
}
