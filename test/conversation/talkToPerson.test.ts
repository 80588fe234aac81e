import { expectReplies, IN_HOURS, OUT_OF_HOURS, startChat, texts, type Chat, type Reply } from './harness';

describe('talk to a person', () => {
  let chat: Chat;
  afterEach(() => chat.dispose());

  /** Asks for a person at Willow Bank and agrees to the privacy notice: returns the last turn's replies. */
  async function askForAPerson(): Promise<Reply[]> {
    await chat.say('hi');
    await chat.say('I want to talk to a person');
    await chat.say('Willow Bank Primary School');
    return await chat.say('Yes, I agree');
  }

  it('in working hours: after the privacy notice, opens a live chat case and says what happens in one message', async () => {
    chat = await startChat({ now: IN_HOURS });
    const { privacy, copy } = chat.content;
    await chat.say('hi');
    expectReplies(await chat.say('I want to talk to a person'), [copy.school.prompt]);
    expectReplies(await chat.say('Willow Bank Primary School'), [...privacy.summary, privacy.agreePrompt]);
    const replies = await chat.say('Yes, I agree');
    // One message: a person is asked for, the reference, the place in the queue and the wait,
    // how to leave and 999. Nothing else (no menu, no second "what happens next").
    expect(texts(replies)).toEqual([
      expect.stringMatching(
        new RegExp(
          [
            '^I have asked for a Parent Support Worker \\(PSW\\) to chat with you here\\. Your reference is [2-9A-Z]{3}-[2-9A-Z]{3}\\.',
            'You are number 1 in the queue for a PSW at Willow Bank Primary School\\. Someone should reply in about 10 minutes\\. You can keep writing here: they will see everything you send\\.',
            'Send LEAVE at any time to leave the queue\\. If anyone is in immediate danger, call 999\\.$',
          ].join('\n\n'),
        ),
      ),
    ]);
    const [liveChat] = await chat.cases();
    expect(texts(replies)[0]).toContain(`Your reference is ${liveChat?.reference}.`);
    expect(liveChat).toMatchObject({
      kind: 'live_chat',
      status: 'new',
      schoolId: 'willow-bank-primary',
      urgent: false,
      details: { privacyNoticeVersion: privacy.version, privacyAgreedAt: IN_HOURS.toISOString() },
    });
  });

  it('while waiting, sends what the parent writes to the PSW, not to the dialogs', async () => {
    chat = await startChat({ now: IN_HOURS });
    await askForAPerson();
    // A question the dialogs would answer, and a second "talk to a person", both go to the queue.
    for (const message of ['is it free?', 'talk to a person', 'My son will not go to school']) {
      expect(texts(await chat.say(message))).toEqual([
        'Thank you, a Parent Support Worker will see that. You are number 1 in the queue.',
      ]);
    }
    const cases = await chat.cases();
    expect(cases).toHaveLength(1);
    const transcript = await chat.stores.transcripts.list(cases[0]?.conversationKey ?? '');
    expect(transcript.filter((e) => e.sender === 'parent').map((e) => e.text)).toEqual(
      expect.arrayContaining(['is it free?', 'My son will not go to school']),
    );
  });

  it('"leave" takes the parent out of the queue, and the assistant answers again', async () => {
    chat = await startChat({ now: IN_HOURS });
    await askForAPerson();
    expect(texts(await chat.say('leave'))).toEqual([chat.content.handoff.leftQueue]);
    const [liveChat] = await chat.cases();
    expect(liveChat).toMatchObject({ status: 'closed' });
    expect(liveChat?.history.at(-1)).toMatchObject({ action: 'withdraw', reason: 'parent_left_queue' });
    expectReplies(await chat.say('is it free?'), [
      'The Parent Support Worker service is free for parents and carers.',
    ]);
  });

  it('"stop" while waiting leaves the queue too', async () => {
    chat = await startChat({ now: IN_HOURS });
    await askForAPerson();
    expect(texts(await chat.say('Stop'))).toEqual([chat.content.handoff.leftQueue]);
    expect((await chat.cases())[0]?.status).toBe('closed');
  });

  it('a risk message while waiting: the emergency message first, the case urgent, and the PSW sees it', async () => {
    chat = await startChat({ now: IN_HOURS });
    await askForAPerson();
    const replies = texts(await chat.say('he said he wants to kill himself'));
    expect(replies[0]).toMatch(/call \[?999/);
    expect(replies[0]).toContain('116 123');
    expect(replies.slice(1)).toEqual([
      'Thank you, a Parent Support Worker will see that. You are number 1 in the queue.',
    ]);
    const [liveChat] = await chat.cases();
    expect(liveChat).toMatchObject({ urgent: true, status: 'new' });
    expect(liveChat?.history.at(-1)).toMatchObject({ action: 'safeguarding_concern' });
    const transcript = await chat.stores.transcripts.list(liveChat?.conversationKey ?? '');
    expect(transcript.filter((e) => e.sender === 'parent').at(-1)?.text).toBe(
      'he said he wants to kill himself',
    );
  });

  it("near the end of the PSWs' day, says when they stop and when a person will reply instead", async () => {
    // Monday 15:25 UK time: Willow Bank's PSW stops at 3:30pm; 10 minutes would run past it.
    chat = await startChat({ now: new Date('2026-11-23T15:25:00Z') });
    const replies = texts(await askForAPerson());
    expect(replies).toHaveLength(1);
    expect(replies[0]).toContain(
      'The PSWs stop work today at 3:30pm. If nobody has replied by then, a person will reply on Wednesday 25 November at 8:30am.',
    );
    expect(replies[0]).not.toMatch(/about \d+ minutes/);
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
