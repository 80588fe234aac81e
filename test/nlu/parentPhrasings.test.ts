import { loadContent } from '../../src/content/loadContent';
import { trainLocalRecognizer } from '../../src/nlu/LocalRecognizer';
import type { Recognizer } from '../../src/nlu/Recognizer';
import { CONTENT_DIR } from '../../src/config/paths';

/**
 * Messages outside testers wrote as parents (issue 11), and others in the same registers: the
 * service's own model (content/nlu/model.json) must understand them with the confidence the
 * dialogs act on (0.75, dialogs/understanding.ts).
 */
describe('the shipped local model understands parents in their own words', () => {
  let recognizer: Recognizer;
  beforeAll(async () => {
    recognizer = await trainLocalRecognizer((await loadContent(CONTENT_DIR)).utterances);
  });

  it.each([
    ['I would like the PSW to get in touch with me please', 'referral.start'],
    ['can u get the psw 2 ring me back', 'referral.start'],
    ['wanna tlk 2 a real person', 'talk_to_person'],
    [
      'hi im a dad of 3, weve fallen behind on the rent and the landlord says were getting evicted next month, dont know where to turn',
      'signpost.money_housing',
    ],
    ['I need help with debt and housing', 'signpost.money_housing'],
    ['my wife and I are separating', 'signpost.family_changes'],
    ['toddler', 'signpost.under_fives'],
    ['im actually his nan, can I still use it?', 'faq.who_for'],
    ['bye', 'goodbye'],
  ])('"%s" → %s', async (text, intent) => {
    const result = await recognizer.recognize(text);
    expect(result).toMatchObject({ intent, source: 'local' });
    expect(result.score).toBeGreaterThanOrEqual(0.75);
  });
});
