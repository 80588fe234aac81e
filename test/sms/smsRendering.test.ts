import { ActionTypes, CardFactory, MessageFactory } from 'botbuilder';
import { ChoiceFactory } from 'botbuilder-dialogs';
import { composeMessages, splitToFit } from '../../src/channels/sms/composeMessages';
import { describeSms, isGsm7, toGsm7 } from '../../src/channels/sms/gsm7';
import { keywordOf, matchChoice } from '../../src/channels/sms/interpretReply';
import { renderActivity, type SmsPart } from '../../src/channels/sms/renderActivity';

const HINT = 'Reply with a number.';
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
    const { bodies } = composeMessages([part('Hello.'), part('If anyone is in danger, call 999.')], HINT);
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
      HINT,
    );
    expect(bodies).toEqual([
      'What would you like help with?\n1. Ask a PSW to contact me\n2. Find other help\nReply with a number.',
    ]);
    expect(choices.map((c) => c.text)).toEqual(['referral', 'signpost']);
  });

  it('keeps every text within two segments, splitting at sentence ends', () => {
    const sentence = 'Parent Support Workers listen, give advice and help you reach other services. ';
    const { bodies } = composeMessages([part(sentence.repeat(12)), part('Anything else?')], HINT);
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

  it('lets a list the parent asked for run to four segments', () => {
    const list = Array.from(
      { length: 20 },
      (_, i) => `${i + 1}. Service number ${i + 1}: 0151 000 000${i % 10}`,
    );
    const { bodies } = composeMessages([part(list.join('\n'), { requestedList: true })], HINT);
    expect(bodies).toHaveLength(2);
    expect(describeSms(bodies[0]!).segments).toBeGreaterThan(2);
    expectSendable(bodies, 4);
    expect(bodies[0]!.endsWith('\n')).toBe(false);
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
