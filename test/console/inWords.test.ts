import { csvCell } from '../../src/console/auditApi';
import { asReference } from '../../src/console/caseSearch';
import { historyWords, reasonWords, urgentReasonWords } from '../../src/console/inWords';

const names = (id: string) => ({ 'staff-1': 'Lee Manager' })[id] ?? 'Former staff member';
const at = new Date('2026-11-23T10:00:00Z');

describe('what staff read instead of codes', () => {
  it('says history entries in words', () => {
    expect(historyWords({ at, by: 'x', action: 'contact_attempt', reason: 'phone:no_answer' }, names)).toBe(
      'Contact attempt: Phone call: no answer',
    );
    expect(historyWords({ at, by: 'x', action: 'transfer', reason: 'to:staff-1 on leave' }, names)).toBe(
      'Transferred to Lee Manager: on leave',
    );
    expect(historyWords({ at, by: 'x', action: 'feedback_received', reason: 'rating:4' }, names)).toBe(
      'Feedback received: rated 4 out of 5',
    );
    expect(historyWords({ at, by: 'x', action: 'staff_alerted', reason: 'sms:2' }, names)).toBe(
      'On-duty PSWs texted: 2 texted',
    );
    expect(reasonWords('referred_on', names)).toBe('Referred on');
  });

  it("says why a case is urgent: the PSW's words, or the risk check's categories in words", () => {
    expect(urgentReasonWords('Dad phoned worried')).toBe('Dad phoned worried');
    expect(urgentReasonWords('safeguarding: missing_child, immediate_danger')).toBe(
      'A message in the conversation suggested a risk: missing child, immediate danger.',
    );
  });

  it('reads a reference however it is typed, and keeps spreadsheet formulas out of the CSV', () => {
    expect(asReference('k7p 4qx')).toBe('K7P-4QX');
    expect(asReference('K7P4QX')).toBe('K7P-4QX');
    expect(asReference('Robert')).toBeUndefined(); // O is never in a reference
    expect(csvCell('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvCell('Pat, Example')).toBe('"Pat, Example"');
  });
});
