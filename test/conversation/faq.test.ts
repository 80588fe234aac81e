import { buttons, contentAndModel, expectReplies, startChat, texts, type Chat } from './harness';

describe('questions about the service (FAQ)', () => {
  let chat: Chat;
  beforeEach(async () => {
    chat = await startChat();
    await chat.say('hi');
  });
  afterEach(() => chat.dispose());

  it('answers every FAQ asked in words, then offers more help', async () => {
    const { content } = await contentAndModel();
    for (const faq of content.faqs) {
      const replies = await chat.say(faq.question);
      expect(texts(replies)[0]).toBe(faq.answer);
      expectReplies(replies, [content.copy.menu.promptAgain]);
    }
  });

  it.each([
    ['will you tell anyone what I say', 'confidential'],
    ['how much does it cost', 'cost'],
    ['are psws social workers', 'not_social_worker'],
    ['can you send help', 'emergency'],
  ])('answers "%s" with the %s answer', async (question, faqId) => {
    const { content } = await contentAndModel();
    const replies = await chat.say(question);
    expect(texts(replies)[0]).toBe(content.faqs.find((f) => f.id === faqId)?.answer);
  });

  it('explains confidentiality plainly, always within child protection guidelines', async () => {
    const [answer] = texts(await chat.say('is it confidential?'));
    expect(answer).toMatch(/confidential, within child protection guidelines/);
    expect(answer).toMatch(/could be harmed. Then they tell the people who keep them safe/);
  });

  it('lists the questions, and answers one chosen by number', async () => {
    const { content } = await contentAndModel();
    const list = await chat.say('Questions about the service');
    expect(buttons(list)).toEqual(content.faqs.map((f) => f.question));
    const replies = await chat.say('3');
    expect(texts(replies)[0]).toBe(content.faqs[2]?.answer);
  });

  it('at the list, understands a question typed in words', async () => {
    await chat.say('Questions about the service');
    const replies = await chat.say('do I have to pay?');
    expect(texts(replies)[0]).toMatch(/free for parents and carers/);
  });

  it('asks "did you mean" when unsure; yes answers it', async () => {
    const { content } = await contentAndModel();
    const unsure = await chat.say('is there anything');
    const didYouMean = texts(unsure).find((t) => t.startsWith('Did you mean'));
    expect(didYouMean).toBeDefined();
    expect(buttons(unsure)).toEqual(['Yes', 'No']);
    expect(didYouMean).not.toMatch(/\?"?\?/); // one question mark, not "…?"?
    const question = /"(.*)"/.exec(didYouMean ?? '')?.[1];
    const replies = await chat.say('yes');
    expect(texts(replies)[0]).toBe(content.faqs.find((f) => f.question === question)?.answer);
  });

  it('after "did you mean", no shows the list of questions', async () => {
    const { content } = await contentAndModel();
    await chat.say('is there anything');
    const replies = await chat.say('no');
    expectReplies(replies, [content.copy.faq.noMatch, content.copy.faq.menuPrompt]);
  });

  it('gives the short answer by SMS', async () => {
    const sms = await startChat({ channelId: 'sms' });
    try {
      const { content } = await contentAndModel();
      const replies = await sms.say('is it free?');
      const cost = content.faqs.find((f) => f.id === 'cost');
      expect(texts(replies)).toContain(cost?.smsAnswer);
      expect(texts(replies)).not.toContain(cost?.answer);
    } finally {
      await sms.dispose();
    }
  });
});
