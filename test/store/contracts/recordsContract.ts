import { randomUUID } from 'node:crypto';
import { DocumentAuditLog } from '../../../src/store/DocumentAuditLog';
import { DocumentFeedbackStore } from '../../../src/store/DocumentFeedbackStore';
import { DocumentStaffStore } from '../../../src/store/DocumentStaffStore';
import { DocumentTranscriptStore } from '../../../src/store/DocumentTranscriptStore';
import { DuplicateKeyError } from '../../../src/store/documents';
import { testSealer, useBackend, type Backend } from '../backends';

/** Transcripts, staff accounts, the audit log and feedback. */
export function recordsContract(backend: Backend): void {
  const backendHandle = useBackend(backend);
  const sealer = testSealer();

  describe('transcripts', () => {
    it('lists a conversation in order, seals the text and erases on request', async () => {
      const transcripts = await DocumentTranscriptStore.open(backendHandle.database, sealer);
      const at = new Date('2026-11-23T09:00:00Z');
      await transcripts.append({
        conversationKey: 'k1',
        channelId: 'sms',
        at,
        sender: 'parent',
        text: 'My son is 9',
      });
      await transcripts.append({
        conversationKey: 'k1',
        channelId: 'sms',
        at,
        sender: 'bot',
        text: 'Thank you',
      });
      await transcripts.append({
        conversationKey: 'k2',
        channelId: 'sms',
        at,
        sender: 'parent',
        text: 'Other family',
      });
      expect((await transcripts.latest('k1'))?.text).toBe('Thank you');
      expect((await transcripts.latest('k1', ['parent']))?.text).toBe('My son is 9');
      expect(await transcripts.latest('nobody')).toBeNull();
      const listed = await transcripts.list('k1');
      expect(listed.map((e) => [e.sender, e.text])).toEqual([
        ['parent', 'My son is 9'],
        ['bot', 'Thank you'],
      ]);
      expect(await backendHandle.rawText('transcripts')).not.toContain('My son is 9');
      expect(await transcripts.eraseConversation('k1')).toBe(2);
      expect(await transcripts.list('k1')).toEqual([]);
      expect(await transcripts.eraseBefore(new Date('2026-11-24T00:00:00Z'))).toBe(1);
    });

    it('writes a keyed line once: a turn run again after a crash adds nothing', async () => {
      const transcripts = await DocumentTranscriptStore.open(backendHandle.database, sealer);
      const line = { conversationKey: 'k3', channelId: 'sms', at: new Date(), sender: 'parent' as const };
      const first = await transcripts.append({ ...line, text: 'Hello' }, { key: 'message:SM1:in' });
      const again = await transcripts.append({ ...line, text: 'Hello' }, { key: 'message:SM1:in' });
      expect(again.id).toBe(first.id);
      // The same key in another conversation is another line.
      await transcripts.append({ ...line, conversationKey: 'k4', text: 'Hi' }, { key: 'message:SM1:in' });
      expect((await transcripts.list('k3')).map((e) => e.text)).toEqual(['Hello']);
      expect((await transcripts.list('k4')).map((e) => e.text)).toEqual(['Hi']);
    });
  });

  describe('staff accounts', () => {
    const account = (email: string) => ({
      id: randomUUID(),
      email,
      displayName: 'Pat Worker',
      role: 'psw' as const,
      schools: ['oakfield-primary'],
      passwordHash: '$argon2id$fake',
      failedLogins: 0,
      disabled: false,
      createdAt: new Date(),
    });

    it('finds accounts by e-mail regardless of case, and refuses a duplicate e-mail', async () => {
      const staff = await DocumentStaffStore.open(backendHandle.database, sealer);
      const created = await staff.create(account('Pat.Worker@example.org'));
      expect((await staff.getByEmail('pat.worker@EXAMPLE.org'))?.id).toBe(created.id);
      await expect(staff.create(account('pat.worker@example.org'))).rejects.toBeInstanceOf(DuplicateKeyError);
      expect(await staff.count()).toBe(1);
    });

    it('counts sign-in attempts atomically, none while locked, and clears them', async () => {
      const staff = await DocumentStaffStore.open(backendHandle.database, sealer);
      const created = await staff.create(account('a@example.org'));
      const now = new Date();
      const counts = await Promise.all([1, 2, 3].map(() => staff.countLoginAttempt(created.id, now)));
      expect(counts.sort()).toEqual([1, 2, 3]);
      await staff.lock(created.id, new Date(now.getTime() + 60_000));
      expect(await staff.countLoginAttempt(created.id, now)).toBeNull();
      // When the lock has ended, counting starts again from nothing.
      expect(await staff.countLoginAttempt(created.id, new Date(now.getTime() + 61_000))).toBe(1);
      await staff.lock(created.id, new Date(now.getTime() + 60_000));
      await staff.clearFailedLogins(created.id);
      const after = await staff.get(created.id);
      expect(after?.failedLogins).toBe(0);
      expect(after?.lockedUntil).toBeUndefined();
    });

    it("seals a PSW's alert phone number and keeps their on-duty choice", async () => {
      const staff = await DocumentStaffStore.open(backendHandle.database, sealer);
      const created = await staff.create({ ...account('b@example.org'), alertPhone: '07700 900456' });
      expect(created.alertPhone).toBe('07700 900456');
      await staff.update(created.id, { onDuty: true });
      expect(await staff.get(created.id)).toMatchObject({ alertPhone: '07700 900456', onDuty: true });
      expect(await backendHandle.rawText('staff')).not.toContain('900456');
      await staff.update(created.id, { alertPhone: undefined });
      expect((await staff.get(created.id))?.alertPhone).toBeUndefined();
    });
  });

  describe('audit log', () => {
    it('records events and lists them newest first, by case or school', async () => {
      const audit = await DocumentAuditLog.open(backendHandle.database);
      await audit.record({
        at: new Date('2026-11-23T09:00:00Z'),
        actorId: 'psw-1',
        action: 'case.view',
        caseId: 'c1',
        schoolId: 's1',
      });
      await audit.record({
        at: new Date('2026-11-23T09:05:00Z'),
        actorId: 'psw-1',
        action: 'case.claim',
        caseId: 'c1',
        schoolId: 's1',
      });
      await audit.record({
        at: new Date('2026-11-23T09:06:00Z'),
        actorId: 'psw-2',
        action: 'case.view',
        caseId: 'c2',
        schoolId: 's2',
      });
      expect((await audit.list({ caseId: 'c1' })).map((e) => e.action)).toEqual(['case.claim', 'case.view']);
      expect((await audit.list({ schoolIds: ['s2'] })).map((e) => e.actorId)).toEqual(['psw-2']);
      // Page by page, newest first: the console's audit page reads it so.
      const times = async (page: { limit?: number; skip?: number }) =>
        (await audit.list({}, page)).map((e) => e.at.toISOString().slice(11, 16));
      expect(await times({ limit: 2 })).toEqual(['09:06', '09:05']);
      expect(await times({ limit: 2, skip: 2 })).toEqual(['09:00']);
    });
  });

  describe('feedback', () => {
    it('keeps ratings with sealed comments', async () => {
      const feedback = await DocumentFeedbackStore.open(backendHandle.database, sealer);
      await feedback.add({
        at: new Date(),
        schoolId: 's1',
        channelId: 'sms',
        caseId: 'c1',
        rating: 5,
        comment: 'Really kind',
      });
      await feedback.add({ at: new Date(), schoolId: 's2', channelId: 'webchat', rating: 2 });
      const listed = await feedback.list({ schoolIds: ['s1'] });
      expect(listed).toHaveLength(1);
      expect(listed[0]).toMatchObject({ rating: 5, comment: 'Really kind', caseId: 'c1' });
      expect(await backendHandle.rawText('feedback')).not.toContain('Really kind');
    });

    it('adds a comment to a rating given earlier', async () => {
      const feedback = await DocumentFeedbackStore.open(backendHandle.database, sealer);
      const given = await feedback.add({ at: new Date(), schoolId: 's1', channelId: 'sms', rating: 4 });
      expect(await feedback.addComment(given.id, 'Quick to call back')).toMatchObject({
        rating: 4,
        comment: 'Quick to call back',
      });
      expect(await feedback.addComment('no-such-id', 'x')).toBeNull();
      expect(await backendHandle.rawText('feedback')).not.toContain('Quick to call back');
    });
  });
}
