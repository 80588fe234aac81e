import { IntentClassifier } from './IntentClassifier';
import { loadShippedModel } from './shippedModel';
import { NONE_INTENT, type Recognition, type Recognizer } from './Recognizer';
import type { TrainingData } from '../content/trainingData';
import { Vocabulary } from './vocabulary';

/** Below this share of known content words, the score is scaled down by the share. */
const MIN_COVERAGE = 0.5;
/** A message without a word of letters (a bare "9", a smiley) means no intent with confidence. */
const NO_WORDS_FACTOR = 0.25;

/**
 * The default recognizer: a softmax regression over words, word pairs, letter triples and the
 * content's topic lists (see IntentClassifier and features.ts). It needs no network. At start it
 * loads the model shipped in content/nlu/model.json when that was trained from this very content
 * (`npm run nlu:train`), and otherwise trains one in memory.
 */
export class LocalRecognizer implements Recognizer {
  private constructor(
    private readonly classifier: IntentClassifier,
    private readonly vocabulary: Vocabulary,
  ) {}

  /** Trains a model from the training data (seconds for the product's content: see bench:nlu). */
  static train(data: TrainingData): LocalRecognizer {
    return new LocalRecognizer(IntentClassifier.train(data), vocabularyOf(data));
  }

  /** The shipped model when it was trained from this data, else a model trained now. */
  static async forContent(data: TrainingData, modelFile?: string): Promise<LocalRecognizer> {
    const shipped = await loadShippedModel(data, modelFile);
    return shipped
      ? new LocalRecognizer(IntentClassifier.fromJSON(shipped, data), vocabularyOf(data))
      : LocalRecognizer.train(data);
  }

  recognize(text: string): Promise<Recognition> {
    const trimmed = text.trim();
    if (trimmed === '')
      return Promise.resolve({ intent: NONE_INTENT, score: 1, entities: [], source: 'local' });
    const { intent, score, entities } = this.classifier.classify(trimmed);
    if (intent === undefined)
      return Promise.resolve({ intent: NONE_INTENT, score: 1, entities, source: 'local' });
    // A message of mostly unknown words gets a low score, whatever the model says.
    const coverage = this.vocabulary.coverage(trimmed);
    const scaled = coverage < MIN_COVERAGE ? score * coverage : score;
    return Promise.resolve({
      intent,
      score: /[a-z]{2}/i.test(trimmed) ? scaled : scaled * NO_WORDS_FACTOR,
      entities,
      source: 'local',
    });
  }
}

function vocabularyOf(data: TrainingData): Vocabulary {
  return new Vocabulary([
    ...data.intents.flatMap((i) => i.utterances),
    ...(data.lists ?? []).flatMap((l) => l.values.flatMap((v) => v.synonyms)),
  ]);
}

/**
 * The local recognizer for the content's training data: the shipped model when it matches (the
 * app, at start), else trained now (tests with their own content, scripts on a split).
 */
export async function trainLocalRecognizer(data: TrainingData, modelFile?: string): Promise<Recognizer> {
  return await LocalRecognizer.forContent(data, modelFile);
}
