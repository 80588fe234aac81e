import { loadContent, type Content } from '../../src/content/loadContent';
import { CONTENT_DIR } from '../../src/config/paths';

/**
 * A parent reads an FAQ answer after a question asked their own way: "will my child's teacher find
 * out?" is answered by the "Is it confidential?" answer. An answer that opens with a bare Yes or
 * No means the opposite for a question asked the other way round, so no answer may start so.
 */
const YES_NO_OPENER = /^\s*(yes|no|yeah|nope|yep)\b/i;

describe('FAQ answers stand alone', () => {
  let content: Content;
  beforeAll(async () => {
    content = await loadContent(CONTENT_DIR);
  });

  it('never open with a bare Yes or No, on the web or by SMS', () => {
    const openers = content.faqs
      .flatMap((f) => [
        { id: f.id, kind: 'answer', text: f.answer },
        { id: f.id, kind: 'smsAnswer', text: f.smsAnswer },
      ])
      .filter((a) => YES_NO_OPENER.test(a.text))
      .map((a) => `${a.id}.${a.kind}: ${a.text.slice(0, 40)}`);
    expect(openers).toEqual([]);
  });

  it('answer the worry behind "who will be told": the school, and social services only if someone could be harmed', () => {
    const confidential = content.faqs.find((f) => f.id === 'confidential');
    const judgement = content.faqs.find((f) => f.id === 'judgement');
    for (const text of [confidential?.answer, confidential?.smsAnswer]) {
      expect(text).toMatch(/within child protection guidelines/);
      expect(text).toMatch(/school/);
      expect(text).toMatch(/harmed/);
    }
    for (const text of [judgement?.answer, judgement?.smsAnswer]) {
      expect(text).toMatch(/social services/);
      expect(text).toMatch(/only .*harmed/);
    }
  });
});
