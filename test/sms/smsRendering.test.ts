import { ActionTypes, CardFactory, MessageFactory } from 'botbuilder';
import { ChoiceFactory } from 'botbuilder-dialogs';
import { composeMessages, splitToFit } from '../../src/channels/sms/composeMessages';
import { describeSms, isGsm7, toGsm7 } from '../../src/text/gsm7';
import { keywordOf, matchChoice } from '../../src/channels/sms/interpretReply';
import { renderActivity, type SmsPart } from '../../src/channels/sms/renderActivity';

const HINT = 'Reply with a number.';
const HINTS = { numbered: HINT, unnumbered: 'Reply with one of these.' };
const part = (text: string, extra: Partial<SmsPart> = {}): SmsPart => ({
  text,
  choices: [],
  requestedList: false,
  ...extra,
});
const expectSendable = (bodies: string[], maxSegments = 2) => {
  for (const body of bodies) {
    const { encoding, segments } = describeSms(body);
    expect(encoding).toBe('GSM-7');
    expect(segments).toBeLessThanOrEqual(maxSegments);
  }
};

describe('GSM-7 only', () => {
  it('replaces curly quotes, long dashes, ellipses and bullets, and drops emoji', () => {
    const text = toGsm7('“We’re here” — for you… • every day 👋🏽🙂 ❤️ 🇬🇧');
    expect(text).toBe('"We\'re here" - for you... - every day');
    expect(describeSms(text).encoding).toBe('GSM-7');
  });

  it('keeps letters GSM-7 has and strips accents it lacks', () => {
    expect(toGsm7('Zoë, José, Ñuño, Łucja, Ağa, café £5 €3')).toBe('Zoe, José, Ñuño, Lucja, Aga, café £5 €3');
    expect(isGsm7(toGsm7('Ångström ﬁx ²'))).toBe(true);
  });

  it('turns characters it cannot spell into "?" rather than falling into UCS-2', () => {
    expect(toGsm7('Name: 李')).toBe('Name: ?');
  });
});

describe('composing a turn', () => {
  it('joins a turn’s replies into one text when they fit', () => {
    const { bodies } = composeMessages([part('Hello.'), part('If anyone is in danger, call 999.')], HINTS);
    expect(bodies).toEqual(['Hello.\n\nIf anyone is in danger, call 999.']);
  });

  it('numbers the choices, with the hint after the list', () => {
    const { bodies, choices } = composeMessages(
      [
        part('What would you like help with?', {
          choices: [
            { title: 'Ask a PSW to contact me', text: 'referral' },
            { title: 'Find other help', text: 'signpost' },
          ],
        }),
      ],
      HINTS,
    );
    expect(bodies).toEqual([
      'What would you like help with?\n1. Ask a PSW to contact me\n2. Find other help\nReply with a number.',
    ]);
    expect(choices.map((c) => c.text)).toEqual(['referral', 'signpost']);
  });

  it('keeps every text within two segments, splitting at sentence ends', () => {
    const sentence = 'Parent Support Workers listen, give advice and help you reach other services. ';
    const { bodies } = composeMessages([part(sentence.repeat(12)), part('Anything else?')], HINTS);
    expect(bodies.length).toBeGreaterThan(2);
    expectSendable(bodies);
    for (const body of bodies.slice(0, -1)) expect(body).toMatch(/\.$/);
    expect(bodies.join(' ').replace(/\s+/g, ' ')).toBe(
      `${sentence.repeat(12)}Anything else?`.replace(/\s+/g, ' '),
    );
  });

  it('counts extension characters twice and never splits a word when it can help it', () => {
    const text = 'Costs {none} € ^ '.repeat(40);
    const pieces = splitToFit(toGsm7(text), 2);
    expectSendable(pieces);
    for (const piece of pieces) expect(piece.startsWith(' ')).toBe(false);
  });

  it('splits a reply at a sentence only when that saves a text, and keeps a question with its choices', () => {
    const notice = [
      'Before I ask for your details, please read this short privacy notice.',
      'We use what you tell us only to help your family. Parent Support Workers (PSWs) and their managers can see it.',
      'We keep it safe and private, within child protection guidelines. If we think a child or anyone else could be harmed, we must tell the people who keep them safe.',
      'We keep it only for as long as we need it. You can ask to see it or to have it deleted.',
    ].map((line) => part(line));
    const question = part('Do you agree to this?', {
      choices: [
        { title: 'Yes, I agree', text: 'Yes, I agree' },
        { title: 'No', text: 'No' },
      ],
    });
    const { bodies } = composeMessages([...notice, question], HINTS);
    // Whole replies would take three texts (five segments); one cut at a sentence makes it two (four).
    expect(bodies).toHaveLength(2);
    expectSendable(bodies);
    expect(bodies[0]).toMatch(/^Before I ask/);
    expect(bodies[0]).toMatch(/within child protection guidelines\.$/);
    expect(bodies[1]).toMatch(/^If we think a child or anyone else could be harmed/);
    expect(bodies[1]).toMatch(/Do you agree to this\?\n1\. Yes, I agree\n2\. No\nReply with a number\.$/);
  });

  it('lists choices whose titles hold numbers without numbering them', () => {
    const years = ['Reception', 'Year 1', 'Year 2', 'Skip'];
    const { bodies, choices } = composeMessages(
      [
        part('Which year is your child in?', {
          choices: years.map((title) => ({ title, text: title })),
          unnumberedChoices: true,
        }),
      ],
      HINTS,
    );
    expect(bodies).toEqual([
      'Which year is your child in?\nReception, Year 1, Year 2, Skip\nReply with one of these.',
    ]);
    // "2" is Year 2 to the parent, so it goes to the bot as typed, not as the second choice.
    expect(matchChoice('2', choices)).toBeUndefined();
    expect(matchChoice('year 2', choices)?.choice.text).toBe('Year 2');
    expect(
      renderActivity({ type: 'message', text: 'x', channelData: { sms: { numberedChoices: false } } }),
    ).toEqual({ text: 'x', choices: [], requestedList: false });
  });

  it('lets a list the parent asked for run to four segments', () => {
    const list = Array.from(
      { length: 20 },
      (_, i) => `${i + 1}. Service number ${i + 1}: 0151 000 000${i % 10}`,
    );
    const { bodies } = composeMessages([part(list.join('\n'), { requestedList: true })], HINTS);
    expect(bodies).toHaveLength(2);
    expect(Math.max(...bodies.map((b) => describeSms(b).segments))).toBeGreaterThan(2);
    expectSendable(bodies, 4);
    expect(bodies.join('\n')).toBe(list.join('\n'));
  });
});

