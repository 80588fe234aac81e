import { loadContent } from '../../src/content/loadContent';
import { trainLocalRecognizer } from '../../src/nlu/LocalRecognizer';
import { NONE_INTENT, type Recognizer } from '../../src/nlu/Recognizer';
import { evaluate, holdOutSplit } from '../../src/nlu/evaluate';
import { CONTENT_DIR } from '../../src/config/paths';

describe('local recognizer (softmax regression, trained from content/nlu/utterances.json)', () => {
  let recognizer: Recognizer;
  beforeAll(async () => {
    recognizer = await trainLocalRecognizer((await loadContent(CONTENT_DIR)).utterances);
  });

  it.each([
    ['is it free?', 'faq.cost'],
    ['Is this confidential', 'faq.confidential'],
    ['are you a real person?', 'faq.automated'],
    ['I want to talk to a person', 'talk_to_person'],
    ['can a PSW contact me', 'referral.start'],
    ['my son wont go to school', 'signpost.attendance'],
    ['we are struggling with money', 'signpost.money_housing'],
    ['are there parenting courses', 'signpost.parenting_courses'],
    ['go back', 'command.back'],
    ['start again', 'command.restart'],
  ])('understands "%s" as %s, locally', async (text, intent) => {
    const result = await recognizer.recognize(text);
    expect(result).toMatchObject({ intent, source: 'local' });
    expect(result.score).toBeGreaterThan(0.5);
  });

  it('is not confident about a message without words, such as a bare number typed for a school year', async () => {
    for (const text of ['9', '4', ':)']) expect((await recognizer.recognize(text)).score).toBeLessThan(0.45);
  });

  it('says None for an empty message', async () => {
    expect(await recognizer.recognize('   ')).toMatchObject({ intent: NONE_INTENT });
  });

  it('gets most held-out utterances right (the figures are printed by npm run nlu:eval)', async () => {
    const data = (await loadContent(CONTENT_DIR)).utterances;
    const { train, test } = holdOutSplit(data, 5);
    expect(test.length).toBeGreaterThan(100);
    expect(train.intents.every((i) => i.utterances.length >= 4)).toBe(true);
    const result = await evaluate(await trainLocalRecognizer(train), test);
    expect(result.accuracy).toBeGreaterThan(0.7);
  });
});
