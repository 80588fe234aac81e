import { DocumentSmsConversationStore } from '../../../src/store/DocumentSmsConversationStore';
import { DocumentSmsInbox } from '../../../src/store/DocumentSmsInbox';
import { testSealer, useBackend, type Backend } from '../backends';

const PARENT = '+447700900123';
const message = (body: string) => ({
  from: PARENT,
  to: '+447700900001',
  body,
  numMedia: 0,
  transport: 'twilio' as const,
});

/** The SMS inbox (received texts, with their turn status) and SMS conversations (number, choices, lease). */
export function smsInboxContract(backend: Backend): void {
  const backendHandle = useBackend(backend);
  const sealer = testSealer();

  describe('SMS inbox', () => {
    it('stores a text once per MessageSid and keeps the number and words sealed', async () => {
      const inbox = await DocumentSmsInbox.open(backendHandle.database, sealer);
      const props = {
        messageSid: 'SM1',
        conversationId: 'c1',
        receivedAt: new Date(),
        message: message('Hello there'),
      };
      expect(await inbox.add(props)).toBe(true);
      expect(await inbox.add({ ...props, message: message('a retry') })).toBe(false);
      const stored = await inbox.get('SM1');
      expect(stored).toMatchObject({ status: 'pending', attempts: 0, message: message('Hello there') });
      const raw = await backendHandle.rawText('sms_inbox');
      expect(raw).not.toContain('Hello there');
      expect(raw).not.toContain('7700900123');
    });

    it('hands out pending texts in arrival order and survives a restart', async () => {
      const inbox = await DocumentSmsInbox.open(backendHandle.database, sealer);
      const at = new Date('2026-11-23T10:00:00Z');
      await inbox.add({
        messageSid: 'SM-b',
        conversationId: 'c1',
        receivedAt: at,
        message: message('first'),
      });
      await inbox.add({
        messageSid: 'SM-a',
        conversationId: 'c1',
        receivedAt: at,
        message: message('second'),
      });
      await inbox.add({
        messageSid: 'SM-c',
        conversationId: 'c2',
        receivedAt: new Date(at.getTime() + 1000),
        message: message('other'),
      });
      expect((await inbox.nextPending('c1'))?.message.body).toBe('first');
      await inbox.markDone('SM-b', 'replied', new Date());

      await backendHandle.reopen();
      const reopened = await DocumentSmsInbox.open(backendHandle.database, sealer);
      expect((await reopened.nextPending('c1'))?.message.body).toBe('second');
      expect(await reopened.conversationsWithPending(10)).toEqual(['c1', 'c2']);
      expect((await reopened.get('SM-b'))?.status).toBe('done');
    });

    it('keeps reply parts until they are cleared, counts attempts, and erases', async () => {
      const inbox = await DocumentSmsInbox.open(backendHandle.database, sealer);
      await inbox.add({
        messageSid: 'SM1',
        conversationId: 'c1',
        receivedAt: new Date(),
        message: message('hi'),
      });
      expect(await inbox.recordAttempt('SM1')).toBe(1);
      expect(await inbox.recordAttempt('SM1')).toBe(2);
      await inbox.appendReplyPart('SM1', { text: 'Welcome', choices: [], requestedList: false });
      await inbox.appendReplyPart('SM1', {
        text: 'Pick one',
        choices: [{ title: 'Yes', text: 'yes' }],
        requestedList: false,
      });
      expect((await inbox.get('SM1'))?.replyParts.map((p) => p.text)).toEqual(['Welcome', 'Pick one']);
      expect(await backendHandle.rawText('sms_inbox')).not.toContain('Welcome');
      await inbox.markTaken('SM1', { by: 'bot', evenIfOptedOut: false });
      expect((await inbox.get('SM1'))?.taken).toEqual({ by: 'bot', evenIfOptedOut: false });
      await inbox.clearReplyParts('SM1');
      expect((await inbox.get('SM1'))?.replyParts).toEqual([]);
      // Waiting for the provider: not swept again before its retry time (but found when asked for all).
      const now = new Date();
      expect(await inbox.deferRetry('SM1', new Date(now.getTime() + 60_000))).toBe(1);
      expect(await inbox.conversationsWithPending(10, now)).toEqual([]);
      expect(await inbox.conversationsWithPending(10)).toEqual(['c1']);
      expect(await inbox.conversationsWithPending(10, new Date(now.getTime() + 61_000))).toEqual(['c1']);
      expect(await inbox.deferRetry('SM1', now)).toBe(2);
      await inbox.markDone('SM1', 'replied', new Date());
      expect(await inbox.conversationsWithPending(10)).toEqual([]);
      expect(await inbox.eraseDoneBefore(new Date(Date.now() + 1000))).toBe(1);
      expect(await inbox.get('SM1')).toBeNull();
    });
  });

  describe('SMS conversations', () => {
    const conversation = (schoolId?: string) => ({
      id: 'conv-1',
      userId: 'user-1',
      phoneHash: 'hash-1',
      phone: PARENT,
      serviceNumber: '+447700900001',
      transport: 'twilio' as const,
      at: new Date('2026-11-23T10:00:00Z'),
      ...(schoolId ? { schoolId } : {}),
    });

    it('keeps the parent number sealed, the school, and the last choices offered', async () => {
      const conversations = await DocumentSmsConversationStore.open(backendHandle.database, sealer);
      const created = await conversations.upsert(conversation('oakfield-primary'));
      expect(created).toMatchObject({ phone: PARENT, schoolId: 'oakfield-primary', lastChoices: [] });
      await conversations.setLastChoices('conv-1', [{ title: 'Yes please', text: 'yes' }]);
      const again = await conversations.upsert({ ...conversation(), at: new Date('2026-11-23T11:00:00Z') });
      expect(again.schoolId).toBeUndefined();
      expect(again.createdAt).toEqual(new Date('2026-11-23T10:00:00Z'));
      expect(again.lastChoices).toEqual([{ title: 'Yes please', text: 'yes' }]);
      const raw = await backendHandle.rawText('sms_conversations');
      expect(raw).not.toContain('7700900123');
      expect(raw).not.toContain('Yes please');
      await conversations.setLastChoices('conv-1', []);
      expect((await conversations.get('conv-1'))?.lastChoices).toEqual([]);
    });

    it('lets one holder at a time lease a conversation, until the lease runs out', async () => {
      const conversations = await DocumentSmsConversationStore.open(backendHandle.database, sealer);
      const now = new Date('2026-11-23T10:00:00Z');
      const later = (ms: number) => new Date(now.getTime() + ms);
      const outcomes = await Promise.all([
        conversations.tryLease('conv-1', 'a', later(30_000), now),
        conversations.tryLease('conv-1', 'b', later(30_000), now),
      ]);
      expect(outcomes.filter(Boolean)).toHaveLength(1);
      const holder = outcomes[0] ? 'a' : 'b';
      const other = holder === 'a' ? 'b' : 'a';
      expect(await conversations.tryLease('conv-1', holder, later(60_000), later(1000))).toBe(true);
      expect(await conversations.tryLease('conv-1', other, later(90_000), later(59_000))).toBe(false);
      expect(await conversations.tryLease('conv-1', other, later(120_000), later(60_001))).toBe(true);
      await conversations.releaseLease('conv-1', holder);
      expect(await conversations.tryLease('conv-1', holder, later(130_000), later(61_000))).toBe(false);
      await conversations.releaseLease('conv-1', other);
      expect(await conversations.tryLease('conv-1', holder, later(130_000), later(61_000))).toBe(true);
      expect(await conversations.dropAllLeases()).toBe(1);
      expect(await conversations.tryLease('conv-1', other, later(140_000), later(62_000))).toBe(true);
    });
  });
}
