import { DocumentDirectLineStore, GAP_GRACE_MS } from '../../../src/store/DocumentDirectLineStore';
import { DuplicateKeyError, type DocumentDatabase } from '../../../src/store/documents';
import { testClockStart } from '../../support/testClock';
import { testSealer, useBackend, type Backend } from '../backends';

/** The local Direct Line's conversations and activity log. */
export function directLineContract(backend: Backend): void {
  describe('direct line log', () => {
    const backendHandle = useBackend(backend);
    const sealer = testSealer();
    let clock = testClockStart();
    const open = (db: DocumentDatabase) =>
      DocumentDirectLineStore.open(db, sealer, { retentionHours: 24, now: () => clock });
    const conversation = (id: string, conversationKey = `key-${id}`) => ({
      id,
      schoolId: 'oakfield-primary',
      userId: `dl_user_${id}`,
      conversationKey,
      createdAt: clock,
    });
    const message = (text: string) => (watermark: number) => ({
      type: 'message',
      id: `w${watermark}`,
      text,
    });

    beforeEach(() => {
      clock = testClockStart();
    });

    it('creates a conversation once and finds it again', async () => {
      const store = await open(backendHandle.database);
      const created = await store.createConversation(conversation('c1'));
      expect(created).toMatchObject({ id: 'c1', schoolId: 'oakfield-primary', watermark: 0 });
      await expect(store.createConversation(conversation('c1'))).rejects.toBeInstanceOf(DuplicateKeyError);
      expect(await store.getConversation('c1')).toMatchObject({ userId: 'dl_user_c1' });
      expect(await store.getConversation('nope')).toBeNull();
    });

    it('gives each activity the next watermark and lists after a watermark, in order', async () => {
      const store = await open(backendHandle.database);
      await store.createConversation(conversation('c1'));
      await store.createConversation(conversation('c2'));
      await store.append('c1', message('first'), clock);
      await store.append('c2', message('elsewhere'), clock);
      await store.append('c1', message('second'), clock);
      const third = await store.append('c1', message('third'), clock);
      expect(third).toMatchObject({ watermark: 3, activity: { id: 'w3', text: 'third' } });
      expect((await store.listAfter('c1', 0, 10)).map((e) => [e.watermark, e.activity.text])).toEqual([
        [1, 'first'],
        [2, 'second'],
        [3, 'third'],
      ]);
      expect((await store.listAfter('c1', 1, 1)).map((e) => e.activity.text)).toEqual(['second']);
      expect(await store.listAfter('c1', 3, 10)).toEqual([]);
      expect((await store.getConversation('c1'))?.watermark).toBe(3);
      expect(await store.append('missing', message('x'), clock)).toBeNull();
    });

    it('gives distinct watermarks to concurrent appends', async () => {
      const store = await open(backendHandle.database);
      await store.createConversation(conversation('c1'));
      const entries = await Promise.all(
        Array.from({ length: 20 }, (_, i) => store.append('c1', message(`m${i}`), clock)),
      );
      const watermarks = entries.map((e) => e?.watermark).sort((a, b) => (a ?? 0) - (b ?? 0));
      expect(watermarks).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
      expect(await store.listAfter('c1', 0, 100)).toHaveLength(20);
    });

    it('seals what parents wrote at rest', async () => {
      const store = await open(backendHandle.database);
      await store.createConversation(conversation('c1'));
      await store.append('c1', message('We are struggling with mornings'), clock);
      const raw = JSON.stringify(
        await (
          await backendHandle.database.collection<{ _id: string }>({ name: 'directline_activities' })
        ).find({}),
      );
      expect(raw).not.toContain('struggling');
      expect((await store.listAfter('c1', 0, 10))[0]?.activity.text).toBe('We are struggling with mornings');
    });

    it('stops before a watermark still being written, and steps over it once it is old', async () => {
      const store = await open(backendHandle.database);
      await store.createConversation(conversation('c1'));
      await store.append('c1', message('one'), clock);
      // Another writer took watermark 2 and has not written it yet.
      const conversations = await backendHandle.database.collection<{ _id: string; watermark: number }>({
        name: 'directline_conversations',
      });
      await conversations.updateOne({ _id: 'c1' }, { $inc: { watermark: 1 } });
      await store.append('c1', message('three'), clock);
      expect((await store.listAfter('c1', 0, 10)).map((e) => e.watermark)).toEqual([1]);
      clock = new Date(clock.getTime() + GAP_GRACE_MS + 1);
      expect((await store.listAfter('c1', 1, 10)).map((e) => e.watermark)).toEqual([3]);
    });

    it('keeps the log across a restart', async () => {
      const store = await open(backendHandle.database);
      await store.createConversation(conversation('c1'));
      await store.append('c1', message('before the restart'), clock);
      await backendHandle.reopen();
      const reopened = await open(backendHandle.database);
      expect((await reopened.listAfter('c1', 0, 10)).map((e) => e.activity.text)).toEqual([
        'before the restart',
      ]);
      expect((await reopened.append('c1', message('after'), clock))?.watermark).toBe(2);
    });

    it('tells listeners which conversation got a new activity', async () => {
      const store = await open(backendHandle.database);
      await store.createConversation(conversation('c1'));
      const seen: string[] = [];
      const stop = store.onAppend((id) => seen.push(id));
      await store.append('c1', message('hello'), clock);
      const deadline = Date.now() + 5000;
      while (seen.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      stop();
      expect(seen).toEqual(['c1']);
    });

    it('treats history past its retention as gone on the store clock, before any TTL monitor runs', async () => {
      const store = await open(backendHandle.database);
      await store.createConversation(conversation('c1'));
      await store.append('c1', message('yesterday'), clock);
      clock = new Date(clock.getTime() + 24 * 3600_000 + 1000);
      expect(await store.getConversation('c1')).toBeNull();
      expect(await store.listAfter('c1', 0, 10)).toEqual([]);
      expect(await store.append('c1', message('too late'), clock)).toBeNull();
    });

    it('erases a conversation and its log by conversation key', async () => {
      const store = await open(backendHandle.database);
      await store.createConversation(conversation('c1', 'shared-key'));
      await store.createConversation(conversation('c2'));
      await store.append('c1', message('a'), clock);
      await store.append('c1', message('b'), clock);
      await store.append('c2', message('other family'), clock);
      expect(await store.eraseByConversationKey('shared-key')).toBe(2);
      expect(await store.getConversation('c1')).toBeNull();
      expect(await store.listAfter('c1', 0, 10)).toEqual([]);
      expect(await store.listAfter('c2', 0, 10)).toHaveLength(1);
    });
  });
}
