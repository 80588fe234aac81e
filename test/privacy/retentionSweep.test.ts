import { conversationKeyFor } from '../../src/domain/conversationKey';
import { reportMonth } from '../../src/store/privacyPorts';
import { SWEEP_KINDS, type SweepKind, type SweepReport } from '../../src/privacy/RetentionSweep';
import { caseProps } from '../support/factories';
import { later, testClockStart } from '../support/testClock';
import { startTestApp, type TestApp } from '../support/testApp';

const DAY = 86_400_000;

/** A sweep report with these kinds deleted and every other kind untouched. */
function only(deleted: Partial<Record<SweepKind, number>>): SweepReport {
  return { ...(Object.fromEntries(SWEEP_KINDS.map((k) => [k, 0])) as SweepReport), ...deleted };
}

describe('retention sweep (content/privacy.json defaults, a test clock)', () => {
  let t: TestApp;
  let clock: Date;
  const start = testClockStart();

  beforeAll(async () => {
    clock = start;
    t = await startTestApp({}, { now: () => clock });
  });
  afterAll(() => t.dispose());

  it('deletes exactly what is past retention of each kind, and report counts survive', async () => {
    const { app } = t;
    const { stores, cases } = app;
    const retention = app.content.privacy.retention.default;
    expect(retention).toMatchObject({
      conversationDays: 30,
      beforeConsentDays: 30,
      closedCaseDays: 730,
      safeguardingCaseDays: 2190,
      smsLogDays: 90,
      feedbackCommentDays: 365,
      auditDays: 2555,
    });

    // ---- What the service holds, all written at `start` ----------------------------------------
    const closed = await cases.open(caseProps({ conversationKey: 'k-closed' }));
    const closedUrgent = await cases.open(caseProps({ conversationKey: 'k-urgent', urgent: true }));
    const open = await cases.open(caseProps({ conversationKey: 'k-open' }));
    for (const c of [closed, closedUrgent]) {
      await cases.transition({ caseId: c.id, action: 'claim', actorId: 'psw-1' });
      await cases.transition({ caseId: c.id, action: 'close', actorId: 'psw-1', outcome: 'resolved' });
    }
    const countsBefore = await stores.privacy.reportCounts.list({});
    expect(countsBefore).toEqual([
      {
        schoolId: 'oakfield-primary',
        month: reportMonth(start),
        counts: { opened: 3, referral: 3, urgent: 1, closed: 2 },
      },
    ]);

    const say = (conversationKey: string, beforeConsent = false) =>
      stores.transcripts.append({
        conversationKey,
        channelId: 'emulator',
        at: start,
        sender: 'parent',
        text: 'Words',
        ...(beforeConsent ? { beforeConsent } : {}),
      });
    await say('k-no-case', true); // a chat that never became a case
    await say('k-no-case');
    await say('k-open', true); // a case's messages before consent: 30 days
    await say('k-open'); // after consent: kept while the case is open
    await say('k-urgent', true); // a risk was detected: kept with the urgent case
    await say('k-closed');
    await say('k-closed');

    await stores.state.write({ 'emulator/conversations/k-no-case/': { welcomed: true } });

    const phone = '+447700900555';
    const smsBase = { userId: 'u', phone, serviceNumber: '+447700900001', transport: 'twilio' as const };
    const phoneHash = app.sealer.lookupHash(phone, 'sms-phone');
    await stores.sms.conversations.upsert({ ...smsBase, phoneHash, id: 'sms.idle', at: start });
    await stores.sms.conversations.upsert({ ...smsBase, phoneHash, id: 'sms.with-case', at: start });
    await cases.open(
      caseProps({
        channelId: 'sms',
        conversationKey: conversationKeyFor(app.sealer, 'sms', 'sms.with-case'),
      }),
    );
    await stores.sms.inbox.add({
      messageSid: 'SM1',
      conversationId: 'sms.idle',
      receivedAt: start,
      message: { from: phone, to: '+447700900001', body: 'hi', numMedia: 0, transport: 'twilio' },
    });
    await stores.sms.inbox.markDone('SM1', 'replied', start);
    await stores.sms.outbox.compose(
      'SM1',
      [{ body: 'Hello', purpose: 'reply', transport: 'twilio', phoneHash, conversationId: 'sms.idle' }],
      start,
    );

    // Web chat history lives WEBCHAT_HISTORY_HOURS (24) after its last activity.
    await stores.directLine.createConversation({
      id: 'dl-1',
      userId: 'u',
      conversationKey: 'k-dl',
      createdAt: start,
    });
    await stores.directLine.append('dl-1', (w) => ({ id: `dl-1|${w}`, type: 'message', text: 'hi' }), start);

    await stores.feedback.add({
      at: start,
      schoolId: 'oakfield-primary',
      channelId: 'sms',
      rating: 5,
      comment: 'Kind',
    });
    await stores.privacy.consents.record({
      conversationKey: 'k-open',
      channelId: 'emulator',
      version: 'v',
      at: start,
    });
    await stores.audit.record({ at: start, actorId: 'psw-1', action: 'case.view', caseId: open.id });

    const sweepAt = async (ms: number) => {
      clock = later(start, ms);
      return await app.privacy.runSweep();
    };

    // ---- Sweeps as time passes -------------------------------------------------------------------
    expect(await sweepAt(0)).toEqual(only({}));
    expect(await sweepAt(29 * DAY)).toEqual(only({ webchat_history: 1 }));
    expect(await sweepAt(31 * DAY)).toEqual(
      only({
        conversation_transcripts: 2,
        before_consent_transcripts: 1,
        conversation_state: 1,
        sms_conversations: 1,
      }),
    );
    expect((await stores.transcripts.list('k-open')).map((e) => e.beforeConsent)).toEqual([undefined]);
    expect(await stores.transcripts.list('k-urgent')).toHaveLength(1);
    expect(await stores.sms.conversations.get('sms.with-case')).not.toBeNull();

    expect(await sweepAt(89 * DAY)).toEqual(only({}));
    expect(await sweepAt(91 * DAY)).toEqual(only({ sms_inbox: 1, sms_outbox: 1 }));
    expect(await sweepAt(366 * DAY)).toEqual(only({ feedback_comments: 1 }));
    expect((await stores.feedback.list({}))[0]).toMatchObject({ rating: 5 });

    expect(await sweepAt(729 * DAY)).toEqual(only({}));
    expect(await sweepAt(731 * DAY)).toEqual(only({ closed_cases: 1, closed_case_transcripts: 2 }));
    expect(await stores.cases.get(closed.id)).toBeNull();
    expect(await stores.cases.get(closedUrgent.id)).not.toBeNull();

    expect(await sweepAt(2191 * DAY)).toEqual(only({ closed_cases: 1, closed_case_transcripts: 1 }));
    // The audit entries written at the start: the seeded one and the first sweep's own.
    expect(await sweepAt(2556 * DAY)).toEqual(only({ consents: 1, audit_entries: 2 }));

    // Open cases are never swept; the reports' totals are unchanged, and the deleted cases' report
    // tallies (codes and counts only) are kept in their month.
    expect(await stores.cases.get(open.id)).not.toBeNull();
    const countsAfter = await stores.privacy.reportCounts.list({});
    expect(countsAfter).toEqual([
      {
        ...countsBefore[0],
        counts: { ...countsBefore[0]!.counts, opened: 4, referral: 4 },
        retained: {
          cases: 2,
          'kind:referral': 2,
          'channel:emulator': 2,
          'topic:routines_sleep': 2,
          urgent: 1,
          closed: 2,
          'outcome:resolved': 2,
        },
      },
    ]);
    expect(await stores.privacy.reportCounts.marks()).toEqual([]);
  });

  it("logs what each sweep deleted, by kind and count, with no one's details", () => {
    const sweeps = t
      .logLines()
      .map((line) => JSON.parse(line) as { msg?: string; deleted?: Record<string, number> })
      .filter((entry) => entry.msg === 'retention sweep');
    expect(sweeps.length).toBeGreaterThan(5);
    expect(sweeps.some((s) => s.deleted?.closed_cases === 1)).toBe(true);
    expect(t.logLines().join('\n')).not.toContain('+447700900555');
  });
});
