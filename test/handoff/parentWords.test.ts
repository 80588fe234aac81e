import { contactPreferences, mayMessageParent } from '../../src/handoff/contactPreferences';
import { isOneOf, parseRating } from '../../src/handoff/parentWords';

describe("reading a parent's short answers", () => {
  it('takes a rating the ways parents write it, and nothing else', () => {
    for (const [said, rating] of [
      ['5', 5],
      [' 4/5 ', 4],
      ['3 out of 5', 3],
      ['2 stars', 2],
      ['Four', 4],
      ['one star', 1],
      ['5!', 5],
    ] as const) {
      expect(parseRating(said)).toBe(rating);
    }
    for (const said of ['6', '0', '45', 'very good', '', '5 is the number of my house', undefined]) {
      expect(parseRating(said)).toBeUndefined();
    }
  });

  it('matches leave words whole, whatever the case or punctuation', () => {
    const words = ['leave', 'stop', 'end chat'];
    expect(isOneOf('STOP', words)).toBe(true);
    expect(isOneOf('  End chat. ', words)).toBe(true);
    expect(isOneOf('please stop him hitting his sister', words)).toBe(false);
  });
});

describe('contact preferences from referral details', () => {
  it('reads them from details.contact or the top level', () => {
    expect(
      contactPreferences({ contact: { methods: ['phone'], safeToText: 'no', phone: '07700 900123' } }),
    ).toMatchObject({ methods: ['phone'], safeToText: false, phone: '07700 900123' });
    expect(contactPreferences({ contactMethod: 'text', okToText: true, bestTime: 'mornings' })).toMatchObject(
      {
        methods: ['text'],
        safeToText: true,
        bestTimes: 'mornings',
      },
    );
    expect(contactPreferences({}).safeToText).toBeUndefined();
  });

  it('never lets a proactive text go to an SMS parent who said it is not safe', () => {
    expect(mayMessageParent({ channelId: 'sms', details: { contact: { safeToText: false } } })).toBe(false);
    expect(mayMessageParent({ channelId: 'sms', details: {} })).toBe(true);
    expect(mayMessageParent({ channelId: 'directline', details: { safeToText: false } })).toBe(true);
  });
});
