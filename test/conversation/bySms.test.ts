import { beforeConsentSentence } from '../support/content';
import { fillTemplate } from '../../src/content/fillTemplate';
import { buttons, expectReplies, startChat, texts, type Chat } from './harness';

/** Where the conversation differs by SMS, driven through the TestAdapter with channel id 'sms'. */

/** From the first message to "How would you like the PSW to contact you?", at Oakfield Primary. */
async function upToContactMethod(chat: Chat): Promise<void> {
  await chat.say('hi');
  await chat.say('Ask a PSW to contact me');
  await chat.say('Yes, I agree');
  await chat.say('Oakfield Primary School');
  await chat.say('Sam Sample');
}

describe('the conversation by SMS', () => {
  let chat: Chat;
  afterEach(() => chat.dispose());

  it('welcomes in one short text that says it is automated and to call 999, then one question (not the menu)', async () => {
    chat = await startChat({ channelId: 'sms' });
    const replies = await chat.say('hi');
    expect(texts(replies)).toEqual([
      chat.content.sms.welcome,
      beforeConsentSentence(chat.content, true),
      chat.content.sms.opening,
    ]);
    // No buttons to list by SMS: the question says what to reply.
    expect(buttons(replies)).toEqual([]);
  });

  it('starts a referral on "yes" to the opening question, and shows the menu on "no"', async () => {
    chat = await startChat({ channelId: 'sms' });
    await chat.say('hi');
    // Without PUBLIC_URL (here) there is no page to link to: the whole summary, as on the web chat.
    const notice = texts(await chat.say('yes please'));
    expect(notice).toEqual([...chat.content.privacy.summary, chat.content.privacy.agreePrompt]);
    const other = await startChat({ channelId: 'sms' });
    try {
      await other.say('hello');
      expect(texts(await other.say('no thanks'))).toEqual([other.content.copy.menu.prompt]);
    } finally {
      await other.dispose();
    }
  });

  it('explains itself with the SMS help (how to stop texts) and asks the same question again', async () => {
    chat = await startChat({ channelId: 'sms' });
    await upToContactMethod(chat);
    const replies = await chat.say('help');
    expect(texts(replies)).toEqual([chat.content.sms.help, chat.content.copy.referral.askContactMethod]);
    // INFO, the other carrier word for help, too.
    expect(texts(await chat.say('INFO'))[0]).toBe(chat.content.sms.help);
  });

  it('says a PSW will text back, not "stay in this chat", when the parent asks for a person', async () => {
    chat = await startChat({ channelId: 'sms' });
    const { handoff } = chat.content;
    await chat.say('hi');
    await chat.say('Talk to a person');
    await chat.say('Oakfield Primary School');
    const replies = texts(await chat.say('Yes, I agree'));
    const reference = (await chat.cases())[0]?.reference ?? 'none';
    expect(replies[0]).toContain(fillTemplate(handoff.queuedBySms, { reference }));
    expect(replies.join(' ')).not.toContain('chat with you here');
  });

  it('names the number the parent is texting from in the contact question, by its last three digits, and uses it for the choice', async () => {
    chat = await startChat({ channelId: 'sms', senderPhone: '+447700900123' });
    const { copy, sms } = chat.content;
    const { referral } = copy;
    await chat.say('hi');
    await chat.say('Ask a PSW to contact me');
    await chat.say('Yes, I agree');
    await chat.say('Oakfield Primary School');
    const question = await chat.say('Sam Sample');
    expectReplies(question, [fillTemplate(sms.askContactMethodOwnNumber, { ending: '123' })]);
    expect(texts(question).join(' ')).not.toContain('900123');
    expect(buttons(question)).toEqual(Object.values(referral.contactMethods));
    expectReplies(await chat.say('Text message'), [referral.askContactTime]);
    // "skip" at the child's name and year skips both.
    for (const say of ['Any time', 'skip', 'We just need a chat.', 'Behaviour']) await chat.say(say);
    const check = texts(await chat.say('skip'));
    expect(check.join('\n')).toContain(`${sms.checkLabels.contactMethod}: Text message, 07700 900123`);
    await chat.say(referral.send);
    const [opened] = await chat.cases();
    expect(opened?.details).toMatchObject({ contactMethod: 'text', phone: '07700 900123', safeToText: true });
  });

  it('takes another number typed with the choice, and asks for one when the parent says no at check your answers', async () => {
    chat = await startChat({ channelId: 'sms', senderPhone: '+447700900123' });
    const { copy, sms } = chat.content;
    const { referral } = copy;
    await upToContactMethod(chat);
    expectReplies(await chat.say('phone me on 07700 900456'), [referral.askContactTime]);
    for (const say of ['Any time', 'Neither', 'skip', 'We just need a chat.', 'Behaviour'])
      await chat.say(say);
    const check = texts(await chat.say('skip')).join('\n');
    expect(check).toContain(`${sms.checkLabels.contactMethod}: Phone call, 07700 900456`);
    // Changing the number: the one texting from is offered, "no" asks for another.
    const offer = await chat.say('change the phone number');
    expectReplies(offer, [fillTemplate(referral.askUseOwnPhone, { ending: '123' })]);
    expect(buttons(offer)).toEqual([referral.useOwnPhone, referral.useOtherPhone]);
    expect(texts(await chat.say(referral.useOtherPhone))).toEqual([referral.askPhone]);
    const rechecked = texts(await chat.say('07700 900789')).join('\n');
    expect(rechecked).toContain(`${sms.checkLabels.contactMethod}: Phone call, 07700 900789`);
  });

  it('does not offer a number from abroad, which a PSW could not call as a UK number', async () => {
    chat = await startChat({ channelId: 'sms', senderPhone: '+33612345678' });
    await upToContactMethod(chat);
    expect(texts(await chat.say('Phone call'))).toEqual([chat.content.copy.referral.askPhone]);
  });

  it('keeps the number out of the transcript, the logs and the saved conversation unless a way that uses it is chosen', async () => {
    chat = await startChat({ channelId: 'sms', senderPhone: '+447700900123' });
    await upToContactMethod(chat);
    await chat.say('Email');
    const transcript = await chat.transcript();
    expect(transcript.length).toBeGreaterThan(5);
    const saved = JSON.stringify(await chat.savedState());
    expect(saved).toContain('referralDraft');
    for (const where of [JSON.stringify(transcript), saved, chat.logLines().join('\n')]) {
      expect(where).not.toContain('900123');
    }
  });
});

