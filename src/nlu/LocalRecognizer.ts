import { Nlp, type NlpResult } from '@nlpjs/nlp';
import { LangEn } from '@nlpjs/lang-en-min';
import { NONE_INTENT, type Recognition, type Recognizer } from './Recognizer';
import type { TrainingData } from './trainingData';
import { Vocabulary } from './vocabulary';

const LOCALE = 'en';

/** Below this share of known content words, the score is scaled down by the share. */
const MIN_COVERAGE = 0.5;

/**
 * The default recognizer: an NLP.js model trained in memory, at start, from the content's
 * utterances. It needs no network and no model file.
 */
export class LocalRecognizer implements Recognizer {
  private constructor(
    private readonly nlp: Nlp,
    private readonly vocabulary: Vocabulary,
  ) {}

  /** Trains a model from the training data (a second or two for the product's content). */
  static async train(data: TrainingData): Promise<LocalRecognizer> {
    // The language is added after the configuration below, which NLP.js reads when it adds it.
    const nlp = new Nlp({
      autoSave: false,
      autoLoad: false,
      threshold: 0,
      calculateSentiment: false,
    });
    // NLP.js's own defaults for English, with training output off and spell checking on (a word
    // one letter away from a trained word still counts: "cost" for "cots").
    nlp.container.registerConfiguration(`nlu-${LOCALE}`, {
      keepStopwords: true,
      nonefeatureValue: 1,
      nonedeltaMultiplier: 1.2,
      spellCheck: true,
      spellCheckDistance: 1,
      filterZeros: true,
      log: false,
    });
    nlp.use(LangEn);
    nlp.addLanguage(LOCALE);
    for (const { intent, utterances } of data.intents) {
      for (const utterance of utterances) nlp.addDocument(LOCALE, utterance, intent);
    }
    await nlp.train();
    return new LocalRecognizer(nlp, new Vocabulary(data.intents.flatMap((i) => i.utterances)));
  }

  async recognize(text: string): Promise<Recognition> {
    const trimmed = text.trim();
    if (trimmed === '') return { intent: NONE_INTENT, score: 1, entities: [], source: 'local' };
    const recognition = toRecognition(await this.nlp.process(LOCALE, trimmed));
    if (recognition.intent === NONE_INTENT) return recognition;
    // A message of mostly unknown words gets a low score, whatever the network says.
    const coverage = this.vocabulary.coverage(trimmed);
    return coverage < MIN_COVERAGE ? { ...recognition, score: recognition.score * coverage } : recognition;
  }
}

function toRecognition(result: NlpResult): Recognition {
  const none = result.intent === 'None' || result.intent === '' || !Number.isFinite(result.score);
  return {
    intent: none ? NONE_INTENT : result.intent,
    score: none ? 1 : result.score,
    entities: (result.entities ?? []).map((e) => ({
      type: e.entity,
      value: e.option ?? e.sourceText ?? e.utteranceText ?? '',
      ...(e.utteranceText !== undefined ? { text: e.utteranceText } : {}),
    })),
    source: 'local',
  };
}

/** Trains the local recognizer from the content's training data (for the app and for scripts). */
export async function trainLocalRecognizer(data: TrainingData): Promise<Recognizer> {
  return await LocalRecognizer.train(data);
}
