import { ConfigError, loadConfig } from '../../src/config';
import { ConsoleClient, TEST_PASSWORD, addStaff } from '../support/console';
import { TestParent } from '../support/parent';
import { startReplySink } from '../support/replySink';
import { startTestApp, type TestApp } from '../support/testApp';

describe('console sign-in and access', () => {
  let t: TestApp;
  let sink: Awaited<ReturnType<typeof startReplySink>>;
  beforeEach(async () => {
    sink = await startReplySink();
    t = await startTestApp({
      CONSOLE_LOCKOUT_ATTEMPTS: '3',
      CONSOLE_SESSION_IDLE_MINUTES: '1',
      ALLOWED_SERVICE_URLS: sink.url,
    });
  });
  afterEach(async () => {
    await t.dispose();
    await sink.close();
  });

  it('refuses a wrong password without saying whether the e-mail exists', async () => {
    await addStaff(t.app, { email: 'pat@example.org' });
    const wrongPassword = await new ConsoleClient(t.url).login('pat@example.org', 'not the password');
    const noAccount = await new ConsoleClient(t.url).login('nobody@example.org', 'not the password');
    expect(wrongPassword.status).toBe(401);
    expect(noAccount.status).toBe(401);
    expect(wrongPassword.body.message).toBe(noAccount.body.message);
    expect(wrongPassword.headers.get('set-cookie')).toBeNull();
    const signedOut = await new ConsoleClient(t.url).get('/api/console/cases');
    expect(signedOut.status).toBe(401);
  });

  it('signs in with a secure session cookie and signs out', async () => {
    await addStaff(t.app, { email: 'pat@example.org' });
    const client = new ConsoleClient(t.url);
    const res = await client.login('PAT@example.org', TEST_PASSWORD);
    expect(res.status).toBe(200);
    const cookie = res.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/^psa_console=[\w-]{40,};/);
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Strict');
    expect((await client.get('/api/console/cases')).status).toBe(200);
    expect((await client.post('/api/console/logout')).status).toBe(200);
    expect((await client.get('/api/console/cases')).status).toBe(401);
  });

  it('locks the account after repeated wrong passwords, even against the right one', async () => {
    await addStaff(t.app, { email: 'pat@example.org' });
    const client = new ConsoleClient(t.url);
    expect((await client.login('pat@example.org', 'wrong one')).status).toBe(401);
    expect((await client.login('pat@example.org', 'wrong two')).status).toBe(401);
    const third = await client.login('pat@example.org', 'wrong three');
    expect(third.status).toBe(423);
    expect(third.body.message).toMatch(/locked/);
    expect((await client.login('pat@example.org', TEST_PASSWORD)).status).toBe(423);
    const audit = await t.app.stores.audit.list({});
    expect(audit.map((e) => e.action)).toEqual(expect.arrayContaining(['auth.login_failed', 'auth.locked']));
  });

  it('refuses a state-changing request without the CSRF token', async () => {
    await addStaff(t.app, { email: 'pat@example.org' });
    const theCase = await new TestParent(t.url, sink.url).opensCase(t.app);
    const client = await ConsoleClient.signedIn(t.url, 'pat@example.org');
    const noToken = await client.post(`/api/console/cases/${theCase.id}/claim`, {}, { csrf: false });
    expect(noToken.status).toBe(403);
    expect(noToken.body.code).toBe('CsrfTokenInvalid');
    client.csrfToken = 'x'.repeat(43);
    expect((await client.post(`/api/console/cases/${theCase.id}/claim`)).status).toBe(403);
    expect((await t.app.stores.cases.get(theCase.id))?.status).toBe('new');
  });

  it('ends a session after the idle timeout', async () => {
    await addStaff(t.app, { email: 'pat@example.org' });
    const client = await ConsoleClient.signedIn(t.url, 'pat@example.org');
    expect((await client.get('/api/console/session')).status).toBe(200);
    // Age the session past its idle timeout (1 minute here) in the store, as time passing would.
    const sessions = await t.app.stores.database.collection<{ _id: string; expiresAt: Date }>({
      name: 'staff_sessions',
    });
    await sessions.updateMany({}, { $set: { expiresAt: new Date(Date.now() - 1000) } });
    const expired = await client.get('/api/console/session');
    expect(expired.status).toBe(401);
    expect(expired.body.message).toMatch(/session has ended/);
  });

  it("answers 404 for another school's case, and audits the attempt", async () => {
    const riverside = await new TestParent(t.url, sink.url).opensCase(t.app, {
      schoolId: 'riverside-high',
    });
    const psw = await addStaff(t.app, { email: 'pat@example.org', schools: ['oakfield-primary'] });
    const client = await ConsoleClient.signedIn(t.url, 'pat@example.org');
    expect((await client.get(`/api/console/cases/${riverside.id}`)).status).toBe(404);
    expect((await client.post(`/api/console/cases/${riverside.id}/claim`)).status).toBe(404);
    expect((await client.get('/api/console/cases/no-such-case')).status).toBe(404);
    const listed = await client.get<{ cases: Array<{ id: string }> }>('/api/console/cases');
    expect(listed.body.cases.map((c) => c.id)).not.toContain(riverside.id);
    expect(await t.app.stores.audit.list({ actorId: psw.id })).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ action: 'case.view_refused', caseId: riverside.id }),
      ]),
    );
    expect((await t.app.stores.cases.get(riverside.id))?.status).toBe('new');
  });

  it('explains how to create the first admin when there are no accounts', () => {
    expect(t.logLines().join('\n')).toContain('npm run users -- add <email> --role admin --schools all');
  });

  it('marks the cookie Secure with the __Host- prefix when the public URL is https', async () => {
    const secure = await startTestApp({ PUBLIC_URL: 'https://psa.example.org' });
    try {
      await addStaff(secure.app, { email: 'pat@example.org' });
      const res = await new ConsoleClient(secure.url).login('pat@example.org', TEST_PASSWORD);
      expect(res.headers.get('set-cookie')).toMatch(
        /^__Host-psa_console=[\w-]+; Path=\/; HttpOnly; SameSite=Strict; Secure$/,
      );
    } finally {
      await secure.dispose();
    }
  });
});

describe('console settings', () => {
  it('refuses to start with a bad value, naming the variable', () => {
    let problems: string[] = [];
    try {
      loadConfig({ CONSOLE_LOCKOUT_ATTEMPTS: '0', CONSOLE_SESSION_IDLE_MINUTES: 'soon' });
    } catch (err) {
      if (err instanceof ConfigError) problems = err.problems;
    }
    expect(problems).toEqual([
      expect.stringContaining('CONSOLE_SESSION_IDLE_MINUTES'),
      expect.stringContaining('CONSOLE_LOCKOUT_ATTEMPTS'),
    ]);
  });
});
