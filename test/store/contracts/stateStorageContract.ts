import { DocumentStateStorage, StateConflictError } from '../../../src/store/DocumentStateStorage';
import { testSealer, useBackend, type Backend } from '../backends';

export function stateStorageContract(backend: Backend): void {
  describe('conversation state (botbuilder Storage)', () => {
    const backendHandle = useBackend(backend);
    const sealer = testSealer();

    it('reads back what was written, with a new eTag each time', async () => {
      const storage = await DocumentStateStorage.open(backendHandle.database, sealer);
      await storage.write({ 'emulator/conversations/c1': { step: 'askName', answers: { topic: 'sleep' } } });
      const first = await storage.read(['emulator/conversations/c1', 'missing']);
      expect(first['emulator/conversations/c1']).toMatchObject({
        step: 'askName',
        answers: { topic: 'sleep' },
      });
      expect(first.missing).toBeUndefined();
      const eTag = (first['emulator/conversations/c1'] as { eTag: string }).eTag;
      expect(eTag).toEqual(expect.any(String));
      await storage.write({ 'emulator/conversations/c1': { step: 'askPhone', eTag } });
      const second = await storage.read(['emulator/conversations/c1']);
      expect((second['emulator/conversations/c1'] as { eTag: string }).eTag).not.toBe(eTag);
    });

    it('refuses a write with a stale eTag and keeps the newer state', async () => {
      const storage = await DocumentStateStorage.open(backendHandle.database, sealer);
      await storage.write({ k: { v: 1 } });
      const stale = (await storage.read(['k'])).k as { eTag: string };
      await storage.write({ k: { v: 2, eTag: stale.eTag } });
      await expect(storage.write({ k: { v: 3, eTag: stale.eTag } })).rejects.toBeInstanceOf(
        StateConflictError,
      );
      expect((await storage.read(['k'])).k).toMatchObject({ v: 2 });
    });

    it('lets exactly one of two writers with the same eTag win', async () => {
      const storage = await DocumentStateStorage.open(backendHandle.database, sealer);
      await storage.write({ k: { v: 0 } });
      const { eTag } = (await storage.read(['k'])).k as { eTag: string };
      const outcomes = await Promise.allSettled([
        storage.write({ k: { v: 'a', eTag } }),
        storage.write({ k: { v: 'b', eTag } }),
      ]);
      expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
      expect(outcomes.filter((o) => o.status === 'rejected')).toHaveLength(1);
    });

    it('writes unconditionally with "*" and deletes', async () => {
      const storage = await DocumentStateStorage.open(backendHandle.database, sealer);
      await storage.write({ k: { v: 1 } });
      await storage.write({ k: { v: 2, eTag: '*' } });
      expect((await storage.read(['k'])).k).toMatchObject({ v: 2 });
      await storage.delete(['k']);
      expect((await storage.read(['k'])).k).toBeUndefined();
    });

    it('survives a restart', async () => {
      const storage = await DocumentStateStorage.open(backendHandle.database, sealer);
      await storage.write({
        'sms/conversations/x': { dialogStack: [{ id: 'referral', state: { step: 3 } }] },
      });
      await backendHandle.reopen();
      const again = await DocumentStateStorage.open(backendHandle.database, sealer);
      expect((await again.read(['sms/conversations/x']))['sms/conversations/x']).toMatchObject({
        dialogStack: [{ id: 'referral', state: { step: 3 } }],
      });
    });

    it('stores neither the key nor the state in clear', async () => {
      const storage = await DocumentStateStorage.open(backendHandle.database, sealer);
      await storage.write({ 'sms/conversations/+447700900123': { parentName: 'Test Parent' } });
      const raw = await backendHandle.database.collection<{ _id: string }>({ name: 'bot_state' });
      const all = JSON.stringify(await raw.find({}));
      expect(all).not.toContain('447700900123');
      expect(all).not.toContain('Test Parent');
    });
  });
}
