import { expectReplies, IN_HOURS, OUT_OF_HOURS, startChat, texts, type Chat } from './harness';

describe('talk to a person', () => {
  let chat: Chat;
  afterEach(() => chat.dispose());

  it('in working hours: after the privacy notice, opens a live chat case and says what happens', async () => {
    chat = await startChat({ now: IN_HOURS });
    const { privacy, copy } = chat.content;
    await chat.say('hi');
    expectReplies(await chat.say('I want to talk to a person'), [copy.school.prompt]);
    expectReplies(await chat.say('Willow Bank Primary School'), [...privacy.summary, privacy.agreePrompt]);
    const replies = await chat.say('Yes, I agree');
    expectReplies(replies, [
      /^I have asked a PSW to chat with you here\..*Your reference is [2-9A-Z]{3}-[2-9A-Z]{3}\./,
      copy.person.whileYouWait,
    ]);
    // It waits for the PSW rather than showing the menu again.
    expect(texts(replies)).not.toContain(copy.menu.promptAgain);
    const [liveChat] = await chat.cases();
    expect(liveChat).toMatchObject({
      kind: 'live_chat',
      status: 'new',
      schoolId: 'willow-bank-primary',
      urgent: false,
      details: { privacyNoticeVersion: privacy.version, privacyAgreedAt: IN_HOURS.toISOString() },
    });
  });

  it('out of hours: says when someone is back, gives emergency numbers, and offers a callback referral', async () => {
    chat = await startChat({ now: OUT_OF_HOURS });
    const { copy } = chat.content;
    await chat.say('hi', { schoolId: 'oakfield-primary' });
    const replies = await chat.say('talk to a person', { schoolId: 'oakfield-primary' });
    expectReplies(replies, [
      'The PSWs at Oakfield Primary School are not working now. A person will be back tomorrow at 8:15am.',
      /call 999.*NSPCC on 0808 800 5000.*Samaritans on 116 123/,
      copy.person.offerCallback,
    ]);
    expect(await chat.cases()).toHaveLength(0);

    const callback = await chat.say('Yes, call me back', { schoolId: 'oakfield-primary' });
    expectReplies(callback, [/privacy notice/]);
    const started = await chat.say('Yes, I agree', { schoolId: 'oakfield-primary' });
    // A callback is by phone: it asks the name, then the number, not how to be contacted.
    expectReplies(started, [copy.referral.callbackIntro, copy.referral.askName]);
    expectReplies(await chat.say('Sam Sample', { schoolId: 'oakfield-primary' }), [copy.referral.askPhone]);
  });

  it('out of hours, "no thanks" to a callback leaves it there', async () => {
    chat = await startChat({ now: OUT_OF_HOURS });
    await chat.say('hi');
    await chat.say('talk to a person');
    await chat.say('Riverside High School');
    expectReplies(await chat.say('No, thanks'), [
      chat.content.copy.person.callbackDeclined,
      chat.content.copy.menu.promptAgain,
    ]);
  });

  it('on a Saturday in term time, names the next working day', async () => {
    chat = await startChat({ now: new Date('2026-11-28T11:00:00Z') });
    await chat.say('hi');
    await chat.say('talk to a person');
    expect(texts(await chat.say('Willow Bank Primary School'))[0]).toBe(
      'The PSWs at Willow Bank Primary School are not working now. A person will be back on Monday 30 November at 8:30am.',
    );
  });
});
