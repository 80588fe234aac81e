import { addStaff, ConsoleClient, TEST_PASSWORD } from '../support/console';
import { startTestApp, type TestApp } from '../support/testApp';

describe('console sign-in under attack', () => {
  jest.setTimeout(60_000);
  let t: TestApp;
  afterEach(async () => {
    await t?.dispose();
  });

  it('checks no more than the lockout allows when wrong passwords come in parallel', async () => {
    t = await startTestApp({
      CONSOLE_LOCKOUT_ATTEMPTS: '5',
      CONSOLE_LOGIN_ATTEMPTS_PER_ADDRESS: '1000',
      CONSOLE_LOGIN_ATTEMPTS_PER_ACCOUNT: '1000',
    });
    await addStaff(t.app, { email: 'pat@example.org' });
    const guesses = await Promise.all(
      Array.from({ length: 60 }, (_, i) =>
        new ConsoleClient(t.url).login('pat@example.org', `wrong guess ${i}`),
      ),
    );
    const statuses = guesses.map((g) => g.status);
    expect(statuses.filter((s) => s === 401).length).toBeLessThanOrEqual(4);
    expect(statuses.filter((s) => s === 423).length).toBeGreaterThanOrEqual(55);
    const checked = (await t.app.stores.audit.list({})).filter((e) => e.action === 'auth.login_failed');
    expect(checked.length).toBeLessThanOrEqual(5);
    expect((await new ConsoleClient(t.url).login('pat@example.org', TEST_PASSWORD)).status).toBe(423);
  });

  it('limits attempts per client address, whatever e-mail they name', async () => {
    t = await startTestApp({ CONSOLE_LOGIN_ATTEMPTS_PER_ADDRESS: '3' });
    await addStaff(t.app, { email: 'pat@example.org' });
    const statuses: number[] = [];
    for (const email of ['a@example.org', 'b@example.org', 'c@example.org', 'pat@example.org']) {
      statuses.push((await new ConsoleClient(t.url).login(email, 'wrong password')).status);
    }
    expect(statuses).toEqual([401, 401, 401, 429]);
    const refused = await new ConsoleClient(t.url).login('pat@example.org', TEST_PASSWORD);
    expect(refused.status).toBe(429);
    expect(refused.body).toMatchObject({ code: 'TooManySignInAttempts' });
  });

  it('limits an unknown e-mail exactly as a known one, so the limit does not tell them apart', async () => {
    t = await startTestApp({ CONSOLE_LOGIN_ATTEMPTS_PER_ACCOUNT: '2', CONSOLE_LOCKOUT_ATTEMPTS: '10' });
    await addStaff(t.app, { email: 'pat@example.org' });
    const tries = async (email: string) => {
      const answers = [];
      for (let i = 0; i < 3; i++) answers.push(await new ConsoleClient(t.url).login(email, 'wrong password'));
      return answers;
    };
    const known = await tries('pat@example.org');
    const unknown = await tries('nobody@example.org');
    expect(known.map((a) => a.status)).toEqual([401, 401, 429]);
    expect(unknown.map((a) => a.status)).toEqual([401, 401, 429]);
    expect(unknown[2]!.body).toEqual(known[2]!.body);
    // Only the e-mail that used its attempts is limited.
    expect((await new ConsoleClient(t.url).login('PAT@example.org', TEST_PASSWORD)).status).toBe(429);
  });

  it('caps the live update streams one session may hold open', async () => {
    t = await startTestApp({ CONSOLE_STREAMS_PER_SESSION: '2' });
    await addStaff(t.app, { email: 'pat@example.org' });
    const psw = await ConsoleClient.signedIn(t.url, 'pat@example.org');
    const other = await ConsoleClient.signedIn(t.url, 'pat@example.org');
    const abort = new AbortController();
    const open = (client: ConsoleClient) =>
      fetch(`${t.url}/api/console/events`, { headers: { cookie: client.cookie! }, signal: abort.signal });
    try {
      const first = await open(psw);
      const second = await open(psw);
      const third = await open(psw);
      expect([first.status, second.status, third.status]).toEqual([200, 200, 429]);
      expect((await open(other)).status).toBe(200);
    } finally {
      abort.abort();
    }
  });
});
