import { fillTemplate } from '../../src/content/fillTemplate';
import { loadContent, type Content } from '../../src/content/loadContent';
import { CONTENT_DIR } from '../../src/config/paths';
import { longestShortNotice, shortNoticeFitsOneText } from '../../src/privacy/privacySettings';
import { fitsInSegments } from '../../src/text/gsm7';
import { FICTIONAL_CONTROLLER } from '../support/content';

/**
 * What keeps a whole SMS referral within 12 texts (issue 11) depends on content: the first text
 * (welcome, the note on what is kept before consent, the opening question) and the short privacy
 * notice with its question must each fit one text of 2 segments.
 */
describe('the first texts by SMS, as content/ words them', () => {
  let content: Content;
  beforeAll(async () => {
    content = await loadContent(CONTENT_DIR);
  });

  it('fits the welcome, the pre-consent note and the opening question in one text, for every school and none', () => {
    const { sms, privacy } = content;
    const note = fillTemplate(privacy.beforeConsentSms, {
      days: String(privacy.retention.default.beforeConsentDays),
    });
    const welcomes = [
      sms.welcome,
      ...content.schools.map((s) => fillTemplate(sms.welcomeAtSchool, { school: s.name })),
    ];
    for (const welcome of welcomes) {
      const first = `${welcome}\n\n${note}\n\n${sms.opening}`;
      expect({ first, fits: fitsInSegments(first, 2) }).toEqual({ first, fits: true });
    }
  });

  it('fits the short privacy notice and its question in one text with a filled-in controller, and says when it does not', () => {
    const filled = { ...content, privacy: { ...content.privacy, controller: FICTIONAL_CONTROLLER } };
    expect(shortNoticeFitsOneText(filled, 'https://psa.example.org')).toBe(true);
    expect(longestShortNotice(filled, 'https://psa.example.org')).toContain(
      'https://psa.example.org/privacy',
    );
    expect(
      shortNoticeFitsOneText(
        filled,
        'https://parent-support-assistant.northshire-county-council.example.org',
      ),
    ).toBe(false);
  });
});
