import { parser } from '@microsoft/bf-lu';
import { loadContent } from '../../src/content/loadContent';
import { LocalRecognizer } from '../../src/nlu/LocalRecognizer';
import { toCluProject } from '../../src/nlu/export/cluProject';
import { toLuFile } from '../../src/nlu/export/luFile';
import { trainingDataSchema, type TrainingData } from '../../src/content/trainingData';
import { CONTENT_DIR } from '../../src/config/paths';

let data: TrainingData;
beforeAll(async () => {
  data = (await loadContent(CONTENT_DIR)).utterances;
});

const topic = (key: string) =>
  data.lists?.find((l) => l.name === 'topic')?.values.find((v) => v.key === key)?.synonyms ?? [];

describe('topic word lists (list entities in content/nlu/utterances.json)', () => {
  it('name the words issue 11 asks for', () => {
    expect(topic('money_housing')).toEqual(expect.arrayContaining(['debt', 'bailiffs', 'eviction', 'mould']));
    expect(topic('bereavement')).toEqual(expect.arrayContaining(['died', 'passed away']));
    expect(topic('drugs_alcohol')).toContain('weed');
    expect(topic('send')).toEqual(expect.arrayContaining(['ehcp', 'autism']));
    expect(topic('family_changes')).toContain('split up');
    expect(topic('under_fives')).toContain('toddler');
  });

  it('refuses a list naming the same key twice', () => {
    const bad = {
      ...data,
      lists: [
        {
          name: 'topic',
          values: [
            { key: 'a', synonyms: ['x'] },
            { key: 'a', synonyms: ['y'] },
          ],
        },
      ],
    };
    expect(trainingDataSchema.safeParse(bad).success).toBe(false);
  });

  describe('in the local model', () => {
    // A small model, so the test shows the lists at work rather than the many utterances.
    const small: TrainingData = {
      language: 'en',
      lists: [
        {
          name: 'topic',
          values: [
            { key: 'money_housing', synonyms: ['bailiffs', 'eviction', 'rent arrears', 'repossession'] },
          ],
        },
      ],
      intents: [
        {
          intent: 'signpost.money_housing',
          utterances: [
            'we have bailiffs',
            'help with eviction',
            'we have rent arrears',
            'money worries',
            'cant pay',
          ],
        },
        {
          intent: 'faq.cost',
          utterances: [
            'is it free',
            'does it cost anything',
            'do i have to pay',
            'how much is it',
            'any charge',
          ],
        },
      ],
    };

    it('reports the topic a message names, with the words that named it', async () => {
      const recognizer = LocalRecognizer.train(small);
      const result = await recognizer.recognize('The bailiffs are at the door');
      expect(result.entities).toContainEqual({ type: 'topic', value: 'money_housing', text: 'bailiffs' });
    });

    it('routes a message by a list word in any form ("evicted" for "eviction")', async () => {
      const recognizer = LocalRecognizer.train(small);
      const result = await recognizer.recognize('we got evicted');
      expect(result.intent).toBe('signpost.money_housing');
      expect(result.entities).toContainEqual({ type: 'topic', value: 'money_housing', text: 'evicted' });
    });

    it('routes by the list alone when the message shares no other word with the training', async () => {
      const withList = LocalRecognizer.train(small);
      const withoutList = LocalRecognizer.train({ ...small, lists: [] });
      const text = 'REPOSSESSION!!';
      const listed = await withList.recognize(text);
      expect(listed.intent).toBe('signpost.money_housing');
      // Confident enough for the dialogs to act on (0.75); without the list, not understood.
      expect(listed.score).toBeGreaterThanOrEqual(0.75);
      expect((await withoutList.recognize(text)).score).toBeLessThan(0.45);
      expect((await withList.recognize(text)).entities).toContainEqual({
        type: 'topic',
        value: 'money_housing',
        text: 'repossession',
      });
      expect((await withoutList.recognize(text)).entities).toEqual([]);
    });
  });

  it('are carried into the .lu export as LUIS list entities', async () => {
    const lu = toLuFile(data, { appName: 'psa', source: 'utterances.json' });
    const { LUISJsonStructure } = await parser.parseFile(lu, false, 'en-us');
    const lists = LUISJsonStructure.closedLists;
    const money = lists
      .find((l) => l.name === 'topic')
      ?.subLists.find((s) => s.canonicalForm === 'money_housing');
    expect(money?.list).toEqual(expect.arrayContaining(['bailiffs', 'eviction']));
    expect(lists.find((l) => l.name === 'topic')?.subLists).toHaveLength(data.lists![0]!.values.length);
  });

  it('are carried into the CLU project as a list entity', () => {
    const project = toCluProject(data, { projectName: 'p', description: 'd' });
    const entity = project.assets.entities?.find((e) => e.category === 'topic') as
      { list: { sublists: Array<{ listKey: string; synonyms: Array<{ values: string[] }> }> } } | undefined;
    const money = entity?.list.sublists.find((s) => s.listKey === 'money_housing');
    expect(money?.synonyms[0]?.values).toEqual(expect.arrayContaining(['debt', 'mould']));
  });
});