describe('rendering activities for SMS', () => {
  it('turns suggested actions (ChoicePrompt with ListStyle.suggestedAction) into choices', () => {
    const activity = ChoiceFactory.suggestedAction(['Yes', 'No'], 'Shall a PSW contact you?');
    expect(renderActivity(activity)).toEqual({
      text: 'Shall a PSW contact you?',
      choices: [
        { title: 'Yes', text: 'Yes' },
        { title: 'No', text: 'No' },
      ],
      requestedList: false,
    });
  });

  it('flattens hero cards: title and text as lines, links as plain URLs, buttons as choices', () => {
    const card = CardFactory.heroCard('Family Hub', 'Free drop-in sessions for families.', undefined, [
      { type: ActionTypes.OpenUrl, title: 'Website', value: 'https://example.org/hub' },
      { type: ActionTypes.Call, title: 'Phone', value: 'tel:0151 000 0000' },
      { type: ActionTypes.PostBack, title: 'Tell me more', value: { agency: 'hub' } },
      { type: ActionTypes.ImBack, title: 'Back', value: 'back' },
    ]);
    const rendered = renderActivity(MessageFactory.attachment(card, 'Here is one **option**:'));
    expect(rendered?.text).toBe(
      'Here is one option:\nFamily Hub\nFree drop-in sessions for families.\nWebsite: https://example.org/hub\nPhone: 0151 000 0000',
    );
    expect(rendered?.choices).toEqual([
      { title: 'Tell me more', text: 'Tell me more', value: { agency: 'hub' } },
      { title: 'Back', text: 'back' },
    ]);
  });

  it('writes markdown links as plain URLs and ignores typing indicators', () => {
    expect(renderActivity({ type: 'message', text: 'See [NSPCC](https://www.nspcc.org.uk/).' })?.text).toBe(
      'See NSPCC: https://www.nspcc.org.uk/.',
    );
    expect(renderActivity({ type: 'typing' })).toBeUndefined();
  });
});

describe('reading replies', () => {
  const choices = [
    { title: 'Ask a PSW to contact me', text: 'referral' },
    { title: 'Find other help', text: 'signpost' },
  ];

  it('selects a choice by its number or its words', () => {
    expect(matchChoice('2', choices)?.choice.text).toBe('signpost');
    expect(matchChoice(' 1. ', choices)?.choice.text).toBe('referral');
    expect(matchChoice('option 2', choices)?.choice.text).toBe('signpost');
    expect(matchChoice('find OTHER help!', choices)?.choice.text).toBe('signpost');
  });

  it('leaves other replies alone, including numbers when none were offered', () => {
    expect(matchChoice('3', choices)).toBeUndefined();
    expect(matchChoice('I need help with sleep', choices)).toBeUndefined();
    expect(matchChoice('2', [])).toBeUndefined();
  });

  it('knows the carrier keywords as whole messages only', () => {
    const keywords = { optOut: ['STOP', 'CANCEL'], optIn: ['START'], help: ['HELP'] };
    expect(keywordOf(' stop ', keywords)).toBe('optOut');
    expect(keywordOf('Cancel.', keywords)).toBe('optOut');
    expect(keywordOf('Start', keywords)).toBe('optIn');
    expect(keywordOf('help', keywords)).toBe('help');
    expect(keywordOf('please stop the bedtime fights', keywords)).toBeUndefined();
  });
});
