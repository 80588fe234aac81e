import { noticeLines } from '../../src/privacy/privacySettings';
import { buttons, expectReplies, IN_HOURS, OUT_OF_HOURS, startChat, texts, type Chat } from './harness';

const REFERENCE = /Your reference is ([2-9A-Z]{3}-[2-9A-Z]{3})\./;

/** From the menu to the first question after the privacy notice, at Oakfield Primary. */
async function startReferral(chat: Chat): Promise<void> {
  await chat.say('hi');
  await chat.say('Ask a PSW to contact me');
  await chat.say('Yes, I agree');
  await chat.say('Oakfield Primary School');
}

describe('self-referral', () => {
  let chat: Chat;
  afterEach(() => chat.dispose());

  it('goes from privacy notice to a case in the queue, with check your answers and a change', async () => {
    chat = await startChat({ now: OUT_OF_HOURS });
    const { copy, privacy } = chat.content;
    await chat.say('hi');

    const notice = await chat.say('Ask a PSW to contact me');
    expectReplies(notice, [...privacy.summary, privacy.agreePrompt]);
    expect(buttons(notice)).toEqual(['Yes, I agree', 'No', 'Read more']);

    // [parent says, the bot's next question]
    const transcript: Array<[string, string]> = [
      ['Yes, I agree', copy.school.prompt],
      ['1', copy.referral.askName],
      ['Sam Sample', copy.referral.askContactMethod],
      ['Phone call', copy.referral.askPhone],
      ['07700 900123', copy.referral.askContactTime],
      // Texts and voicemail in one question.
      ['Afternoon', copy.referral.askSafeToTextOrVoicemail],
      ['Texts only', copy.referral.askChildName],
      ['Jo', copy.referral.askYearGroup],
      // The parent's words before the topic: "bedtime" says it is routines and sleep, so it is not asked.
      ['Year 2', copy.referral.askWords],
      ['Bedtime takes hours and mornings are a battle.', copy.referral.askWellbeing],
      ['about a 7', copy.referral.checkIntro],
    ];
    let replies: Awaited<ReturnType<Chat['say']>> = [];
    for (const [say, next] of transcript) {
      replies = await chat.say(say);
      expectReplies(replies, [next]);
      if (next === copy.referral.askWellbeing)
        expect(buttons(replies)).toEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9', '10', 'Skip']);
    }
    const check = texts(replies).find((t) => t.startsWith(copy.referral.checkIntro)) ?? '';
    expect(check.split('\n')).toEqual([
      'Please check your answers:',
      'School: Oakfield Primary School',
      'Your name: Sam Sample',
      'How to contact you: Phone call',
      'Phone: 07700 900123',
      'Best time: Afternoon',
      'Safe to text: Yes',
      'Safe to leave a message: No',
      "Child's first name: Jo",
      'Year: Year 2',
      'Help with: Routines and sleep',
      'Your words: Bedtime takes hours and mornings are a battle.',
      'Things at home: 7 out of 10',
    ]);
    expect(buttons(replies)).toEqual(['Yes, send it', 'Change an answer']);

    // Change one answer: only that question is asked again, then the answers are checked again.
    const which = await chat.say('Change an answer');
    expectReplies(which, [copy.referral.changePrompt]);
    expect(buttons(which)).toContain('Best time');
    expectReplies(await chat.say('Best time'), [copy.referral.askContactTime]);
    const rechecked = await chat.say('Morning');
    expect(texts(rechecked).find((t) => t.startsWith(copy.referral.checkIntro))).toContain(
      'Best time: Morning',
    );

    const sent = await chat.say('Yes, send it');
    const reference = REFERENCE.exec(texts(sent).join('\n'))?.[1];
    expect(reference).toBeDefined();
    expectReplies(sent, [
      REFERENCE,
      'The PSW at Oakfield Primary School is not working now. They will be back tomorrow at 8:15am. They will read your request then and contact you the way you asked.',
      copy.referral.emergencyReminder,
      copy.menu.promptAgain,
    ]);

    const [saved] = await chat.cases();
    expect(saved).toMatchObject({
      kind: 'referral',
      reference,
      status: 'new',
      urgent: false,
      schoolId: 'oakfield-primary',
      channelId: 'test',
      // First contact within 2 working days (content/schools.json serviceLevel), from 8:15 Tuesday.
      dueBy: new Date('2026-11-26T08:15:00Z'),
      details: {
        parentName: 'Sam Sample',
        contactMethod: 'phone',
        phone: '07700 900123',
        contactTime: 'morning',
        safeToText: true,
        safeToLeaveMessage: false,
        childFirstName: 'Jo',
        yearGroup: 'Year 2',
        topic: 'routines_sleep',
        words: 'Bedtime takes hours and mornings are a battle.',
        privacyNoticeVersion: privacy.version,
        privacyAgreedAt: OUT_OF_HOURS.toISOString(),
      },
      wellbeing: { start: 7 },
    });
    expect(saved?.conversationRef.conversation?.id).toBe('Convo1');
    expect(saved?.conversationKey).toMatch(/^[A-Za-z0-9_-]{20,}$/);
  });

  it('says the PSW is working now when the referral is sent in working hours', async () => {
    chat = await startChat({ now: IN_HOURS });
    await startReferral(chat);
    for (const answer of [
      'Sam Sample',
      'Text message',
      '07700 900456',
      'Any time',
      'skip',
      'Skip',
      'We argue every morning.',
      'Behaviour',
    ]) {
      await chat.say(answer);
    }
    expectReplies(await chat.say('rather not say'), [chat.content.copy.referral.checkIntro]);
    const sent = await chat.say('1');
    expectReplies(sent, [
      REFERENCE,
      chat.content.copy.referral.nextInHours.replace('{school}', 'Oakfield Primary School'),
    ]);
    const [saved] = await chat.cases();
    expect(saved?.details).toMatchObject({ contactMethod: 'text', safeToText: true });
    expect(saved?.details).not.toHaveProperty('childFirstName');
    expect(saved?.details).not.toHaveProperty('yearGroup');
    expect(saved?.wellbeing).toBeUndefined();
  });

  it('asks for nothing personal when the parent does not agree to the privacy notice', async () => {
    chat = await startChat();
    const { privacy, copy } = chat.content;
    await chat.say('hi');
    await chat.say('Ask a PSW to contact me');
    const read = await chat.say('Read more');
    expectReplies(read, [...noticeLines(chat.content, privacy.full), privacy.agreePrompt]);
    const declined = await chat.say('No');
    expectReplies(declined, [privacy.declined, copy.menu.promptAgain]);
    expect(texts(declined).join(' ')).not.toMatch(/name|phone/i);
  });

  it('does not ask for the school when the channel knows it (the school web widget)', async () => {
    chat = await startChat();
    const widget = { schoolId: 'riverside-high' };
    await chat.say('hi', widget);
    await chat.say('Ask a PSW to contact me', widget);
    expectReplies(await chat.say('Yes, I agree', widget), [
      chat.content.copy.referral.intro,
      chat.content.copy.referral.askName,
    ]);
    await chat.say('Sam Sample', widget);
    await chat.say('Email', widget);
    await chat.say('sam@example.com', widget);
    await chat.say('Morning', widget);
    await chat.say('skip', widget);
    const years = await chat.say('hi again', widget);
    expect(buttons(years)).toEqual([
      'Year 7',
      'Year 8',
      'Year 9',
      'Year 10',
      'Year 11',
      'Year 12',
      'Year 13',
      'Skip',
    ]);
  });

  it('re-asks kindly on bad input: a phone number that is not a UK number, an e-mail, an empty answer', async () => {
    chat = await startChat();
    const { copy } = chat.content;
    await startReferral(chat);
    expectReplies(await chat.say('07700900'), [copy.referral.nameRetry]);
    expectReplies(await chat.say('Sam Sample'), [copy.referral.askContactMethod]);
    expectReplies(await chat.say('carrier pigeon'), [copy.choiceRetry]);
    await chat.say('1');
    expectReplies(await chat.say('+1 212 555 0100'), [copy.referral.phoneRetry]);
    expectReplies(await chat.say('12345'), [copy.referral.phoneRetry]);
    expectReplies(await chat.say('+44 7700 900789'), [copy.referral.askContactTime]);
    await chat.say('1');
    expectReplies(await chat.say('yes'), [copy.referral.askChildName]);
    expectReplies(await chat.say('Jo 07700900123'), [copy.referral.childNameRetry]);
    await chat.say('skip');
    await chat.say('skip');
    expectReplies(await chat.say('   '), [copy.referral.wordsRetry]);
    expectReplies(await chat.say('x'.repeat(1001)), [copy.referral.wordsTooLong]);
    // No topic in the words: then it is asked.
    expectReplies(await chat.say('We just need a chat.'), [copy.referral.askTopic]);
    expectReplies(await chat.say('Something else'), [copy.referral.askWellbeing]);
    // Not a score: asked once more, then the referral moves on without one.
    expectReplies(await chat.say('banana'), [copy.referral.wellbeingRetry]);
    expectReplies(await chat.say('I have 2 kids'), [copy.referral.checkIntro]);
    const [check] = texts(await chat.say('Change an answer')).slice(-1);
    expect(check).toBe(copy.referral.changePrompt);
  });

  it('re-asks a bad e-mail address', async () => {
    chat = await startChat();
    await startReferral(chat);
    await chat.say('Sam Sample');
    await chat.say('Email');
    expectReplies(await chat.say('sam at example'), [chat.content.copy.referral.emailRetry]);
    expectReplies(await chat.say('sam@example.com'), [chat.content.copy.referral.askContactTime]);
  });

  it('changing how to be contacted asks the contact details again', async () => {
    chat = await startChat();
    await startReferral(chat);
    for (const answer of [
      'Sam Sample',
      'Phone call',
      '07700 900123',
      'Any time',
      'yes',
      'skip',
      'skip',
      'Shouting at home.',
      'Behaviour',
    ]) {
      await chat.say(answer);
    }
    await chat.say('skip');
    await chat.say('Change an answer');
    await chat.say('How to contact you');
    expectReplies(await chat.say('Email'), [chat.content.copy.referral.askEmail]);
    const check = texts(await chat.say('sam@example.com')).join('\n');
    expect(check).toContain('Email: sam@example.com');
    expect(check).not.toContain('Phone: 07700 900123');
    expect(check).not.toContain('Safe to text');
  });

  it('sends a parent whose school is not listed to other help', async () => {
    chat = await startChat();
    await chat.say('hi');
    await chat.say('Ask a PSW to contact me');
    await chat.say('Yes, I agree');
    const replies = await chat.say('My school is not listed');
    expectReplies(replies, [chat.content.copy.school.notListedReply, chat.content.copy.signposting.prompt]);
    expect(await chat.cases()).toHaveLength(0);
  });
});
