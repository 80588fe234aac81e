import type { Recognizer } from '../../src/nlu/Recognizer';
import { expectReplies, OUT_OF_HOURS, startChat, texts, type Chat } from './harness';

/** 999 first, and that PSWs are not an emergency service; the helplines fit the risk (riskResponse.test.ts). */
function expectEmergencyMessage(text: string | undefined): void {
  expect(text).toMatch(/^I am worried about what you said\. If anyone is in danger now, call \[?999/);
  expect(text).toMatch(/Parent Support Workers \(PSWs\) are not an emergency service/);
}

describe('safeguarding in the conversation', () => {
  let chat: Chat;
  afterEach(() => chat.dispose());

  it("answers a risk message first with the emergency message, the area's front door and the helplines", async () => {
    chat = await startChat();
    const replies = await chat.say('my son says he wants to kill himself');
    expectEmergencyMessage(texts(replies)[0]);
    for (const number of ['0151 459 2606', '0808 800 5000', '116 123', 'SHOUT to 85258'])
      expect(texts(replies)[0]).toContain(number);
    expect(texts(replies)[0]).toContain("Liverpool Children's Advice and Support Service (CASS)");
    expect(texts(replies)[0]).not.toContain('0808 2000 247');
    // Then the welcome (it is automated) and a kind way on.
    expectReplies(replies, [/automated assistant/, chat.content.copy.menu.prompt]);
  });

  it('adds the National Domestic Abuse Helpline when it is about a partner', async () => {
    chat = await startChat();
    await chat.say('hi');
    const replies = await chat.say('my partner hits me and I am scared');
    expectEmergencyMessage(texts(replies)[0]);
    expect(texts(replies)[0]).toContain('National Domestic Abuse Helpline on [0808 2000 247]');
    expectReplies(replies, [chat.content.copy.safeguarding.followUp, chat.content.copy.menu.prompt]);
  });

  it('answers first even in the middle of a referral, then asks the same question again', async () => {
    chat = await startChat();
    for (const say of [
      'hi',
      'Ask a PSW to contact me',
      'Yes, I agree',
      'Oakfield Primary School',
      'Sam Sample',
    ]) {
      await chat.say(say);
    }
    const replies = await chat.say('he hit me again last night');
    expectEmergencyMessage(texts(replies)[0]);
    expectReplies(replies, [
      chat.content.copy.safeguarding.resume,
      chat.content.copy.referral.askContactMethod,
    ]);
  });

  it('marks a referral made after a risk message urgent, and says so', async () => {
    chat = await startChat({ now: OUT_OF_HOURS });
    for (const say of [
      'hi',
      'Ask a PSW to contact me',
      'Yes, I agree',
      'Oakfield Primary School',
      'Sam Sample',
      'Phone call',
      '07700 900123',
      'Any time',
      'Neither',
      'skip',
      'skip',
    ]) {
      await chat.say(say);
    }
    // The disclosure comes in the parent's own words: the emergency message first, and the words are kept.
    const words = "My daughter's stepdad touched her inappropriately";
    const replies = await chat.say(words);
    expectEmergencyMessage(texts(replies)[0]);
    // After a risk message the 0 to 10 question is not asked: check your answers follows.
    expect(texts(replies).join('\n')).not.toContain(chat.content.copy.referral.askWellbeing);
    expect(texts(replies).join('\n')).toContain(`Your words: ${words}`);
    const sent = await chat.say('Yes, send it');
    expectReplies(sent, [/Your reference is/, chat.content.copy.referral.urgentNote]);
    // The risk message itself opened a safeguarding case (no case was open yet); the referral is urgent too.
    const saved = (await chat.cases()).find((c) => c.kind === 'referral');
    expect(saved).toMatchObject({ kind: 'referral', urgent: true });
    expect(saved?.history[0]).toMatchObject({ action: 'open', reason: 'urgent' });
  });

  it('marks a case opened before the risk message urgent', async () => {
    chat = await startChat();
    for (const say of [
      'hi',
      'Ask a PSW to contact me',
      'Yes, I agree',
      'Oakfield Primary School',
      'Sam Sample',
      'Email',
      'sam@example.com',
      'Any time',
      'skip',
      'skip',
      'He is angry a lot.',
      'skip',
      'Yes, send it',
    ]) {
      await chat.say(say);
    }
    expect((await chat.cases())[0]?.urgent).toBe(false);
    await chat.say('actually I am scared he will hurt me, my husband hit me');
    const [saved] = await chat.cases();
    expect(saved?.urgent).toBe(true);
    expect(saved?.history.at(-1)).toMatchObject({ action: 'safeguarding_concern', by: 'bot' });
    expect(await chat.cases()).toHaveLength(1);
  });

  it('gives the emergency message first when the language service is down (it needs no network)', async () => {
    const failing: Recognizer = {
      recognize: () => Promise.reject(new Error('language service unreachable')),
    };
    chat = await startChat({ recognizer: failing, turnErrorHandler: true });
    await chat.say('hi');
    // With a question besides, so the language service is asked (and fails) after the emergency message.
    const replies = await chat.say('i want to die. is the service free?');
    expectEmergencyMessage(texts(replies)[0]);
    expect(texts(replies).at(-1)).toBe(chat.content.copy.turnError);
  });

  it('does not alarm on everyday phrases', async () => {
    chat = await startChat();
    await chat.say('hi');
    const replies = await chat.say("he's killing it at football but the homework is killing me");
    expect(texts(replies).join('\n')).not.toContain('999');
    expect(chat.logLines().join('\n')).not.toContain('emergency reply sent');
  });

  it('logs the risk without the message text', async () => {
    chat = await startChat();
    await chat.say('my son is missing');
    const lines = chat.logLines().join('\n');
    expect(lines).toContain('emergency reply sent');
    expect(lines).toContain('missing_child');
    expect(lines).not.toContain('my son is missing');
  });
});
