/**
 * The language-understanding port. The bot and dialogs only ever see this shape; which model
 * answers (the local one trained from `content/nlu/utterances.json`, or a cloud backend) is
 * chosen in the composition root. Safeguarding never depends on it.
 */
export interface RecognizedEntity {
  type: string;
  value: string;
  /** The words in the message the entity was found in, when the backend says. */
  text?: string;
}

export interface Recognition {
  /** The top intent, e.g. "faq.cost"; NONE_INTENT when nothing fits. */
  intent: string;
  /** Confidence from 0 to 1. */
  score: number;
  entities: RecognizedEntity[];
  source: 'local' | 'luis' | 'clu';
}

export interface Recognizer {
  recognize(text: string): Promise<Recognition>;
}

/** The intent a recognizer returns when no trained intent fits. */
export const NONE_INTENT = 'None';
