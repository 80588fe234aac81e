import { buttons, expectReplies, startChat, texts, type Chat } from './harness';

/**
 * Issue 11: what outside testers wrote, in their own words, through the real bot (safeguarding,
 * live handoff, dialogs, cases) and the real content and model.
 */
describe("the conversation copes with real parents' words", () => {
  let chat: Chat;
  beforeEach(async () => {
    chat = await startChat();
  });
  afterEach(() => chat.dispose());

  const all = async (text: string) => texts(await chat.say(text)).join('\n');

  /** Up to "check your answers" from the menu at Oakfield, with the answers given. */
  async function referralUpTo(answers: string[]): Promise<string> {
    await chat.say('hi');
    await chat.say('Ask a PSW to contact me');
    let last = '';
    for (const answer of answers) last = await all(answer);
    return last;
  }

  describe('FAQ answers stand alone, whichever way the question was asked', () => {
    it('"will my child\'s teacher find out?" is not answered "Yes..."', async () => {
      await chat.say('hi');
      const [answer] = texts(await chat.say("will my child's teacher find out?"));
      expect(answer).not.toMatch(/^(yes|no)\b/i);
      expect(answer).toMatch(/ask you before they share it with your child's teacher or the school/);
    });

    it('"will social services get involved if I ask for help" is not answered "No..."', async () => {
      await chat.say('hi');
      const [answer] = texts(await chat.say('will social services get involved if I ask for help'));
      expect(answer).not.toMatch(/^(yes|no)\b/i);
      expect(answer).toMatch(/only happens if a child or anyone else could be harmed/);
    });
  });

  describe('endings are polite and truthful', () => {
    it('"no" after a referral was sent says it was sent, never that nothing was', async () => {
      const sent = await referralUpTo([
        'ye',
        'oakfield',
        'Sam Sample',
        'ring me',
        '07700 900123',
        'morning',
        'texts only',
        'skip',
        'skip',
        'He shouts at his sister.',
        'Behaviour',
        '6',
        'send it',
      ]);
      const reference = /Your reference is ([2-9A-Z]{3}-[2-9A-Z]{3})/.exec(sent)?.[1] ?? 'none';
      const bye = await all('no');
      expect(bye).not.toMatch(/Nothing from that form was sent/);
      expect(bye).toContain(`Your request ${reference} has been sent`);
      expect(await chat.cases()).toHaveLength(1);
    });

    it('"bye", "that\'s all" and "no thanks" close politely', async () => {
      for (const goodbye of ['bye', "that's all", 'no thanks', 'no thats all thanks']) {
        await chat.say('hi');
        expectReplies(await chat.say(goodbye), [chat.content.copy.commands.goodbye]);
      }
    });

    it('"no thats all thanks" after an answered question closes politely', async () => {
      await chat.say('hi');
      await chat.say('is it free?');
      expectReplies(await chat.say('no thats all thanks'), [chat.content.copy.commands.goodbye]);
    });
  });

  describe('a described problem is met as a person would meet it', () => {
    it('acknowledges, offers a PSW first with the topic and words filled in, no agency list', async () => {
      await chat.say('hi');
      const { described } = chat.content.copy;
      const replies = await chat.say("my son won't go to school, I don't know what to do anymore");
      expectReplies(replies, [described.acknowledge, described.offer]);
      expect(texts(replies).join('\n')).not.toMatch(/Website:|did not understand/);
      expect(buttons(replies)).toEqual([described.yes, described.otherHelp, described.no]);
      await chat.say('yes');
      await chat.say('I agree');
      const check = await referralAnswers([
        'oakfield',
        'Sam Sample',
        'text',
        '07700 900123',
        'any time',
        'skip',
        'skip',
        '4',
      ]);
      expect(check).toContain('Help with: Getting to school');
      expect(check).toContain("Your words: my son won't go to school, I don't know what to do anymore");
    });
  });

  async function referralAnswers(answers: string[]): Promise<string> {
    let last = '';
    for (const answer of answers) last = await all(answer);
    return last;
  }

  describe("choices in the parent's own words", () => {
    it.each([['yes'], ['ye'], ['I agree'], ['yeah ok']])(
      '"%s" agrees to the privacy notice',
      async (agree) => {
        const next = await referralUpTo([agree]);
        expect(next).toContain(chat.content.copy.school.prompt);
      },
    );

    it('"I don\'t agree" is never taken as agreeing', async () => {
      const next = await referralUpTo(["I don't agree"]);
      expect(next).toContain(chat.content.privacy.declined);
    });

    it('"oakfield", "phone", "text me", "after lunch" and "send it" are understood', async () => {
      const check = await referralUpTo([
        'yes',
        'oakfield',
        'Sam Sample',
        'phone',
        '07700 900123',
        'after lunch',
        'the second one',
        'skip',
        'skip',
        // "listen" is in the behaviour topic list: the topic is not asked.
        'He will not listen.',
        'seven',
      ]);
      expect(check).toContain('School: Oakfield Primary School');
      expect(check).toContain('How to contact you: Phone call');
      expect(check).toContain('Best time: Afternoon');
      expect(check).toContain('Safe to text: Yes');
      expect(check).toContain('Safe to leave a message: No');
      expect(check).toContain('Help with: Behaviour');
      expect(check).toContain('Things at home: 7 out of 10');
      expect(await all('send it')).toMatch(/Your reference is/);
    });

    it('texts and voicemail in own words: nothing guessed that was not said', async () => {
      const { referral } = chat.content.copy;
      const upToQuestion = ['yes', 'oakfield', 'Sam Sample', 'phone', '07700 900123', 'morning'];
      await referralUpTo(upToQuestion);
      expectReplies(await chat.say('text is fine but no voicemail'), [referral.askChildName]);
      const check = await referralAnswers(['skip', 'skip', 'Shouting.', 'Behaviour', 'skip']);
      expect(check).toContain('Safe to text: Yes');
      expect(check).toContain('Safe to leave a message: No');
      // Only texts named: voicemail is asked on its own (a voicemail is never assumed safe).
      expectReplies(await chat.say('start again'), [chat.content.copy.menu.prompt]);
      await chat.say('Ask a PSW to contact me');
      for (const answer of upToQuestion.slice(1)) await chat.say(answer);
      expectReplies(await chat.say('texts are fine'), [referral.askSafeToLeaveMessage]);
      await chat.say('back');
      expectReplies(await chat.say("please don't leave a voicemail"), [referral.askSafeToText]);
      expectReplies(await chat.say('yes'), [referral.askChildName]);
    });

    it('"text me" is a text message', async () => {
      const next = await referralUpTo(['yes', 'oakfield', 'Sam Sample', 'text me please']);
      expect(next).toContain(chat.content.copy.referral.askPhone);
      const check = await referralAnswers([
        '07700 900123',
        'any',
        'skip',
        'skip',
        'Shouting.',
        'Behaviour',
        'skip',
      ]);
      expect(check).toContain('How to contact you: Text message');
    });
  });

  describe('a question at any step is answered, then the same step is asked again', () => {
    it('"who would contact me?" and "will the school be told?" at a yes/no question', async () => {
      const { referral, commands, notUnderstood, choiceRetry } = chat.content.copy;
      await referralUpTo(['yes', 'oakfield', 'Sam Sample', 'phone', '07700 900123', 'morning']);
      for (const question of ['who would contact me?', 'will the school be told?']) {
        const replies = await chat.say(question);
        const said = texts(replies).join('\n');
        expect(said).not.toContain(notUnderstood);
        expect(said).not.toContain(choiceRetry);
        expectReplies(replies, [commands.resume, referral.askSafeToTextOrVoicemail]);
      }
      expect(texts(await chat.say('will the school be told?'))[0]).toMatch(/child's teacher or the school/);
    });
  });

  it('a problem told at a choice is heard, never "Sorry, I did not understand", and the choice asked again', async () => {
    const { commands, referral, choiceRetry } = chat.content.copy;
    await referralUpTo(['yes', 'oakfield', 'Sam Sample']);
    const replies = await chat.say("my son won't go to school and I don't know what to do anymore");
    expect(texts(replies).join('\n')).not.toContain(choiceRetry);
    expectReplies(replies, [commands.heard, referral.askContactMethod]);
  });

  describe('free text is kept where the parent gives it', () => {
    it('"phone is best but not before 10 as im doing the school run" is a phone call, and those words go to the PSW', async () => {
      const next = await referralUpTo([
        'yes',
        'oakfield',
        'Sam Sample',
        'phone is best but not before 10 as im doing the school run',
      ]);
      expect(next).toContain(chat.content.copy.referral.askPhone);
      expect(next).not.toMatch(/A PSW can/);
      const check = await referralAnswers([
        '07700 900123',
        'yes',
        'skip',
        'skip',
        'Shouting.',
        'Behaviour',
        'skip',
      ]);
      expect(check).toContain('not before 10 as im doing the school run');
      await chat.say('send it');
      const [made] = await chat.cases();
      expect(made?.details).toMatchObject({
        contactMethod: 'phone',
        contactNotes: 'phone is best but not before 10 as im doing the school run',
      });
    });

    it('"after 10am" at the best time is kept, not answered with an FAQ', async () => {
      await referralUpTo(['yes', 'oakfield', 'Sam Sample', 'phone', '07700 900123']);
      const replies = await chat.say('after 10am');
      expectReplies(replies, [chat.content.copy.referral.askSafeToTextOrVoicemail]);
      expect(texts(replies)).toHaveLength(1);
      const check = await referralAnswers(['yes', 'skip', 'skip', 'Shouting.', 'Behaviour', 'skip']);
      expect(check).toContain('Best time: "after 10am"');
      await chat.say('send it');
      expect((await chat.cases())[0]?.details).toMatchObject({ contactNotes: 'after 10am' });
    });

    it('"same number as before" reuses the number given, after the way of contact changed', async () => {
      const check = await referralUpTo([
        'yes',
        'oakfield',
        'Sam Sample',
        'phone',
        '07700 900456',
        'any time',
        'yes',
        'skip',
        'skip',
        'Shouting.',
        'Behaviour',
        'skip',
      ]);
      expect(check).toContain('Phone: 07700 900456');
      expectReplies(await chat.say('change how to contact me'), [
        chat.content.copy.referral.askContactMethod,
      ]);
      expectReplies(await chat.say('Meet at school'), [chat.content.copy.referral.askPhoneForMeeting]);
      const after = await all('same number as before');
      expect(after).not.toContain(chat.content.copy.referral.phoneRetry);
      expect(await referralAnswers(['yes'])).toContain('Phone: 07700 900456');
    });

    it('"change the phone number" at check your answers changes that answer', async () => {
      await referralUpTo([
        'yes',
        'oakfield',
        'Sam Sample',
        'phone',
        '07700 900123',
        'morning',
        'yes',
        'skip',
        'skip',
        'Shouting.',
        'Behaviour',
        'skip',
      ]);
      expectReplies(await chat.say('change the phone number'), [chat.content.copy.referral.askPhone]);
      const check = await all('07700 900789');
      expect(check).toContain('Phone: 07700 900789');
    });

    it.each([['shes not at school yet, she is 3'], ['18 months'], ['nursery'], ['not at school yet']])(
      "a child's age (%s) is never a year group, and gets the under-5s answer",
      async (age) => {
        await referralUpTo([
          'yes',
          'oakfield',
          'Sam Sample',
          'phone',
          '07700 900123',
          'morning',
          'yes',
          'Mia',
        ]);
        const replies = texts(await chat.say(age)).join('\n');
        expect(replies).toContain(chat.content.copy.signposting.underFives);
        expect(replies).toContain('Liverpool Family Information Service');
        expect(replies).toContain(chat.content.copy.referral.askWords);
        const check = await referralAnswers(['She bites.', 'skip']);
        expect(check).not.toMatch(/Year: Year/);
        expect(check).toContain(`Year: ${chat.content.copy.referral.notAtSchoolYet}`);
        await chat.say('send it');
        const details = (await chat.cases())[0]?.details;
        expect(details).not.toHaveProperty('yearGroup');
        expect(details).toMatchObject({ childAge: age });
      },
    );
  });

  it('a genuinely unclear message gets one clarifying question, then the offer of a person', async () => {
    await chat.say('hi');
    const { described } = chat.content.copy;
    expectReplies(await chat.say('banana telescope'), [described.clarify]);
    expectReplies(await chat.say('purple monkey dishwasher'), [described.offerPerson]);
  });

  it("the working-hours answer gives the school's own hours, and the welcome names the school", async () => {
    const atOakfield = { schoolId: 'oakfield-primary' };
    const welcome = texts(await chat.say('hi', atOakfield)).join('\n');
    expect(welcome).toContain('PSW) service at Oakfield Primary School');
    const hours = texts(await chat.say('when are PSWs working?', atOakfield))[0];
    expect(hours).toContain('Monday to Thursday 8:15am to 4pm, Friday 8:15am to 1pm');
  });
});