describe('the school year, on any channel', () => {
  let chat: Chat;
  afterEach(() => chat.dispose());

  async function upToYear(): Promise<void> {
    await upToContactMethod(chat);
    await chat.say('Email');
    await chat.say('sam@example.com');
    await chat.say('Any time');
    await chat.say('Jo');
  }

  it('takes a number as the year itself ("2" is Year 2, not the second choice)', async () => {
    chat = await startChat();
    await upToYear();
    expectReplies(await chat.say('2'), [chat.content.copy.referral.askWords]);
    await chat.say('We just need a chat.');
    await chat.say('Behaviour');
    const check = texts(await chat.say('5')).join('\n');
    expect(check).toContain(`${chat.content.copy.referral.labels.yearGroup}: Year 2`);
  });

  it('asks again for a year the school does not have, and takes "Y4" and "Reception"', async () => {
    chat = await startChat();
    await upToYear();
    expect(texts(await chat.say('9'))).toEqual([chat.content.copy.referral.yearGroupRetry]);
    expectReplies(await chat.say('Y4'), [chat.content.copy.referral.askWords]);
    await chat.say('back');
    expectReplies(await chat.say('Reception'), [chat.content.copy.referral.askWords]);
  });

  it('by SMS takes the name and year in one answer ("Jo, Year 3"), and a child not at school yet ("Mia, she is 3")', async () => {
    chat = await startChat({ channelId: 'sms' });
    const { copy, sms } = chat.content;
    await upToContactMethod(chat);
    await chat.say('Email');
    await chat.say('sam@example.com');
    expectReplies(await chat.say('Any time'), [sms.askChildNameAndYear]);
    expectReplies(await chat.say('Jo is in year 3'), [copy.referral.askWords]);
    await chat.say('back');
    const under = texts(await chat.say('Mia, she is 3')).join('\n');
    expect(under).toContain(copy.signposting.underFives);
    expect(under).toContain(copy.referral.askWords);
    for (const say of ['She bites.', 'skip']) await chat.say(say);
    await chat.say(copy.referral.send);
    const [made] = await chat.cases();
    expect(made?.details).toMatchObject({ childFirstName: 'Mia', childAge: 'Mia, she is 3' });
    expect(made?.details).not.toHaveProperty('yearGroup');
  });

  it('tells the SMS channel to list the years without numbers', async () => {
    chat = await startChat({ channelId: 'sms' });
    await upToContactMethod(chat);
    await chat.say('Email');
    await chat.say('sam@example.com');
    await chat.say('Any time');
    const [question] = await chat.say('Jo');
    expect(question?.channelData).toEqual({ sms: { numberedChoices: false } });
  });
});

describe('when the channel ends the conversation (the parent texted STOP)', () => {
  it('forgets the referral in progress, says nothing, and starts afresh next time', async () => {
    const chat = await startChat({ channelId: 'sms' });
    try {
      await upToContactMethod(chat);
      expect(await chat.end()).toEqual([]);
      const replies = await chat.say('hello');
      expectReplies(replies, [chat.content.copy.commands.greeting, chat.content.copy.menu.prompt]);
      expect(JSON.stringify(replies)).not.toContain(chat.content.copy.referral.askContactMethod);
    } finally {
      await chat.dispose();
    }
  });
});
