import { contactPreferences, mayMessageParent } from '../../src/handoff/contactPreferences';
import { isOneOf, parseRating, parseRatingWithComment } from '../../src/handoff/parentWords';

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

  it('takes a rating given with a comment in one message, and no number that is not a rating', () => {
    expect(parseRatingWithComment('5 - Pat was lovely')).toEqual({ rating: 5, comment: 'Pat was lovely' });
    expect(parseRatingWithComment('five stars, she was great')).toEqual({
      rating: 5,
      comment: 'she was great',
    });
    expect(parseRatingWithComment('4/5 thank you')).toEqual({ rating: 4, comment: 'thank you' });
    expect(parseRatingWithComment('five')).toEqual({ rating: 5 });
    expect(parseRatingWithComment('5 is the number of my house')).toBeUndefined();
    expect(parseRatingWithComment('6 - great')).toBeUndefined();
  });

  it('matches leave words whole, whatever the case or punctuation', () => {
    const words = ['leave', 'stop', 'end chat'];
    expect(isOneOf('STOP', words)).toBe(true);
    expect(isOneOf('  End chat. ', words)).toBe(true);
    expect(isOneOf('please stop him hitting his sister', words)).toBe(false);
  });
});

describe('contact preferences from referral details', () => {
  it("reads the referral dialog's answers", () => {
    expect(
      contactPreferences({
        contactMethod: 'phone',
        phone: '07700 900123',
        contactTime: 'morning',
        safeToText: false,
        safeToLeaveMessage: true,
      }),
    ).toEqual({
      method: 'phone',
      phone: '07700 900123',
      bestTime: 'morning',
      safeToText: false,
      safeToLeaveMessage: true,
      callback: false,
    });
    expect(contactPreferences({}).safeToText).toBeUndefined();
  });

  it('takes anything but a plain yes under safeToText as "not safe"', () => {
    expect(contactPreferences({ safeToText: 'yes' }).safeToText).toBe(false);
    expect(contactPreferences({ safeToText: null }).safeToText).toBe(false);
    expect(contactPreferences({ safeToText: true }).safeToText).toBe(true);
  });

  it('never lets a proactive text go to an SMS parent who said it is not safe', () => {
    expect(
      mayMessageParent({ channelId: 'sms', details: { contactMethod: 'phone', safeToText: false } }),
    ).toBe(false);
    expect(mayMessageParent({ channelId: 'sms', details: { safeToText: 'no' } })).toBe(false);
    expect(mayMessageParent({ channelId: 'sms', details: { contactMethod: 'text', safeToText: true } })).toBe(
      true,
    );
    expect(mayMessageParent({ channelId: 'sms', details: {} })).toBe(true);
    // Web chat: the PSW writes into the chat the parent opened, not to their phone.
    expect(mayMessageParent({ channelId: 'directline', details: { safeToText: false } })).toBe(true);
  });
});
