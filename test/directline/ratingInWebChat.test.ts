import { ConsoleClient, addStaff } from '../support/console';
import {
  buttons,
  DirectLineClient,
  type ActivityStream,
  type WireActivity,
} from '../support/directLineClient';
import { startTestApp, type TestApp } from '../support/testApp';

// Oakfield Primary works 08:15-16:00 on Mondays in term time (content/schools.json).
const MONDAY_MORNING = new Date('2026-11-23T10:00:00Z');

/**
 * Issue 11, feedback in web chat, through the local Direct Line the widget uses: after a case
 * closes, the rating question has buttons, and a rating given with words is stored with them.
 */
describe('feedback in web chat', () => {
  let t: TestApp;
  let stream: ActivityStream;
  let client: DirectLineClient;
  beforeEach(async () => {
    t = await startTestApp({}, { now: () => MONDAY_MORNING });
    client = await DirectLineClient.start(t.url);
    stream = await client.openStream();
  });
  afterEach(async () => {
    await stream.close();
    await t.dispose();
  });

  const fromBot = (a: WireActivity) => a.from?.role !== 'user';
  /** Sends as the parent and waits for the bot's reply that matches. */
  const sayAndWait = async (text: string, match: (a: WireActivity) => boolean) => {
    const before = stream.activities.length;
    await client.say(text);
    return await stream.waitFor((a) => stream.activities.indexOf(a) >= before && fromBot(a) && match(a));
  };

  it('asks for a rating with buttons 1 to 5 and Skip, keeps "5 - Pat was lovely" as a 5 and its comment, then 0 to 10 with buttons', async () => {
    const { privacy } = t.app.content;
    const { handoff } = t.app.content;
    await sayAndWait('talk to a person', (a) => a.text === privacy.agreePrompt);
    await sayAndWait('yes', (a) => /Your reference is/.test(a.text ?? ''));
    const [liveChat] = await t.app.stores.cases.list({});
    if (!liveChat) throw new Error('no live chat was opened');

    await addStaff(t.app, { email: 'pat@example.org', displayName: 'Pat Example' });
    const psw = await ConsoleClient.signedIn(t.url, 'pat@example.org');
    expect((await psw.post(`/api/console/cases/${liveChat.id}/claim`)).status).toBe(200);
    const before = stream.activities.length;
    expect((await psw.post(`/api/console/cases/${liveChat.id}/close`, { outcome: 'resolved' })).status).toBe(
      200,
    );
    const question = await stream.waitFor(
      (a) => stream.activities.indexOf(a) >= before && a.text === handoff.askRating,
    );
    expect(question.text).not.toMatch(/SKIP/);
    expect(buttons(question)).toEqual(['1', '2', '3', '4', '5', handoff.skipButton]);

    // Then "how are things at home", with buttons 0 to 10 and Skip.
    const scale = await sayAndWait('5 - Pat was lovely', (a) => a.text === handoff.askWellbeing);
    expect(buttons(scale)).toEqual([
      '0',
      '1',
      '2',
      '3',
      '4',
      '5',
      '6',
      '7',
      '8',
      '9',
      '10',
      handoff.skipButton,
    ]);
    await sayAndWait('seven', (a) => a.text === handoff.thanks);
    expect((await t.app.stores.cases.get(liveChat.id))?.wellbeing).toEqual({ end: 7 });
    expect(await t.app.stores.feedback.list({ caseId: liveChat.id })).toEqual([
      expect.objectContaining({ rating: 5, comment: 'Pat was lovely', schoolId: 'oakfield-primary' }),
    ]);
    // Not taken as thanks by the assistant ("You are welcome."): the rating was the answer.
    expect(stream.activities.map((a) => a.text)).not.toContain(t.app.content.copy.commands.thanks);
  });
});
