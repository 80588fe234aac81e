import { ConsoleClient, addStaff } from '../support/console';
import { TestParent } from '../support/parent';
import { startReplySink } from '../support/replySink';
import { startTestApp, type TestApp } from '../support/testApp';

type Sink = Awaited<ReturnType<typeof startReplySink>>;

describe('console case commands over HTTP', () => {
  let sink: Sink;
  let t: TestApp;
  beforeEach(async () => {
    sink = await startReplySink();
    t = await startTestApp(
      { ALLOWED_SERVICE_URLS: sink.url },
      { now: () => new Date('2026-11-23T10:00:00Z') },
    );
  });
  afterEach(async () => {
    await t.dispose();
    await sink.close();
  });

  const signIn = async (props: Parameters<typeof addStaff>[1] = {}) => {
    const account = await addStaff(t.app, props);
    return { account, client: await ConsoleClient.signedIn(t.url, account.email) };
  };

  it('gives a case to exactly one of twenty PSWs claiming it at once', async () => {
    const referral = await new TestParent(t.url, sink.url).opensCase(t.app);
    const psws = await Promise.all(
      Array.from({ length: 20 }, (_, i) => signIn({ email: `psw${i}@example.org` })),
    );
    const results = await Promise.all(
      psws.map(({ client }) => client.post(`/api/console/cases/${referral.id}/claim`)),
    );
    const winners = results.filter((r) => r.status === 200);
    expect(winners).toHaveLength(1);
    expect(results.filter((r) => r.status === 409)).toHaveLength(19);
    const stored = await t.app.stores.cases.get(referral.id);
    expect(stored?.history.filter((h) => h.action === 'claim')).toHaveLength(1);
    const winner = psws[results.findIndex((r) => r.status === 200)];
    expect(stored?.assigneeId).toBe(winner?.account.id);
    expect(await t.app.stores.audit.list({ caseId: referral.id })).toEqual([
      expect.objectContaining({ action: 'case.claim', actorId: winner?.account.id }),
    ]);
  });

  it('lists urgent cases first, filtered by school, status and urgency', async () => {
    const parent = () => new TestParent(t.url, sink.url);
    const older = await parent().opensCase(t.app);
    const urgent = await parent().opensCase(t.app, { urgent: true });
    const riverside = await parent().opensCase(t.app, { schoolId: 'riverside-high' });
    const { client } = await signIn({ role: 'manager', schools: ['area:liverpool'] });
    const ids = async (query: string) =>
      (await client.get<{ cases: Array<{ id: string }> }>(`/api/console/cases${query}`)).body.cases.map(
        (c) => c.id,
      );
    // Urgent first, then the earliest due (the queue's order is in the store contract).
    const dueFirst = [older, riverside].sort((a, b) => (a.dueBy?.getTime() ?? 0) - (b.dueBy?.getTime() ?? 0));
    const all = await ids('');
    expect(all[0]).toBe(urgent.id);
    expect(new Set(all.slice(1))).toEqual(new Set(dueFirst.map((c) => c.id)));
    expect(await ids('?school=riverside-high')).toEqual([riverside.id]);
    expect(await ids('?urgent=true')).toEqual([urgent.id]);
    expect(await ids('?status=closed')).toEqual([]);
    const injection = await client.get('/api/console/cases?school[$ne]=x');
    expect(injection.status).toBe(400);
  });

  it('lets only the PSW holding a case (or a manager) act on it', async () => {
    const referral = await new TestParent(t.url, sink.url).opensCase(t.app);
    const holder = await signIn({ displayName: 'Pat Holder' });
    const other = await signIn({ displayName: 'Robin Other' });
    const manager = await signIn({ role: 'manager', schools: ['area:liverpool'] });
    await holder.client.post(`/api/console/cases/${referral.id}/claim`);
    const refused = await other.client.post(`/api/console/cases/${referral.id}/close`, {
      outcome: 'resolved',
    });
    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe('NotYourCase');
    expect(
      (await other.client.post(`/api/console/cases/${referral.id}/notes`, { text: 'Saw mum at the gate' }))
        .status,
    ).toBe(200);

    const attempt = await holder.client.post(`/api/console/cases/${referral.id}/contact-attempts`, {
      method: 'phone',
      result: 'no_answer',
      note: 'Rang at 10am',
    });
    expect(attempt.body).toMatchObject({ case: { status: 'in_progress' } });

    const riversideOnly = await signIn({ schools: ['riverside-high'] });
    const badTransfer = await holder.client.post(`/api/console/cases/${referral.id}/transfer`, {
      toStaffId: riversideOnly.account.id,
    });
    expect(badTransfer.status).toBe(409);
    const transfer = await manager.client.post(`/api/console/cases/${referral.id}/transfer`, {
      toStaffId: other.account.id,
      reason: 'Pat is on leave',
    });
    expect(transfer.body).toMatchObject({ case: { status: 'claimed', assignee: { name: 'Robin Other' } } });
    expect((await holder.client.post(`/api/console/cases/${referral.id}/release`)).status).toBe(403);
    const released = await other.client.post(`/api/console/cases/${referral.id}/release`, {
      reason: 'Needs a Welsh speaker',
    });
    expect(released.body).toMatchObject({ case: { status: 'new', assignee: null } });

    const page = await manager.client.get<{
      history: Array<{ action: string; by: string; reason?: string; text?: string; note?: string }>;
    }>(`/api/console/cases/${referral.id}`);
    expect(page.body.history.map((h) => [h.action, h.by])).toEqual([
      ['open', 'Parent'],
      ['claim', 'Pat Holder'],
      ['note', 'Robin Other'],
      ['start', 'Pat Holder'],
      ['contact_attempt', 'Pat Holder'],
      ['transfer', 'Pat Example'],
      ['release', 'Robin Other'],
    ]);
    expect(page.body.history[2]?.note).toBe('Saw mum at the gate');
    expect(page.body.history[5]?.text).toBe('Transferred to Robin Other: Pat is on leave');
    expect(page.body.history[4]?.text).toBe('Contact attempt: Phone call: no answer');
  });

  it('closes with an outcome, reopens, and refuses what the lifecycle forbids', async () => {
    const referral = await new TestParent(t.url, sink.url).opensCase(t.app);
    const { client } = await signIn();
    expect(
      (await client.post(`/api/console/cases/${referral.id}/close`, { outcome: 'resolved' })).status,
    ).toBe(403);
    await client.post(`/api/console/cases/${referral.id}/claim`);
    const badOutcome = await client.post(`/api/console/cases/${referral.id}/close`, { outcome: 'sorted' });
    expect(badOutcome.status).toBe(400);
    const closed = await client.post(`/api/console/cases/${referral.id}/close`, {
      outcome: 'escalated',
      note: 'Passed to the DSL',
    });
    expect(closed.body).toMatchObject({
      case: { status: 'closed', outcome: 'escalated' },
      feedbackAsked: false,
    });
    expect((await client.post(`/api/console/cases/${referral.id}/claim`)).status).toBe(409);
    expect((await client.post(`/api/console/cases/${referral.id}/replies`, { text: 'hi' })).status).toBe(409);
    const reopened = await client.post(`/api/console/cases/${referral.id}/reopen`, {
      reason: 'Parent rang again',
    });
    expect(reopened.body).toMatchObject({ case: { status: 'new', assignee: null } });
  });

  it('shows managers the audit log of their schools, and not PSWs', async () => {
    const referral = await new TestParent(t.url, sink.url).opensCase(t.app);
    const psw = await signIn({ displayName: 'Pat Example' });
    await psw.client.get(`/api/console/cases/${referral.id}`);
    await psw.client.post(`/api/console/cases/${referral.id}/claim`);
    // The open page refreshing itself after a live update is not a new view.
    await psw.client.get(`/api/console/cases/${referral.id}`, { 'x-console-background': '1' });
    expect((await psw.client.get('/api/console/audit')).status).toBe(403);
    const manager = await signIn({ role: 'manager', schools: ['area:liverpool'] });
    const log = await manager.client.get<{ events: Array<{ action: string; actor: string }> }>(
      `/api/console/audit?caseId=${referral.id}`,
    );
    const seen = log.body.events.map((e) => [e.action, e.actor]);
    expect(seen).toHaveLength(2);
    expect(seen).toEqual(
      expect.arrayContaining([
        ['case.view', 'Pat Example'],
        ['case.claim', 'Pat Example'],
      ]),
    );
  });

  it("streams live changes of the account's own schools' cases only", async () => {
    const { client } = await signIn({ schools: ['riverside-high'] });
    const controller = new AbortController();
    const res = await fetch(`${t.url}/api/console/events`, {
      headers: { cookie: client.cookie ?? '', accept: 'text/event-stream' },
      signal: controller.signal,
    });
    expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const reader = (res.body as unknown as AsyncIterable<Uint8Array>)[Symbol.asyncIterator]();
    let received = '';
    const readUntil = async (text: string) => {
      while (!received.includes(text)) {
        const chunk = await reader.next();
        if (chunk.done) throw new Error('stream ended');
        received += Buffer.from(chunk.value).toString('utf8');
      }
    };
    const oakfield = await new TestParent(t.url, sink.url).opensCase(t.app, { schoolId: 'oakfield-primary' });
    const riverside = await new TestParent(t.url, sink.url).opensCase(t.app, { schoolId: 'riverside-high' });
    await readUntil(riverside.id);
    controller.abort();
    expect(received).toContain(`event: case\ndata: {"id":"${riverside.id}"}`);
    expect(received).not.toContain(oakfield.id);
  });
});
