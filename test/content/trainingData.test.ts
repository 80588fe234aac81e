import { trainingDataSchema } from '../../src/content/trainingData';

/** The training file is written by hand: each repeated name is reported where it is, saying what it repeats. */
describe('content/nlu/utterances.json checks', () => {
  it('reports a repeated intent, utterance (any case), list and list key at their places', () => {
    const five = ['how much is it', 'is it free', 'do i pay', 'what does it cost', 'any charge'];
    const result = trainingDataSchema.safeParse({
      language: 'en',
      lists: [
        {
          name: 'topic',
          values: [
            { key: 'money', synonyms: ['debt'] },
            { key: 'money', synonyms: ['rent'] },
          ],
        },
        { name: 'topic', values: [{ key: 'sleep', synonyms: ['bedtime'] }] },
      ],
      intents: [
        { intent: 'faq.cost', utterances: five },
        {
          intent: 'faq.cost',
          utterances: ['Is it FREE', 'who runs it', 'who are you', 'what is this', 'hello'],
        },
      ],
    });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`)).toEqual([
      'intents.1.intent: duplicate intent "faq.cost"',
      'intents.1.utterances.0: "Is it FREE" is also an utterance of faq.cost',
      'lists.0.values.1.key: duplicate key "money" in list "topic"',
      'lists.1.name: duplicate list "topic"',
    ]);
  });
});
