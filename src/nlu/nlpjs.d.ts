/**
 * Types for the small part of NLP.js (@nlpjs/nlp, @nlpjs/lang-en-min) that the local recognizer
 * uses. The packages ship no TypeScript types; only src/nlu/ imports them.
 */
declare module '@nlpjs/nlp' {
  export interface NlpSettings {
    languages?: string[];
    autoSave?: boolean;
    autoLoad?: boolean;
    forceNER?: boolean;
    /** Scores below this become the "None" intent; 0 keeps the raw top score. */
    threshold?: number;
    calculateSentiment?: boolean;
  }

  export interface NlpEntity {
    entity: string;
    option?: string;
    sourceText?: string;
    utteranceText?: string;
  }

  export interface NlpClassification {
    intent: string;
    score: number;
  }

  export interface NlpResult {
    intent: string;
    score: number;
    entities?: NlpEntity[];
    classifications?: NlpClassification[];
  }

  export interface NlpContainer {
    registerConfiguration(tag: string, configuration: Record<string, unknown>, overwrite?: boolean): void;
  }

  export class Nlp {
    constructor(settings?: NlpSettings);
    readonly container: NlpContainer;
    use(plugin: unknown): void;
    addLanguage(locales: string | string[]): void;
    addDocument(locale: string, utterance: string, intent: string): void;
    train(): Promise<unknown>;
    process(locale: string, utterance: string): Promise<NlpResult>;
  }
}

declare module '@nlpjs/lang-en-min' {
  export const LangEn: unknown;
}

declare module '@nlpjs/lang-en-min' {
  export class StemmerEn {
    stem(tokens: string): string;
  }
}

declare module '@nlpjs/neural' {
  export interface NeuralNetworkSettings {
    iterations?: number;
    errorThresh?: number;
    deltaErrorThresh?: number;
    learningRate?: number;
    momentum?: number;
    alpha?: number;
    log?: boolean;
  }

  export interface NeuralNetworkJson {
    settings: NeuralNetworkSettings;
    features?: string[];
    intents?: string[];
    perceptrons?: number[][];
  }

  export class NeuralNetwork {
    constructor(settings?: NeuralNetworkSettings);
    train(corpus: Array<{ input: Record<string, number>; output: Record<string, number> }>): {
      error: number;
      iterations: number;
    };
    run(input: Record<string, number>): Record<string, number> | undefined;
    toJSON(): NeuralNetworkJson;
    fromJSON(json: NeuralNetworkJson): void;
  }
}
