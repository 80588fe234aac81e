import { CaseService, CaseTransitionError } from '../../../src/domain/CaseService';
import { DocumentCaseStore } from '../../../src/store/DocumentCaseStore';
import { testSealer, useBackend, type Backend } from '../backends';
import { caseProps } from '../../support/factories';

export function caseStoreContract(backend: Backend): void {
  describe('cases', () => {
    const backendHandle = useBackend(backend);
    const sealer = testSealer();
    let clock = new Date('2026-11-23T09:00:00.000Z');
    const tick = () => (clock = new Date(clock.getTime() + 1000));

    async function service() {
      const store = await DocumentCaseStore.open(backendHandle.database, sealer);
      return { store, cases: new CaseService(store, tick) };
    }

    it('opens a case with a short reference and finds it by id and reference', async () => {
      const { store, cases } = await service();
      const opened = await cases.open(caseProps());
      expect(opened.reference).toMatch(/^[2-9A-Z]{3}-[2-9A-Z]{3}$/);
      expect(opened).toMatchObject({ status: 'new', version: 1, kind: 'referral' });
      expect((await store.get(opened.id))?.details).toEqual(opened.details);
      expect((await store.getByReference(opened.reference))?.id).toBe(opened.id);
      expect(await store.get('no-such-case')).toBeNull();
    });

    it('lists urgent cases first, then the oldest, filtered by school and status', async () => {
      const { store, cases } = await service();
      const older = await cases.open(caseProps({ schoolId: 'oakfield-primary' }));
      const newer = await cases.open(caseProps({ schoolId: 'oakfield-primary' }));
      const urgent = await cases.open(caseProps({ schoolId: 'oakfield-primary', urgent: true }));
      await cases.open(caseProps({ schoolId: 'riverside-high' }));
      const listed = await store.list({ schoolIds: ['oakfield-primary'], statuses: ['new'] });
      expect(listed.map((c) => c.id)).toEqual([urgent.id, older.id, newer.id]);
      expect(await store.count({ schoolIds: ['riverside-high'] })).toBe(1);
    });

    it('puts live chats with a parent waiting first, then urgent, then the earliest due', async () => {
      const { store, cases } = await service();
      const at = (iso: string) => new Date(iso);
      const claimedUrgent = await cases.open(caseProps({ urgent: true, dueBy: at('2026-11-24T10:00:00Z') }));
      await cases.transition({ caseId: claimedUrgent.id, action: 'claim', actorId: 'psw-1' });
      const dueLater = await cases.open(caseProps({ dueBy: at('2026-11-25T10:00:00Z') }));
      const dueSooner = await cases.open(caseProps({ dueBy: at('2026-11-23T12:00:00Z') }));
      const live = await cases.open(caseProps({ kind: 'live_chat', dueBy: at('2026-11-26T10:00:00Z') }));
      const liveUrgent = await cases.open(caseProps({ kind: 'live_chat', urgent: true }));
      const liveClaimed = await cases.open(
        caseProps({ kind: 'live_chat', dueBy: at('2026-11-23T09:00:00Z') }),
      );
      await cases.transition({ caseId: liveClaimed.id, action: 'claim', actorId: 'psw-1' });
      const filter = {
        schoolIds: ['oakfield-primary'],
        statuses: ['new', 'claimed', 'in_progress'] as const,
      };
      const order = [liveUrgent, live, claimedUrgent, liveClaimed, dueSooner, dueLater].map((c) => c.id);
      const ids = async (page?: { limit: number; skip: number }) =>
        (await store.listQueue({ ...filter, statuses: [...filter.statuses] }, page)).map((c) => c.id);
      expect(await ids()).toEqual(order);
      // Pages run across the two parts of the queue without gaps or repeats.
      expect([
        ...(await ids({ limit: 1, skip: 0 })),
        ...(await ids({ limit: 2, skip: 1 })),
        ...(await ids({ limit: 3, skip: 3 })),
      ]).toEqual(order);
    });

    it('lets exactly one of two PSWs claim a case', async () => {
      const { store, cases } = await service();
      const opened = await cases.open(caseProps());
      const outcomes = await Promise.allSettled([
        cases.transition({ caseId: opened.id, action: 'claim', actorId: 'psw-a' }),
        cases.transition({ caseId: opened.id, action: 'claim', actorId: 'psw-b' }),
      ]);
      const winners = outcomes.filter((o) => o.status === 'fulfilled');
      expect(winners).toHaveLength(1);
      const losers = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected');
      expect(losers[0]?.reason).toBeInstanceOf(CaseTransitionError);
      const stored = await store.get(opened.id);
      expect(stored?.status).toBe('claimed');
      expect(stored?.history.filter((h) => h.action === 'claim')).toHaveLength(1);
    });

    it('has one winner among twenty concurrent claims', async () => {
      const { store, cases } = await service();
      const opened = await cases.open(caseProps());
      const outcomes = await Promise.allSettled(
        Array.from({ length: 20 }, (_, i) =>
          cases.transition({ caseId: opened.id, action: 'claim', actorId: `psw-${i}` }),
        ),
      );
      expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
      expect((await store.get(opened.id))?.version).toBe(2);
    });

    it('records who, when and why for every transition, and refuses ones the lifecycle forbids', async () => {
      const { store, cases } = await service();
      const opened = await cases.open(caseProps());
      await expect(
        cases.transition({ caseId: opened.id, action: 'close', actorId: 'psw-a', outcome: 'resolved' }),
      ).rejects.toMatchObject({
        code: 'not_allowed',
      });
      await cases.transition({ caseId: opened.id, action: 'claim', actorId: 'psw-a' });
      await cases.transition({
        caseId: opened.id,
        action: 'start',
        actorId: 'psw-a',
        note: 'Called the parent back',
      });
      const closed = await cases.transition({
        caseId: opened.id,
        action: 'close',
        actorId: 'psw-a',
        outcome: 'signposted',
      });
      expect(closed).toMatchObject({ status: 'closed', outcome: 'signposted', assigneeId: 'psw-a' });
      expect(closed.history.map((h) => [h.action, h.from, h.to, h.by])).toEqual([
        ['open', undefined, 'new', 'parent'],
        ['claim', 'new', 'claimed', 'psw-a'],
        ['start', 'claimed', 'in_progress', 'psw-a'],
        ['close', 'in_progress', 'closed', 'psw-a'],
      ]);
      expect(closed.history[2]?.note).toBe('Called the parent back');
      const reopened = await cases.transition({
        caseId: opened.id,
        action: 'reopen',
        actorId: 'manager-1',
        reason: 'parent called again',
      });
      expect(reopened.status).toBe('new');
      expect(reopened.assigneeId).toBeUndefined();
      expect(reopened.outcome).toBeUndefined();
      await expect(cases.transition({ caseId: 'nope', action: 'claim', actorId: 'x' })).rejects.toMatchObject(
        { code: 'not_found' },
      );
      expect((await store.get(opened.id))?.history).toHaveLength(5);
    });

    it('refuses a change made against an out-of-date version', async () => {
      const { store, cases } = await service();
      const opened = await cases.open(caseProps());
      const claimed = await cases.transition({ caseId: opened.id, action: 'claim', actorId: 'psw-a' });
      const stale = await store.applyChange(opened.id, {
        expectVersion: claimed.version - 1,
        set: { status: 'new' },
        history: { at: new Date(), by: 'psw-b', action: 'release' },
      });
      expect(stale).toBeNull();
      expect((await store.get(opened.id))?.status).toBe('claimed');
    });

    it("marks a conversation's open cases urgent", async () => {
      const { store, cases } = await service();
      const a = await cases.open(caseProps({ conversationKey: 'conv-1' }));
      const other = await cases.open(caseProps({ conversationKey: 'conv-2' }));
      expect(await cases.markConversationUrgent('conv-1', 'safeguarding')).toBe(1);
      expect((await store.get(a.id))?.urgent).toBe(true);
      expect((await store.get(a.id))?.urgentReason).toBe('safeguarding');
      expect((await store.get(a.id))?.history.at(-1)).toMatchObject({
        action: 'mark_urgent',
        reason: 'safeguarding',
      });
      expect((await store.get(other.id))?.urgent).toBe(false);
    });

    it("adds a safeguarding concern to a conversation's open cases, urgent or not, with the evidence sealed", async () => {
      const { store, cases } = await service();
      const referral = await cases.open(caseProps({ conversationKey: 'conv-1' }));
      const chat = await cases.open(
        caseProps({ conversationKey: 'conv-1', kind: 'live_chat', urgent: true }),
      );
      const closed = await cases.open(caseProps({ conversationKey: 'conv-1' }));
      await cases.transition({ caseId: closed.id, action: 'claim', actorId: 'psw-a' });
      await cases.transition({ caseId: closed.id, action: 'close', actorId: 'psw-a', outcome: 'resolved' });
      const other = await cases.open(caseProps({ conversationKey: 'conv-2' }));

      const concern = { categories: ['domestic_abuse'], evidence: ['My partner hit me last night.'] };
      expect(await cases.addConcern('conv-1', concern)).toBe(2);
      expect(
        await cases.addConcern('conv-1', { categories: ['missing_child'], evidence: ['Jo ran away.'] }),
      ).toBe(2);
      for (const id of [referral.id, chat.id]) {
        const saved = await store.get(id);
        expect(saved?.urgent).toBe(true);
        expect(saved?.concerns?.map((c) => c.categories)).toEqual([['domestic_abuse'], ['missing_child']]);
        expect(saved?.concerns?.[0]?.evidence).toEqual(['My partner hit me last night.']);
        expect(saved?.history.at(-1)).toMatchObject({
          action: 'safeguarding_concern',
          by: 'bot',
          reason: 'missing_child',
        });
      }
      expect((await store.get(closed.id))?.concerns).toBeUndefined();
      expect((await store.get(other.id))?.urgent).toBe(false);
      expect(await cases.addConcern('conv-3', concern)).toBe(0);
      const raisedAt = new Date('2026-11-23T09:30:00.000Z');

      const opened = await cases.open(
        caseProps({
          conversationKey: 'conv-3',
          kind: 'safeguarding',
          urgent: true,
          concerns: [{ at: raisedAt, ...concern }],
        }),
      );
      expect((await store.get(opened.id))?.concerns).toEqual([{ at: raisedAt, ...concern }]);
      const raw = JSON.stringify(
        await (await backendHandle.database.collection<{ _id: string }>({ name: 'cases' })).find({}),
      );
      for (const secret of ['hit me last night', 'ran away']) expect(raw).not.toContain(secret);
      expect(raw).toContain('domestic_abuse');
    });

    it("seals the parent's details, conversation and PSW notes at rest", async () => {
      const { cases } = await service();
      const opened = await cases.open(
        caseProps({
          details: { parentName: 'Alex Example', phone: '07700 900123', words: 'He will not sleep' },
        }),
      );
      await cases.transition({ caseId: opened.id, action: 'claim', actorId: 'psw-a' });
      await cases.transition({
        caseId: opened.id,
        action: 'start',
        actorId: 'psw-a',
        note: 'Spoke to Alex Example',
      });
      const raw = JSON.stringify(
        await (await backendHandle.database.collection<{ _id: string }>({ name: 'cases' })).find({}),
      );
      for (const secret of ['Alex Example', '07700 900123', 'will not sleep', 'conv-ref-user'])
        expect(raw).not.toContain(secret);
    });

    it('erases a case', async () => {
      const { store, cases } = await service();
      const opened = await cases.open(caseProps());
      expect(await store.erase(opened.id)).toBe(true);
      expect(await store.get(opened.id)).toBeNull();
    });
  });
}
