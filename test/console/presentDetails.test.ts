import { presentDetails } from '../../src/console/presentDetails';
import type { Content } from '../../src/content/loadContent';
import type { Case } from '../../src/domain/model/case';
import { loadContent } from '../../src/content/loadContent';
import { CONTENT_DIR } from '../../src/config/paths';

/** A stored case with these details (as read back from the store). */
function storedCase(kind: Case['kind'], channelId: string, details: Record<string, unknown>): Case {
  const at = new Date('2026-11-23T10:00:00Z');
  return {
    id: 'case-1',
    reference: 'K7P-4QX',
    kind,
    status: 'claimed',
    urgent: false,
    schoolId: 'oakfield-primary',
    channelId,
    conversationKey: 'conv-1',
    conversationRef: {},
    details,
    createdAt: at,
    updatedAt: at,
    version: 1,
    history: [],
  };
}

describe("a referral's details on the case page", () => {
  let content: Content;
  beforeAll(async () => {
    content = await loadContent(CONTENT_DIR);
  });

  it('shows a callback referral in words, with skipped answers as "Not given"', () => {
    const shown = presentDetails(
      storedCase('referral', 'directline', {
        parentName: 'Sam Sample',
        contactMethod: 'phone',
        phone: '07700 900123',
        contactTime: 'any',
        safeToText: false,
        safeToLeaveMessage: true,
        topic: 'money_housing',
        topicLabel: 'Money or housing',
        words: 'We are behind on rent.',
        callback: true,
      }),
      content,
    );
    expect(shown.answers.map((a) => `${a.label}: ${a.value}`)).toEqual([
      'Asked for: A call back (they asked for a person out of hours)',
      "Parent's name: Sam Sample",
      "Child's first name: Not given",
      'Year group: Not given',
      'What it is about: Money or housing',
      'In their words: We are behind on rent.',
    ]);
    expect(shown.contact.map((c) => `${c.label}: ${c.value}`)).toEqual([
      'How to contact them: Phone call (call back)',
      'Phone: 07700 900123',
      'Best time: Any time',
      'Safe to text?: No: do not text them',
      'Safe to leave a voicemail?: Yes',
    ]);
    expect(shown.warnings).toEqual([
      expect.stringMatching(/not safe to text them\. .* Replies here go to the chat they used/),
    ]);
  });

  it('says email contacts were not asked about texts, and keeps fields it does not know', () => {
    const shown = presentDetails(
      storedCase('referral', 'sms', {
        contactMethod: 'email',
        email: 'sam@example.org',
        yearGroup: 7,
        siblings: 'two',
      }),
      content,
    );
    expect(shown.contact).toContainEqual({ label: 'Safe to text?', value: 'Not asked (they chose email)' });
    // A year stored as a number is shown as it is, once, rather than as "Not given".
    expect(shown.answers.map((a) => `${a.label}: ${a.value}`)).toEqual([
      "Child's first name: Not given",
      'Year group: 7',
      'Siblings: two',
    ]);
    expect(shown.warnings).toEqual([]);
  });

  it('treats anything but a plain yes to "safe to text" as no, and blocks texts on SMS', () => {
    const shown = presentDetails(storedCase('referral', 'sms', { safeToText: 'yes' }), content);
    expect(shown.contact).toContainEqual({
      label: 'Safe to text?',
      value: 'No: do not text them',
      important: true,
    });
    expect(shown.warnings[0]).toMatch(/replies from the console are turned off/);
  });
});
