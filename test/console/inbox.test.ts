import { ConsoleClient, addStaff } from '../support/console';
import { TestParent } from '../support/parent';
import { startReplySink } from '../support/replySink';
import { startTestApp, type TestApp } from '../support/testApp';

type Sink = Awaited<ReturnType<typeof startReplySink>>;
type Row = { id: string; reference: string; urgentReason?: string; parentFirstName?: string };
type Listing = { cases: Row[]; total: number; counts: Record<string, number> };

describe('the console as an inbox, over HTTP', () => {
  let sink: Sink;
  let t: TestApp;
  beforeEach(async () => {
    sink = await startReplySink();
    t = await startTestApp({}, { now: () => new Date('2026-11-23T10:00:00Z') });
  });
  afterEach(async () => {
    await t.dispose();
    await sink.close();
  });

  const signIn = async (props: Parameters<typeof addStaff>[1] = {}) => {
    const account = await addStaff(t.app, props);
    return { account, client: await ConsoleClient.signedIn(t.url, account.email) };
  };
  const opens = (props: Parameters<TestParent['opensCase']>[1] = {}) =>
    new TestParent(t.url, sink.url).opensCase(t.app, props);
  const details = (parentName: string, phone: string) => ({
    parentName,
    phone,
    topic: 'attendance',
    words: 'He misses school on Mondays.',
    contactMethod: 'phone' as const,
    safeToText: true,
  });

  it('finds cases by reference, name, the last digits of a phone number and words in notes, only in its schools', async () => {
    const { client } = await signIn();
    const jo = await opens({ details: details('Jo Bloggs', '07700 900111') });
    const kim = await opens({ details: details('Kim Other', '07700 900222') });
    const riverside = await opens({
      schoolId: 'riverside-high',
      details: details('Jo Riverside', '07700 900333'),
    });
    await client.post(`/api/console/cases/${kim.id}/notes`, { text: 'Grandmother picks up on Fridays' });
    const found = async (q: string) =>
      (await client.get<Listing>(`/api/console/cases?q=${encodeURIComponent(q)}`)).body.cases.map(
        (c) => c.id,
      );
    expect(await found(jo.reference.toLowerCase().replace('-', ''))).toEqual([jo.id]);
    expect(await found('jo')).toEqual([jo.id]);
    expect(await found('0111')).toEqual([jo.id]);
    expect(await found('grandmother fridays')).toEqual([kim.id]);
    expect(await found('nobody-like-this')).toEqual([]);
    // Another school's case is not found, even by its reference.
    expect(await found(riverside.reference)).toEqual([]);
    const listing = await client.get<Listing>('/api/console/cases');
    expect(listing.body.counts).toMatchObject({ open: 2, waiting: 2, liveWaiting: 0, urgent: 0, mine: 0 });
    expect(listing.body.cases.map((c) => c.parentFirstName)).toEqual(expect.arrayContaining(['Jo', 'Kim']));
  });

  it('marks a case urgent with a reason anyone in scope can see, and only its holder or a manager can undo it', async () => {
    const referral = await opens();
    const holder = await signIn({ email: 'pat@example.org' });
    const other = await signIn({ email: 'robin@example.org' });
    expect(
      (await other.client.post(`/api/console/cases/${referral.id}/urgency`, { urgent: true })).status,
    ).toBe(400);
    const marked = await other.client.post(`/api/console/cases/${referral.id}/urgency`, {
      urgent: true,
      reason: 'Dad phoned school worried about his safety',
    });
    expect(marked.status).toBe(200);
    const listing = await holder.client.get<Listing>('/api/console/cases?urgent=true');
    expect(listing.body.cases).toEqual([
      expect.objectContaining({
        id: referral.id,
        urgentReason: 'Dad phoned school worried about his safety',
      }),
    ]);
    await holder.client.post(`/api/console/cases/${referral.id}/claim`);
    expect(
      (await other.client.post(`/api/console/cases/${referral.id}/urgency`, { urgent: false, reason: 'x' }))
        .status,
    ).toBe(403);
    const cleared = await holder.client.post(`/api/console/cases/${referral.id}/urgency`, {
      urgent: false,
      reason: 'Spoke to dad: the family is safe',
    });
    expect(cleared.body).toMatchObject({ case: { urgent: false } });
    const page = await holder.client.get<{
      history: Array<{ text: string }>;
      notes: Array<{ text: string }>;
    }>(`/api/console/cases/${referral.id}`);
    expect(page.body.history.map((h) => h.text)).toEqual(
      expect.arrayContaining(['Marked urgent', 'Marked not urgent']),
    );
    expect(page.body.notes.map((n) => n.text)).toEqual([
      'Spoke to dad: the family is safe',
      'Dad phoned school worried about his safety',
    ]);
    const audit = await t.app.stores.audit.list({ caseId: referral.id });
    expect(audit.map((e) => e.action)).toEqual(
      expect.arrayContaining(['case.mark_urgent', 'case.mark_not_urgent']),
    );
    // The reason is sealed at rest.
    expect(
      JSON.stringify(
        await t.app.stores.database.collection({ name: 'cases', indexes: [] }).then((c) => c.find({})),
      ),
    ).not.toContain('worried about his safety');
  });

  it("shows the family's other cases (same phone number) with their outcomes", async () => {
    const { client } = await signIn();
    const earlier = await opens({ details: details('Jo Bloggs', '07700 900111') });
    await client.post(`/api/console/cases/${earlier.id}/claim`);
    await client.post(`/api/console/cases/${earlier.id}/close`, { outcome: 'signposted' });
    await opens({ details: details('Someone Else', '07700 900999') });
    const now = await opens({ details: details('Jo Bloggs', '+44 7700 900111') });
    const page = await client.get<{ relatedCases: Array<{ reference: string; outcome?: string }> }>(
      `/api/console/cases/${now.id}`,
    );
    expect(page.body.relatedCases).toEqual([
      expect.objectContaining({ reference: earlier.reference, status: 'closed', outcome: 'Signposted' }),
    ]);
  });

  it('says when first contact is due: two working days for a referral, in words', async () => {
    const { client } = await signIn();
    await new TestParent(t.url, sink.url).says('Hello');
    const referral = await opens({ dueBy: undefined });
    expect(referral.dueBy?.toISOString()).toBe('2026-11-25T10:00:00.000Z');
    const page = await client.get<{ due: { words: string; overdue: boolean } }>(
      `/api/console/cases/${referral.id}`,
    );
    expect(page.body.due.words).toMatch(/^(due|overdue since) Wednesday 25 November at 10am$/);
  });

  it('counts characters and SMS segments, and flags characters outside the SMS alphabet', async () => {
    const { client } = await signIn();
    const plain = await client.post('/api/console/sms-count', { text: 'x'.repeat(160) });
    expect(plain.body).toEqual({ characters: 160, segments: 1, encoding: 'GSM-7', nonGsm: [] });
    const curly = await client.post('/api/console/sms-count', { text: `${'x'.repeat(60)} Let’s talk 😊` });
    expect(curly.body).toMatchObject({ segments: 2, encoding: 'UCS-2', nonGsm: ['’', '😊'] });
  });

  it('keeps saved replies per area: a manager of the area changes them, a PSW uses them', async () => {
    const psw = await signIn();
    const manager = await signIn({ role: 'manager', schools: ['area:liverpool'] });
    const reply = { areaId: 'liverpool', title: 'Call back', text: 'Hello {parent}, this is {me}.' };
    expect((await psw.client.post('/api/console/saved-replies', reply)).status).toBe(403);
    expect(
      (await manager.client.post('/api/console/saved-replies', { ...reply, areaId: 'elsewhere' })).status,
    ).toBe(403);
    expect((await manager.client.post('/api/console/saved-replies', reply)).status).toBe(200);
    const referral = await opens();
    const page = await psw.client.get<{ savedReplies: Array<{ title: string; text: string }> }>(
      `/api/console/cases/${referral.id}`,
    );
    expect(page.body.savedReplies).toEqual([expect.objectContaining({ title: 'Call back' })]);
  });

  it('gives managers the audit log in words, by reference, as CSV', async () => {
    const referral = await opens();
    const psw = await signIn({ displayName: 'Pat Example' });
    await psw.client.post(`/api/console/cases/${referral.id}/claim`);
    await psw.client.post(`/api/console/cases/${referral.id}/contact-attempts`, {
      method: 'phone',
      result: 'no_answer',
    });
    const manager = await signIn({ role: 'manager', schools: ['area:liverpool'] });
    const log = await manager.client.get<{
      events: Array<{ actor: string; what: string; reference?: string; detail?: string }>;
    }>(`/api/console/audit?reference=${referral.reference.toLowerCase()}`);
    expect(log.body.events.map((e) => [e.actor, e.what, e.reference, e.detail ?? ''])).toEqual([
      ['Pat Example', 'Recorded a contact attempt', referral.reference, 'Phone call: no answer'],
      ['Pat Example', 'Claimed a case', referral.reference, ''],
    ]);
    const res = await fetch(`${t.url}/api/console/audit.csv?reference=${referral.reference}`, {
      headers: { cookie: manager.client.cookie ?? '' },
    });
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
    const csv = await res.text();
    expect(csv.split('\r\n')[0]).toBe('When (UTC),Person,What,Case,School,Detail');
    expect(csv).toContain(
      `Pat Example,Recorded a contact attempt,${referral.reference},Oakfield Primary School,Phone call: no answer`,
    );
    expect((await psw.client.get('/api/console/audit.csv')).status).toBe(403);
  });
});

