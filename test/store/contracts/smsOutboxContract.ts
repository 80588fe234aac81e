import { DocumentSmsOutbox } from '../../../src/store/DocumentSmsOutbox';
import { testSealer, useBackend, type Backend } from '../backends';

/** Texts we send and their delivery status. */
export function smsOutboxContract(backend: Backend): void {
  describe('SMS outbox (delivery status)', () => {
    const backendHandle = useBackend(backend);
    const sealer = testSealer();
    const text = (body: string) => ({
      body,
      purpose: 'reply' as const,
      transport: 'twilio' as const,
      conversationId: 'c1',
      phoneHash: 'hash-1',
    });

    it('composes a turn once: a retried turn keeps what was recorded and sent', async () => {
      const outbox = await DocumentSmsOutbox.open(backendHandle.database, sealer);
      const at = new Date();
      const first = await outbox.compose('SM1', [text('Hello'), text('Pick one')], at);
      expect(first.map((t) => [t.index, t.body, t.status])).toEqual([
        [0, 'Hello', 'composed'],
        [1, 'Pick one', 'composed'],
      ]);
      await outbox.markAttempted(first[0]!.id, at);
      expect((await outbox.listTurn('SM1'))[0]?.attemptedAt).toEqual(at);
      await outbox.markSent(first[0]!.id, 'SMout1', 'queued', at);
      const retried = await outbox.compose('SM1', [text('Hello'), text('Pick one')], at);
      expect(retried.map((t) => t.status)).toEqual(['queued', 'composed']);
      expect(retried[0]?.providerSid).toBe('SMout1');
      const raw = JSON.stringify(
        await (await backendHandle.database.collection({ name: 'sms_outbox' })).find({}),
      );
      expect(raw).not.toContain('Pick one');
    });

    it('records delivery status and never moves a text back to an earlier status', async () => {
      const outbox = await DocumentSmsOutbox.open(backendHandle.database, sealer);
      const at = new Date();
      const [sent] = await outbox.compose('SM2', [text('Hi')], at);
      await outbox.markSent(sent!.id, 'SMout2', 'queued', at);
      expect((await outbox.recordStatus('SMout2', 'delivered', undefined, at))?.status).toBe('delivered');
      expect((await outbox.recordStatus('SMout2', 'sent', undefined, at))?.status).toBe('delivered');
      expect(await outbox.recordStatus('SMunknown', 'sent', undefined, at)).toBeNull();
      const [failed] = await outbox.compose('SM3', [text('Hi again')], at);
      await outbox.markSent(failed!.id, 'SMout3', 'queued', at);
      await outbox.recordStatus('SMout3', 'undelivered', 30003, at);
      expect(await outbox.getByProviderSid('SMout3')).toMatchObject({
        status: 'undelivered',
        errorCode: 30003,
      });
      await outbox.markUnsent((await outbox.compose('SM4', [text('x')], at))[0]!.id, 'suppressed', 21610, at);
      expect((await outbox.listTurn('SM4'))[0]).toMatchObject({ status: 'suppressed', errorCode: 21610 });
    });
  });
}
