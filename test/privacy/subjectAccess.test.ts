import { smsIdentity } from '../../src/domain/smsIdentity';
import { conversationKeyFor } from '../../src/domain/conversationKey';
import type { SubjectAccessFile } from '../../src/privacy/SubjectAccessExport';
import type { Case } from '../../src/domain/model/case';
import { ConsoleClient, addStaff } from '../support/console';
import { testClockStart } from '../support/testClock';
import { startTestApp, type TestApp } from '../support/testApp';

/**
 * Issue 14: a manager's privacy tools in the console. A subject access export is one readable
 * file with every record held for a case (or a phone number), and nothing of another family.
 */

const FAMILY_A = { phone: '+447700900111', name: 'Robin Sample', words: 'Mornings are a struggle with Jo' };
const FAMILY_B = { phone: '+447700900222', name: 'Casey Other', words: 'Worried about Lee at lunchtimes' };

describe('privacy tools for managers', () => {
  let t: TestApp;
  const at = testClockStart();
  beforeEach(async () => {
    t = await startTestApp({}, { now: () => at });
  });
  afterEach(() => t.dispose());

  const signIn = async (role: 'psw' | 'manager', schools = ['oakfield-primary']) => {
    const account = await addStaff(t.app, { role, schools });
    return { account, client: await ConsoleClient.signedIn(t.url, account.email) };
  };

  /** A family that texted in, made a referral, chatted, gave feedback; a PSW noted a call. */
  async function family(who: typeof FAMILY_A, schoolId = 'oakfield-primary'): Promise<Case> {
    const { app } = t;
    const id = smsIdentity(app.sealer, 'twilio', who.phone, '+447700900001');
    const key = conversationKeyFor(app.sealer, 'sms', id.conversationId);
    await app.stores.sms.conversations.upsert({
      ...id,
      id: id.conversationId,
      phone: who.phone,
      serviceNumber: '+447700900001',
      transport: 'twilio',
      schoolId,
      at,
    });
    await app.stores.privacy.consents.record({
      conversationKey: key,
      channelId: 'sms',
      schoolId,
      version: app.content.privacy.version,
      at,
    });
    for (const text of ['Hello', who.words])
      await app.stores.transcripts.append({
        conversationKey: key,
        channelId: 'sms',
        at,
        sender: 'parent',
        text,
      });
    const opened = await app.cases.open({
      kind: 'referral',
      schoolId,
      channelId: 'sms',
      conversationKey: key,
      conversationRef: { channelId: 'sms', conversation: { id: id.conversationId } as never },
      details: { parentName: who.name, phone: who.phone, topic: 'routines_sleep', words: who.words },
      urgent: false,
      openedBy: 'parent',
    });
    await app.cases.transition({ caseId: opened.id, action: 'claim', actorId: 'psw-1' });
    await app.cases.record({
      caseId: opened.id,
      event: 'note',
      actorId: 'psw-1',
      note: `Called ${who.name}`,
    });
    await app.stores.feedback.add({
      at,
      schoolId,
      channelId: 'sms',
      caseId: opened.id,
      rating: 5,
      comment: `Thanks from ${who.name}`,
    });
    return (await app.stores.cases.get(opened.id))!;
  }

  it('exports one readable file with every record held for a case, and nothing of another family', async () => {
    const a = await family(FAMILY_A);
    const b = await family(FAMILY_B);
    const { client } = await signIn('manager');
    const res = await fetch(`${t.url}/api/console/privacy/cases/${a.id}/export`, {
      headers: { cookie: client.cookie! },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toBe(
      `attachment; filename="subject-access-${a.reference}.json"`,
    );
    const text = await res.text();
    const file = JSON.parse(text) as SubjectAccessFile;

    expect(file.request).toEqual({ by: 'case', reference: a.reference });
    expect(file.cases).toHaveLength(1);
    expect(file.cases[0]?.case.details).toMatchObject({ parentName: FAMILY_A.name, words: FAMILY_A.words });
    expect(file.cases[0]?.case.history.map((h) => h.note).filter(Boolean)).toEqual([
      `Called ${FAMILY_A.name}`,
    ]);
    expect(file.cases[0]?.feedback).toEqual([
      { at: at.toISOString(), rating: 5, comment: `Thanks from ${FAMILY_A.name}` },
    ]);
    expect(file.conversations[0]?.transcript.map((e) => e.text)).toEqual(['Hello', FAMILY_A.words]);
    expect(file.conversations[0]?.consents).toEqual([
      {
        version: t.app.content.privacy.version,
        at: at.toISOString(),
        channelId: 'sms',
        schoolId: 'oakfield-primary',
      },
    ]);
    for (const other of [FAMILY_B.name, FAMILY_B.words, FAMILY_B.phone, b.id, b.reference, b.conversationKey])
      expect({ other, found: text.includes(other) }).toEqual({ other, found: false });

    // The export itself is audited.
    const [event] = await t.app.stores.audit.list({ action: 'privacy.export' });
    expect(event).toMatchObject({ caseId: a.id, detail: 'by=case' });
  });

  it('exports everything held for a phone number: its texts and cases, and referrals giving that number', async () => {
    const a = await family(FAMILY_A);
    await family(FAMILY_B);
    // A web chat referral where the parent gave the same number.
    const web = await t.app.cases.open({
      kind: 'referral',
      schoolId: 'oakfield-primary',
      channelId: 'webchat',
      conversationKey: 'k-web',
      conversationRef: {},
      details: {
        parentName: FAMILY_A.name,
        phone: '07700 900111',
        topic: 'routines_sleep',
        words: 'From the website',
      },
      urgent: false,
      openedBy: 'parent',
    });
    const { client } = await signIn('manager');
    const res = await client.post<SubjectAccessFile>('/api/console/privacy/export-by-phone', {
      phone: '07700 900111',
    });
    expect(res.status).toBe(200);
    expect(res.body.cases.map((c) => c.case.id).sort()).toEqual([a.id, web.id].sort());
    expect(res.body.conversations.find((c) => c.sms)?.sms).toMatchObject({ phone: FAMILY_A.phone });
    expect(JSON.stringify(res.body)).not.toContain(FAMILY_B.name);

    expect(
      (await client.post('/api/console/privacy/export-by-phone', { phone: 'not a number' })).status,
    ).toBe(400);
  });

  it('is for managers only, within their schools', async () => {
    const a = await family(FAMILY_A);
    const psw = await signIn('psw');
    expect((await psw.client.get(`/api/console/privacy/cases/${a.id}/export`)).status).toBe(403);
    expect((await psw.client.get('/api/console/privacy/consents')).status).toBe(403);
    const elsewhere = await signIn('manager', ['riverside-high']);
    expect((await elsewhere.client.get(`/api/console/privacy/cases/${a.id}/export`)).status).toBe(404);
    expect(
      (await elsewhere.client.post(`/api/console/privacy/cases/${a.id}/erase`, { reason: 'parent_request' }))
        .status,
    ).toBe(404);
    expect(await t.app.stores.cases.get(a.id)).not.toBeNull();
    // The page itself is served like the other console pages (its data comes from the API above).
    expect((await fetch(`${t.url}/console/privacy`)).status).toBe(200);
    // A case can be named by the reference staff read on its page.
    const manager = await signIn('manager');
    const byReference = await manager.client.get<SubjectAccessFile>(
      `/api/console/privacy/cases/${a.reference}/export`,
    );
    expect(byReference.body.cases[0]?.case.id).toBe(a.id);
  });

  it('lets a manager erase a case with a reason (audited) and see the register of consents', async () => {
    const a = await family(FAMILY_A);
    const b = await family(FAMILY_B);
    const { client, account } = await signIn('manager');

    expect(
      (await client.post(`/api/console/privacy/cases/${a.id}/erase`, { reason: 'because' })).status,
    ).toBe(400);
    expect(await t.app.stores.cases.get(a.id)).not.toBeNull();

    const erased = await client.post(`/api/console/privacy/cases/${a.id}/erase`, {
      reason: 'parent_request',
    });
    expect(erased).toMatchObject({ status: 200, body: { erased: true, reference: a.reference } });
    expect(await t.app.stores.cases.get(a.id)).toBeNull();
    expect(await t.app.stores.transcripts.list(a.conversationKey)).toEqual([]);
    expect(await t.app.stores.feedback.list({ caseId: a.id })).toEqual([]);
    expect(await t.app.stores.cases.get(b.id)).not.toBeNull();
    const [event] = await t.app.stores.audit.list({ action: 'privacy.case_erased' });
    expect(event).toMatchObject({
      actorId: account.id,
      caseId: a.id,
      detail: 'reason=parent_request;urgent=false',
    });

    const register = await client.get<{ consents: Array<Record<string, string>> }>(
      '/api/console/privacy/consents',
    );
    expect(register.status).toBe(200);
    expect(register.body.consents).toEqual([
      {
        at: at.toISOString(),
        version: t.app.content.privacy.version,
        channelId: 'sms',
        schoolId: 'oakfield-primary',
      },
      {
        at: at.toISOString(),
        version: t.app.content.privacy.version,
        channelId: 'sms',
        schoolId: 'oakfield-primary',
      },
    ]);
    // The report counts outlive the erased case.
    const counts = await client.get<{ months: Array<{ counts: Record<string, number> }> }>(
      '/api/console/privacy/report-counts',
    );
    expect(counts.body.months[0]?.counts).toMatchObject({ opened: 2, referral: 2 });
  });
});