describe('a referral picked up while the parent is still chatting', () => {
  it('tells the parent a PSW has picked it up, and their next words reach the PSW', async () => {
    const sink = await startReplySink();
    const t = await startTestApp({ ALLOWED_SERVICE_URLS: sink.url });
    try {
      const parent = new TestParent(t.url, sink.url);
      await parent.says('Hello');
      const referral = await parent.opensCase(t.app);
      const account = await addStaff(t.app, { displayName: 'Pat Example' });
      const client = await ConsoleClient.signedIn(t.url, account.email);
      const before = sink.requests.length;
      const claimed = await client.post(`/api/console/cases/${referral.id}/claim`);
      expect(claimed.body).toMatchObject({ parentTold: true });
      await sink.waitFor(before + 1);
      expect(sink.requests.slice(before).map((r) => r.body.text)).toEqual([
        'Pat, a Parent Support Worker, has picked up your request and can chat with you here now.',
      ]);
      const seen = sink.requests.length;
      await parent.says('Thank you, I am here');
      expect(sink.requests.length).toBe(seen);
      const transcript = await t.app.stores.transcripts.list(referral.conversationKey);
      expect(transcript.at(-1)).toMatchObject({ sender: 'parent', text: 'Thank you, I am here' });
    } finally {
      await t.dispose();
      await sink.close();
    }
  });
});
