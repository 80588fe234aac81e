import { buttons, expectReplies, OUT_OF_HOURS, startChat, texts, type Chat } from './harness';

/** A referral at Oakfield, answered up to the "best time to contact you" question. */
async function midReferral(chat: Chat): Promise<void> {
  for (const say of [
    'hi',
    'Ask a PSW to contact me',
    'Yes, I agree',
    'Oakfield Primary School',
    'Sam Sample',
    'Phone call',
  ]) {
    await chat.say(say);
  }
  expectReplies(await chat.say('07700 900123'), [chat.content.copy.referral.askContactTime]);
}

describe('interruptions at any step', () => {
  let chat: Chat;
  beforeEach(async () => {
    chat = await startChat({ now: OUT_OF_HOURS });
  });
  afterEach(() => chat.dispose());

  it('"back" asks the previous question again, and again', async () => {
    const { copy } = chat.content;
    await midReferral(chat);
    expectReplies(await chat.say('back'), [copy.referral.askPhone]);
    expectReplies(await chat.say('go back'), [copy.referral.askContactMethod]);
    expectReplies(await chat.say('Text message'), [copy.referral.askPhone]);
    expectReplies(await chat.say('07700 900999'), [copy.referral.askContactTime]);
  });

  it('"back" at the first question leaves the referral for the menu', async () => {
    await chat.say('hi');
    await chat.say('Ask a PSW to contact me');
    await chat.say('Yes, I agree');
    expectReplies(await chat.say('back'), [chat.content.copy.menu.prompt]);
  });

  it('"back" at check your answers asks the last question again', async () => {
    await midReferral(chat);
    for (const say of ['Any time', 'yes', 'skip', 'skip', 'We just need a chat.', 'Behaviour'])
      await chat.say(say);
    expectReplies(await chat.say('skip'), [chat.content.copy.referral.checkIntro]);
    // The last question was the 0 to 10 one.
    expectReplies(await chat.say('back'), [chat.content.copy.referral.askWellbeing]);
  });

  it('"help" explains, then asks the same question again', async () => {
    await midReferral(chat);
    const replies = await chat.say('help');
    expectReplies(replies, [...chat.content.copy.help, chat.content.copy.referral.askContactTime]);
    expect(buttons(replies)).toEqual(['Any time', 'Morning', 'Afternoon']);
  });

  it('a question is answered, then the same step is asked again', async () => {
    await midReferral(chat);
    const replies = await chat.say('is it confidential?');
    expectReplies(replies, [
      /confidential, within child protection guidelines/,
      chat.content.copy.commands.resume,
      chat.content.copy.referral.askContactTime,
    ]);
    expectReplies(await chat.say('Morning'), [chat.content.copy.referral.askSafeToTextOrVoicemail]);
  });

  it('a short question in a free-text answer is answered; the answer itself is kept as an answer', async () => {
    await midReferral(chat);
    for (const say of ['Any time', 'yes', 'skip', 'skip']) await chat.say(say);
    expectReplies(await chat.say('Will I be judged?'), [
      /^PSWs are there to help, not to blame or judge you/,
      chat.content.copy.referral.askWords,
    ]);
    const words = 'He will not listen and I need help with his behaviour at home.';
    // The words name the topic (behaviour): the 0 to 10 question is next.
    expectReplies(await chat.say(words), [chat.content.copy.referral.askWellbeing]);
    expect(texts(await chat.say('5')).join('\n')).toContain(`Your words: ${words}`);
  });

  it('"start again" forgets the referral and shows the menu', async () => {
    await midReferral(chat);
    expectReplies(await chat.say('start again'), [
      chat.content.copy.commands.restarted,
      chat.content.copy.menu.prompt,
    ]);
    await chat.say('Ask a PSW to contact me');
    // Privacy was agreed in this conversation, so the referral starts again at the school.
    expect(texts(await chat.say('hello'))).not.toContain(chat.content.copy.referral.askName);
  });

  it('"stop" ends it; nothing is sent, and the next message starts afresh', async () => {
    await midReferral(chat);
    expectReplies(await chat.say('stop'), [chat.content.copy.commands.stopped]);
    expect(await chat.cases()).toHaveLength(0);
    expectReplies(await chat.say('hello'), [chat.content.copy.menu.prompt]);
  });

  it('"talk to a person" leaves the referral for a person', async () => {
    await midReferral(chat);
    const replies = await chat.say('talk to a person');
    expectReplies(replies, [
      /not working now\. A person will be back tomorrow at 8:15am/,
      chat.content.copy.person.offerCallback,
    ]);
  });

  it('a number chooses at every choice, and a wrong number is asked again kindly', async () => {
    await midReferral(chat);
    expectReplies(await chat.say('7'), [chat.content.copy.choiceRetry]);
    expectReplies(await chat.say('2'), [chat.content.copy.referral.askSafeToTextOrVoicemail]);
    expectReplies(await chat.say('5'), [chat.content.copy.choiceRetry]);
    expectReplies(await chat.say('4'), [chat.content.copy.referral.askChildName]);
  });
});
