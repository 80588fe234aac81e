import { copyFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { loadContent } from '../../src/content/loadContent';
import { LocalRecognizer } from '../../src/nlu/LocalRecognizer';
import {
  contentFingerprint,
  loadShippedModel,
  SHIPPED_MODEL_FILE,
  writeShippedModel,
} from '../../src/nlu/shippedModel';
import type { TrainingData } from '../../src/content/trainingData';
import { CONTENT_DIR } from '../../src/config/paths';
import { makeTempDir } from '../support/tempDir';

let data: TrainingData;
beforeAll(async () => {
  data = (await loadContent(CONTENT_DIR)).utterances;
});

describe('the shipped model (content/nlu/model.json)', () => {
  it('was trained from the current content: run npm run nlu:train after changing utterances or lists', async () => {
    expect(await loadShippedModel(data)).toBeDefined();
  });

  it('is not used for other content: a changed utterance means training in memory', async () => {
    const changed: TrainingData = {
      ...data,
      intents: data.intents.map((i, n) =>
        n === 0 ? { ...i, utterances: [...i.utterances, 'one more way to say it'] } : i,
      ),
    };
    expect(contentFingerprint(changed)).not.toBe(contentFingerprint(data));
    expect(await loadShippedModel(changed)).toBeUndefined();
  });

  it('is written and read back for the content it was trained from, answering like the trained model', async () => {
    const small: TrainingData = {
      language: 'en',
      intents: [
        {
          intent: 'faq.cost',
          utterances: [
            'is it free',
            'does it cost anything',
            'do i pay',
            'how much is it',
            'any charge for it',
          ],
        },
        { intent: 'greeting', utterances: ['hello', 'hi there', 'good morning', 'hiya', 'hey there'] },
      ],
    };
    const { dir, remove } = await makeTempDir();
    const file = path.join(dir, 'model.json');
    await writeShippedModel(small, file);
    const loaded = await LocalRecognizer.forContent(small, file);
    expect(await loaded.recognize('is it free to use')).toMatchObject({ intent: 'faq.cost' });
    expect(await loaded.recognize('hiya!')).toMatchObject({ intent: 'greeting' });
    expect(
      await loadShippedModel({ ...small, intents: small.intents.slice().reverse() }, file),
    ).toBeUndefined();
    await remove();
  });

  it('is ignored when the file is missing or damaged', async () => {
    const { dir, remove } = await makeTempDir();
    expect(await loadShippedModel(data, path.join(dir, 'none.json'))).toBeUndefined();
    const damaged = path.join(dir, 'model.json');
    await copyFile(SHIPPED_MODEL_FILE, damaged);
    await writeFile(damaged, '{"about": "cut short", "trainedFrom": "');
    expect(await loadShippedModel(data, damaged)).toBeUndefined();
    await remove();
  });
});
