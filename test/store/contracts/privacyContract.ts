import { DocumentAuditLog } from '../../../src/store/DocumentAuditLog';
import { DocumentCaseStore } from '../../../src/store/DocumentCaseStore';
import { DocumentConsentRegister } from '../../../src/store/DocumentConsentRegister';
import { DocumentDirectLineStore } from '../../../src/store/DocumentDirectLineStore';
import { DocumentErasureQueue } from '../../../src/store/DocumentErasureQueue';
import { DocumentFeedbackStore } from '../../../src/store/DocumentFeedbackStore';
import { DocumentReportCounts } from '../../../src/store/DocumentReportCounts';
import { DocumentSmsConversationStore } from '../../../src/store/DocumentSmsConversationStore';
import { DocumentSmsOutbox } from '../../../src/store/DocumentSmsOutbox';
import { DocumentStateStorage } from '../../../src/store/DocumentStateStorage';
import { DocumentTranscriptStore } from '../../../src/store/DocumentTranscriptStore';
import { CaseService } from '../../../src/domain/CaseService';
import { caseProps } from '../../support/factories';
import { later, testClockStart } from '../../support/testClock';
import { testSealer, useBackend, type Backend } from '../backends';

const DAY = 86_400_000;

/** The port methods retention sweeps, erasure and subject access requests use. */
export function privacyContract(backend: Backend): void {
  describe('privacy operations', () => {
    const handle = useBackend(backend);
    const sealer = testSealer();
    const start = testClockStart();

    it('erases transcript entries by age, conversation and consent', async () => {
      const transcripts = await DocumentTranscriptStore.open(handle.database, sealer);
      const entry = (conversationKey: string, at: Date, beforeConsent?: boolean) =>
        transcripts.append({
          conversationKey,
          channelId: 'sms',
          at,
          sender: 'parent',
          text: 'Words',
          ...(beforeConsent ? { beforeConsent } : {}),
        });
      await entry('a', later(start, -10 * DAY), true);
      await entry('a', later(start, -10 * DAY));
      await entry('b', later(start, -10 * DAY), true);
      await entry('c', later(start, -10 * DAY));
      await entry('c', start, true);
      expect((await transcripts.list('a'))[0]?.beforeConsent).toBe(true);
      expect(
        await transcripts.eraseWhere({
          before: later(start, -DAY),
          beforeConsentOnly: true,
          exceptConversations: ['b'],
        }),
      ).toBe(1);
      expect(await transcripts.eraseWhere({ before: later(start, -DAY), onlyConversations: ['c'] })).toBe(1);
      expect(await transcripts.eraseWhere({ before: later(start, -DAY), exceptConversations: ['a'] })).toBe(
        1,
      );
      expect((await transcripts.list('a')).length).toBe(1);
      expect((await transcripts.list('b')).length).toBe(0);
      expect((await transcripts.list('c')).length).toBe(1);
    });

    it('lists the conversation keys of cases and finds cases last changed before a date', async () => {
      const store = await DocumentCaseStore.open(handle.database, sealer);
      let clock = later(start, -40 * DAY);
      const cases = new CaseService(store, () => clock);
      const old = await cases.open(caseProps({ conversationKey: 'k-old' }));
      clock = start;
      await cases.open(caseProps({ conversationKey: 'k-new' }));
      expect((await store.conversationKeys({})).sort()).toEqual(['k-new', 'k-old']);
      const before = await store.list({ updatedBefore: later(start, -DAY) });
      expect(before.map((c) => c.id)).toEqual([old.id]);
    });

    it('removes audit entries, consents, feedback comments and idle state past a date', async () => {
      const audit = await DocumentAuditLog.open(handle.database);
      await audit.record({ at: later(start, -100 * DAY), actorId: 'system', action: 'old' });
      await audit.record({ at: start, actorId: 'system', action: 'new' });
      expect(await audit.eraseBefore(later(start, -DAY))).toBe(1);
      expect((await audit.list({ action: 'new' })).length).toBe(1);
      expect((await audit.list({})).map((e) => e.action)).toEqual(['new']);

      const consents = await DocumentConsentRegister.open(handle.database);
      // A turn asks hasConsented again only when this count has moved: every record and erasure moves it.
      const changes = consents.changes();
      await consents.record({
        conversationKey: 'k1',
        channelId: 'sms',
        version: 'v1',
        at: later(start, -100 * DAY),
      });
      await consents.record({
        conversationKey: 'k2',
        channelId: 'webchat',
        schoolId: 'oakfield-primary',
        version: 'v1',
        at: start,
      });
      expect(await consents.hasConsented('k1')).toBe(true);
      expect(consents.changes()).toBe(changes + 2);
      expect(
        (await consents.list({ schoolIds: ['oakfield-primary'] })).map((c) => c.conversationKey),
      ).toEqual(['k2']);
      expect(await consents.eraseBefore(later(start, -DAY))).toBe(1);
      expect(await consents.hasConsented('k1')).toBe(false);
      expect(consents.changes()).toBe(changes + 3);
      expect(await consents.eraseConversation('k2')).toBe(1);
      expect(consents.changes()).toBe(changes + 4);

      const feedback = await DocumentFeedbackStore.open(handle.database, sealer);
      const given = { schoolId: 's', channelId: 'sms', rating: 4 as const, comment: 'Lovely PSW' };
      await feedback.add({ ...given, at: later(start, -100 * DAY), caseId: 'c1' });
      await feedback.add({ ...given, at: start, caseId: 'c2' });
      expect(await feedback.eraseCommentsBefore(later(start, -DAY))).toBe(1);
      const listed = await feedback.list({});
      expect(listed.map((f) => [f.caseId, f.rating, f.comment])).toEqual([
        ['c2', 4, 'Lovely PSW'],
        ['c1', 4, undefined],
      ]);
      expect(await feedback.eraseForCase('c2')).toBe(1);
      expect(await handle.rawText('feedback')).not.toContain('"caseId":"c2"');

      const state = await DocumentStateStorage.open(handle.database, sealer, () => start);
      await state.write({ 'emulator/conversations/x/': { seen: true } });
      expect(await state.eraseIdleBefore(later(start, -DAY))).toBe(0);
      expect(await state.eraseIdleBefore(later(start, DAY))).toBe(1);
      expect(await state.read(['emulator/conversations/x/'])).toEqual({});
    });

    it("finds SMS conversations by number and by idleness, and erases a conversation's texts", async () => {
      const conversations = await DocumentSmsConversationStore.open(handle.database, sealer);
      const phoneHash = sealer.lookupHash('+447700900123', 'phone');
      const base = {
        userId: 'u',
        phoneHash,
        phone: '+447700900123',
        serviceNumber: '+447700900001',
        transport: 'twilio' as const,
      };
      await conversations.upsert({ ...base, id: 'c-old', at: later(start, -40 * DAY) });
      await conversations.upsert({ ...base, id: 'c-new', at: start });
      expect((await conversations.listByPhoneHash(phoneHash)).map((c) => c.id).sort()).toEqual([
        'c-new',
        'c-old',
      ]);
      expect((await conversations.listIdleBefore(later(start, -DAY), 10)).map((c) => c.id)).toEqual([
        'c-old',
      ]);

      const outbox = await DocumentSmsOutbox.open(handle.database, sealer);
      const text = { body: 'Hello', purpose: 'reply' as const, transport: 'twilio' as const, phoneHash };
      await outbox.compose('t1', [{ ...text, conversationId: 'c-old' }], start);
      await outbox.compose('t2', [{ ...text, conversationId: 'c-new' }], start);
      expect(await outbox.eraseConversation('c-old')).toBe(1);
      expect(await outbox.listTurn('t1')).toEqual([]);
      expect((await outbox.listTurn('t2')).length).toBe(1);
    });

    it('erases expired web chat history', async () => {
      let now = start;
      const store = await DocumentDirectLineStore.open(handle.database, sealer, {
        retentionHours: 24,
        now: () => now,
      });
      await store.createConversation({ id: 'dl-1', userId: 'u', conversationKey: 'k', createdAt: start });
      await store.append('dl-1', (w) => ({ id: `dl-1|${w}`, type: 'message', text: 'hi' }), start);
      expect(await store.eraseExpired(later(start, 23 * 3600_000))).toBe(0);
      now = later(start, 25 * 3600_000);
      expect(await store.eraseExpired(now)).toBe(1);
      expect(await handle.rawText('directline_conversations')).toBe('[]');
    });

    it('counts per school and month, and keeps erasures to finish until removed', async () => {
      const counts = await DocumentReportCounts.open(handle.database);
      await counts.increment('oakfield-primary', '2026-11', ['opened', 'referral']);
      await counts.increment('oakfield-primary', '2026-11', ['opened', 'urgent']);
      await counts.increment('riverside-high', '2026-12', ['closed']);
      expect(await counts.list({ schoolIds: ['oakfield-primary'] })).toEqual([
        { schoolId: 'oakfield-primary', month: '2026-11', counts: { opened: 2, referral: 1, urgent: 1 } },
      ]);
      await expect(counts.increment('x', 'November', ['opened'])).rejects.toThrow();

      const queue = await DocumentErasureQueue.open(handle.database, sealer);
      const added = await queue.add({
        conversationKey: 'k',
        channelId: 'sms',
        conversationId: 'conversation-id-in-clear',
        userId: 'user-id',
        requestedAt: start,
        dueAt: later(start, 60_000),
      });
      expect(await queue.due(start, 10)).toEqual([]);
      expect((await queue.due(later(start, 60_000), 10)).map((e) => [e.conversationId, e.userId])).toEqual([
        ['conversation-id-in-clear', 'user-id'],
      ]);
      expect(await handle.rawText('erasure_requests')).not.toContain('conversation-id-in-clear');
      expect(await queue.remove(added.id)).toBe(true);
    });

    it("keeps deleted cases' report tallies per school and month, marked until settled or taken back", async () => {
      const counts = await DocumentReportCounts.open(handle.database);
      const mark = (caseId: string, tally: Record<string, number>) => ({
        schoolId: 'oakfield-primary',
        month: '2026-11',
        caseId,
        tally,
      });
      await counts.increment('oakfield-primary', '2026-11', ['opened']);
      const first = mark('case-1', {
        cases: 1,
        'channel:sms': 1,
        'contactMinutes:90': 1,
        'rating@2026-12:4': 1,
      });
      await counts.retain(first);
      expect(await counts.marks()).toEqual([first]);
      await counts.settle(first);
      const second = mark('case-2', { cases: 1, 'channel:webchat': 1, 'contactMinutes:90': 1 });
      await counts.retain(second);
      // A sweep that stopped here: the second case was not deleted, so its tally is taken back.
      await counts.unretain(second);
      await counts.unretain(second); // once only
      expect(await counts.marks()).toEqual([]);
      const [month] = await counts.list({});
      expect(month).toMatchObject({ counts: { opened: 1 } });
      expect(Object.fromEntries(Object.entries(month!.retained ?? {}).filter(([, n]) => n !== 0))).toEqual({
        cases: 1,
        'channel:sms': 1,
        'contactMinutes:90': 1,
        'rating@2026-12:4': 1,
      });
      await expect(counts.retain(mark('case-3', { 'a.b': 1 }))).rejects.toThrow();
      await expect(counts.retain(mark('case-3', { $set: 1 }))).rejects.toThrow();
      expect(await handle.rawText('report_counts')).not.toContain('case-1');
    });

    it('lists its collections and makes deletions final on disk', async () => {
      const transcripts = await DocumentTranscriptStore.open(handle.database, sealer);
      await transcripts.append({
        conversationKey: 'erase-me-key',
        channelId: 'sms',
        at: start,
        sender: 'parent',
        text: 'x',
      });
      expect(await handle.database.listCollections()).toContain('transcripts');
      await transcripts.eraseConversation('erase-me-key');
      await handle.database.compact();
      expect(await handle.rawFiles()).not.toContain('erase-me-key');
    });
  });
}
