import { startChat, texts, type Chat } from '../conversation/harness';
import { beforeConsentSentence } from '../support/content';

/**
 * Issue 14: until a parent agrees to the privacy notice only what safety needs is kept. The
 * welcome says so in one sentence; what is written before agreement is marked, so the retention
 * sweep keeps it only for the pre-consent period; agreement goes in the register of consents.
 */
describe('before the parent agrees to the privacy notice', () => {
  let chat: Chat;
  afterEach(() => chat.dispose());

  it('says in the welcome what is kept, marks messages before consent, and registers the consent', async () => {
    chat = await startChat();
    const { privacy, copy } = chat.content;
    const welcome = texts(await chat.say('hello'));
    expect(welcome).toContain(beforeConsentSentence(chat.content));
    expect(welcome.indexOf(beforeConsentSentence(chat.content))).toBe(copy.welcome.length);

    await chat.say('Ask a PSW to contact me');
    await chat.say(privacy.agree);
    await chat.say('Oakfield Primary School');
    const transcript = await chat.transcript();
    const marked = (text: string) => transcript.find((e) => e.text === text)?.beforeConsent === true;
    expect(marked('hello')).toBe(true);
    expect(marked('Ask a PSW to contact me')).toBe(true);
    expect(marked('Oakfield Primary School')).toBe(false);
    // The bot's replies in the very turn the parent agreed are after consent; its agreement is not.
    const agreedAt = transcript.findIndex((e) => e.sender === 'parent' && e.text === privacy.agree);
    const nextParentLine = transcript.findIndex((e, i) => i > agreedAt && e.sender === 'parent');
    const repliesToAgreement = transcript.slice(agreedAt + 1, nextParentLine);
    expect(transcript[agreedAt]?.beforeConsent).toBe(true);
    expect(repliesToAgreement.length).toBeGreaterThan(0);
    expect(repliesToAgreement.filter((e) => e.beforeConsent === true)).toEqual([]);
    expect(transcript.at(-1)?.beforeConsent).toBeUndefined();

    const consents = await chat.stores.privacy.consents.list({});
    expect(consents.map((c) => [c.version, c.channelId])).toEqual([[privacy.version, 'test']]);
  });

  it('by SMS says it in the short form', async () => {
    chat = await startChat({ channelId: 'sms' });
    expect(texts(await chat.say('hello'))).toContain(beforeConsentSentence(chat.content, true));
  });
});
