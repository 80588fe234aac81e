import { expectReplies, startChat, texts, type Chat } from './harness';

/**
 * The reply fits the risk (issue 17): 999 first, then the help for what the parent told us, with
 * tap-to-call links in chat (plain text by SMS), and then the conversation goes on with what the
 * parent asked, with a PSW offered.
 */
const FIRST_LINE =
  /^I am worried about what you said\. If anyone is in danger now, call \[999\]\(tel:999\)\./;
const DOMESTIC_ABUSE_LINE = '[0808 2000 247](tel:+448082000247)';
const SAMARITANS = '[116 123](tel:116123)';
const FRONT_DOOR = '[0151 459 2606](tel:+441514592606)';
const NSPCC = '[0808 800 5000](tel:+448088005000)';

describe('the reply fits the risk', () => {
  let chat: Chat;
  afterEach(() => chat.dispose());

  it('abuse by a partner: the National Domestic Abuse Helpline, then the sleep question is answered', async () => {
    chat = await startChat();
    await chat.say('hi');
    const replies = await chat.say(
      'My partner hits me and I am scared. How can I get my son to sleep at night?',
    );
    const [emergency] = texts(replies);
    expect(emergency).toMatch(FIRST_LINE);
    expect(emergency).toContain(`Call the National Domestic Abuse Helpline on ${DOMESTIC_ABUSE_LINE}`);
    expect(emergency).not.toContain('Samaritans');
    // Then what the parent asked: help with sleep, and a PSW offered.
    expectReplies(replies, [
      emergency ?? '',
      'Here is some help for "Routines and sleep":',
      /Would you like a PSW to contact you\?/,
    ]);
  });

  it('thoughts of suicide: Samaritans and Shout, then the question about cost is answered', async () => {
    chat = await startChat();
    await chat.say('hi');
    const replies = await chat.say('I keep thinking about ending my life. Is the service free?');
    const [emergency] = texts(replies);
    expect(emergency).toMatch(FIRST_LINE);
    expect(emergency).toContain(`Call Samaritans on ${SAMARITANS}, any time, or text SHOUT to 85258.`);
    expect(emergency).not.toContain('National Domestic Abuse Helpline');
    expectReplies(replies, [
      emergency ?? '',
      chat.content.faqs.find((f) => f.id === 'cost')?.answer ?? 'the cost answer',
      chat.content.copy.safeguarding.offerPsw,
    ]);
  });

  it("a child at risk: the area's children's social care and the NSPCC, then the question is answered", async () => {
    chat = await startChat();
    await chat.say('hi');
    const replies = await chat.say(
      'Someone touched my daughter inappropriately at the park. When are the PSWs working?',
    );
    const [emergency] = texts(replies);
    expect(emergency).toMatch(FIRST_LINE);
    expect(emergency).toContain(
      `Call Liverpool Children's Advice and Support Service (CASS) on ${FRONT_DOOR} (Monday to Friday, 8am to 10pm), or the NSPCC on ${NSPCC}.`,
    );
    expect(emergency).not.toContain('Samaritans');
    expect(emergency).not.toContain('National Domestic Abuse Helpline');
    const workingHours = chat.content.faqs.find((f) => f.id === 'working_hours');
    expect(texts(replies).slice(1).join('\n')).toContain(workingHours?.answer.split('\n')[0] ?? '?');
    expectReplies(replies, [emergency ?? '', chat.content.copy.safeguarding.offerPsw]);
  });

  it('by SMS the numbers stay plain text', async () => {
    chat = await startChat({ channelId: 'sms' });
    await chat.say('hi');
    const [emergency] = texts(await chat.say('My partner hits me and I am scared.'));
    expect(emergency).toMatch(/^I am worried about what you said\. If anyone is in danger now, call 999\./);
    expect(emergency).toContain('National Domestic Abuse Helpline on 0808 2000 247.');
    expect(emergency).not.toContain('tel:');
    expect(emergency).not.toContain('Samaritans');
  });

  it('with nothing else asked, a kind way on (the menu), not "I did not understand"', async () => {
    chat = await startChat();
    await chat.say('hi');
    const replies = await chat.say('My son has gone missing.');
    expect(texts(replies)[0]).toMatch(FIRST_LINE);
    expectReplies(replies, [chat.content.copy.safeguarding.followUp, chat.content.copy.menu.prompt]);
    expect(texts(replies)).not.toContain(chat.content.copy.notUnderstood);
  });
});
