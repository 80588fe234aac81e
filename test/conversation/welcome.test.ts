import { buttons, expectReplies, startChat, texts, type Chat } from './harness';

describe('welcome and menu', () => {
  let chat: Chat;
  beforeEach(async () => {
    chat = await startChat();
  });
  afterEach(() => chat.dispose());

  it('welcomes on the first message: automated, PSW spelled out, what it can do, how to reach a person, 999', async () => {
    const replies = await chat.say('hi');
    const [first, second, third] = texts(replies);
    expect(first).toMatch(/automated assistant/);
    expect(first).toMatch(/Parent Support Worker \(PSW\)/);
    expect(second).toMatch(/ask a PSW to contact you/);
    expect(third).toMatch(/talk to a person/);
    expect(third).toMatch(/immediate danger, call 999/);
    expectReplies(replies, [chat.content.copy.menu.prompt]);
    expect(buttons(replies)).toEqual([
      'Ask a PSW to contact me',
      'Questions about the service',
      'Find other help',
      'Talk to a person',
    ]);
  });

  it('welcomes when the parent opens the chat, and not again on their first message', async () => {
    const opened = await chat.open();
    expect(texts(opened)[0]).toMatch(/automated assistant/);
    expect(buttons(opened)).toHaveLength(4);
    const next = await chat.say('hello');
    expect(texts(next).join(' ')).not.toMatch(/automated assistant/);
  });

  it('answers a question sent as the very first message, after the welcome', async () => {
    const replies = await chat.say('Is it free?');
    expectReplies(replies, [
      /automated assistant/,
      /free for parents and carers/,
      chat.content.copy.menu.promptAgain,
    ]);
  });

  it('says it is automated when asked', async () => {
    await chat.say('hi');
    const replies = await chat.say('are you a real person?');
    expect(texts(replies)[0]).toMatch(/^I am an automated assistant/);
  });

  it('accepts a menu choice by its number or its words', async () => {
    await chat.say('hi');
    expectReplies(await chat.say('2'), [chat.content.copy.faq.menuPrompt]);
    await chat.say('start again');
    expectReplies(await chat.say('find other help'), [chat.content.copy.signposting.prompt]);
  });

  it('asks one clarifying question when it did not understand, then offers a person', async () => {
    await chat.say('hi');
    const { described, menu } = chat.content.copy;
    const first = await chat.say('purple monkey dishwasher');
    expectReplies(first, [described.clarify]);
    expect(buttons(first)).toContain(menu.person);
    const second = await chat.say('banana telescope');
    expectReplies(second, [described.offerPerson]);
    expect(buttons(second)).toEqual([menu.referral, menu.faq, menu.signposting, menu.person]);
  });

  it('answers thanks and greetings', async () => {
    await chat.say('hi');
    expectReplies(await chat.say('thank you'), [
      chat.content.copy.commands.thanks,
      chat.content.copy.menu.promptAgain,
    ]);
    expectReplies(await chat.say('hello'), [
      chat.content.copy.commands.greeting,
      chat.content.copy.menu.prompt,
    ]);
  });

  it('at the menu, "help" explains what it can do and the commands', async () => {
    await chat.say('hi');
    expectReplies(await chat.say('help'), [
      /ask a PSW to contact you/,
      /'back'.*'start again'.*'stop'.*'talk to a person'/,
      /999/,
      chat.content.copy.menu.prompt,
    ]);
  });

  it('"stop" at the menu ends the conversation until the parent writes again, without claiming a form was dropped', async () => {
    await chat.say('hi');
    expectReplies(await chat.say('stop'), [chat.content.copy.commands.goodbye]);
    const after = await chat.say('hello again');
    expect(texts(after).join(' ')).not.toMatch(/automated assistant/);
    expectReplies(after, [chat.content.copy.menu.prompt]);
  });
});
