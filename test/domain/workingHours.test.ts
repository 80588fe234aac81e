import {
  describeWhen,
  isWorkingTime,
  nextWorkingTime,
  workingUntil,
  type WorkingPattern,
} from '../../src/domain/workingHours';

const school: WorkingPattern = {
  hours: {
    timezone: 'Europe/London',
    weekly: { mon: [['08:15', '16:00']], tue: [['08:15', '16:00']], fri: [['08:15', '13:00']] },
  },
  termDates: [
    { start: '2026-11-02', end: '2026-12-18' },
    { start: '2027-01-05', end: '2027-02-12' },
  ],
};

const at = (iso: string) => new Date(iso);

describe('PSW working hours', () => {
  it('is working inside the hours of a term-time weekday, in UK time', () => {
    expect(isWorkingTime(school, at('2026-11-23T10:00:00Z'))).toBe(true); // Monday 10:00 GMT
    expect(isWorkingTime(school, at('2026-11-23T16:30:00Z'))).toBe(false); // after 16:00
    expect(isWorkingTime(school, at('2026-11-25T10:00:00Z'))).toBe(false); // Wednesday: no hours
  });

  it('says when the current working period ends', () => {
    expect(workingUntil(school, at('2026-11-23T10:00:00Z'))?.toISOString()).toBe('2026-11-23T16:00:00.000Z');
    expect(workingUntil(school, at('2026-11-27T12:59:00Z'))?.toISOString()).toBe('2026-11-27T13:00:00.000Z');
    expect(workingUntil(school, at('2026-11-23T16:30:00Z'))).toBeUndefined();
  });

  it('names the next working time after hours, at weekends and across the holidays', () => {
    // Monday evening -> Tuesday 08:15
    expect(nextWorkingTime(school, at('2026-11-23T18:00:00Z'))?.toISOString()).toBe(
      '2026-11-24T08:15:00.000Z',
    );
    // Friday afternoon after 13:00 -> Monday 08:15
    expect(nextWorkingTime(school, at('2026-11-27T14:00:00Z'))?.toISOString()).toBe(
      '2026-11-30T08:15:00.000Z',
    );
    // Last day of autumn term -> first working day of spring term (Tuesday 5 January)
    expect(nextWorkingTime(school, at('2026-12-18T14:00:00Z'))?.toISOString()).toBe(
      '2027-01-05T08:15:00.000Z',
    );
    // Working now -> now
    expect(nextWorkingTime(school, at('2026-11-23T10:00:00Z'))?.toISOString()).toBe(
      '2026-11-23T10:00:00.000Z',
    );
  });

  it('follows British Summer Time', () => {
    const summer: WorkingPattern = { ...school, termDates: [{ start: '2027-06-07', end: '2027-07-21' }] };
    // Monday 7 June 2027 08:15 BST is 07:15 UTC
    expect(nextWorkingTime(summer, at('2027-06-06T12:00:00Z'))?.toISOString()).toBe(
      '2027-06-07T07:15:00.000Z',
    );
  });

  it('has no next working time when no term is ahead', () => {
    expect(nextWorkingTime(school, at('2027-03-01T10:00:00Z'))).toBeUndefined();
  });

  it('describes when in plain words', () => {
    const now = at('2026-11-23T18:00:00Z');
    expect(describeWhen(at('2026-11-24T08:15:00Z'), now, 'Europe/London')).toBe('tomorrow at 8:15am');
    expect(describeWhen(at('2026-11-23T19:00:00Z'), now, 'Europe/London')).toBe('today at 7pm');
    expect(describeWhen(at('2026-11-30T08:15:00Z'), now, 'Europe/London')).toBe(
      'on Monday 30 November at 8:15am',
    );
  });
});
