import type { Content } from '../src/content/loadContent';
import type { Recognizer } from '../src/nlu/Recognizer';
import {
  compileLists,
  findListEntities,
  normalisedWords,
  stem,
  type CompiledList,
} from '../src/nlu/features';

export type Command = 'help' | 'back' | 'restart' | 'stop';

/** What a parent's words mean to the conversation. */
export type Understanding =
  | { kind: 'command'; command: Command }
  | { kind: 'person' }
  | { kind: 'referral' }
  | { kind: 'faq'; faqId: string; confident: boolean }
  | { kind: 'signpost'; topicId: string }
  | { kind: 'greeting' }
  | { kind: 'thanks' }
  | { kind: 'goodbye' }
  | { kind: 'erase' }
  | { kind: 'unknown' };

/** At or above this score the top intent is acted on. */
export const CONFIDENT = 0.75;
/** From this score up to CONFIDENT, an FAQ is offered as "did you mean". */
export const UNSURE = 0.45;
/** Commands recognised by the model (not word for word) must be short messages. */
const MAX_COMMAND_WORDS = 6;

const COMMAND_INTENTS: Record<string, Understanding> = {
  'command.help': { kind: 'command', command: 'help' },
  'command.back': { kind: 'command', command: 'back' },
  'command.restart': { kind: 'command', command: 'restart' },
  'command.stop': { kind: 'command', command: 'stop' },
  talk_to_person: { kind: 'person' },
};

const QUESTION_START =
  /^(is|are|am|do|does|did|can|could|will|would|should|shall|what|whats|how|who|whos|when|where|why|which|have|has)\b/;

/**
 * The worries parents ask about most, in any words, when the model is not sure (or reads the question
 * as a request for a person): who will be told
 * ("will the school be told?", "will his teacher find out?") and who will contact them.
 */
const WORRY_RULES: Array<{ faqId: string; all: RegExp[] }> = [
  {
    faqId: 'confidential',
    all: [
      /\b(tell|told|telling|find out|found out|know|knows|share|shared|pass|passed|report|reported)\b/,
      /\b(school|teacher|teachers|head|headteacher|anyone|anybody|police|ex|partner|family)\b/,
    ],
  },
  { faqId: 'what_happens_next', all: [/\bwho\b/, /\b(contact|call|ring|text|phone|see|speak|talk)\b/] },
];

/** Intents that ask for a person: a question about the worry behind them is answered instead. */
const REQUEST_INTENTS = new Set(['referral.start', 'talk_to_person']);

function worryFaq(text: string): string | undefined {
  if (!looksLikeQuestion(text)) return undefined;
  const said = normaliseWords(text);
  return WORRY_RULES.find((rule) => rule.all.every((pattern) => pattern.test(said)))?.faqId;
}

export function normaliseWords(text: string): string {
  return text
    .toLowerCase()
    .replace(/[\u2018\u2019']/g, '')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

export function looksLikeQuestion(text: string): boolean {
  return text.includes('?') || QUESTION_START.test(normaliseWords(text));
}

export function wordCount(text: string): number {
  const normalised = normaliseWords(text);
  return normalised === '' ? 0 : normalised.split(' ').length;
}

/**
 * Turns a message into an Understanding: commands typed word for word (from the command
 * intents' utterances) first, then the recognizer's top intent with the thresholds above.
 */
export class Understander {
  private readonly exactCommands = new Map<string, Understanding>();
  private readonly topicLists: CompiledList[];

  constructor(
    private readonly recognizer: Recognizer,
    content: Content,
  ) {
    this.topicLists = compileLists((content.utterances.lists ?? []).filter((l) => l.name === 'topic'));
    for (const { intent, utterances } of content.utterances.intents) {
      const understanding = COMMAND_INTENTS[intent];
      if (!understanding) continue;
      for (const utterance of utterances) this.exactCommands.set(normaliseWords(utterance), understanding);
    }
  }

  /** A command typed word for word ("back", "start again", "talk to a person"). */
  exactCommand(text: string): Understanding | undefined {
    return this.exactCommands.get(normaliseWords(text));
  }

  /** The topics (ids) a message names from the topic lists ("bailiffs", "bedtime", "EHCP"), once each. */
  topicsNamed(text: string): string[] {
    const words = normalisedWords(text);
    const found = findListEntities(words, words.map(stem), this.topicLists);
    return [...new Set(found.map((e) => e.value))];
  }

  async understand(text: string): Promise<Understanding> {
    const exact = this.exactCommand(text);
    if (exact) return exact;
    const { intent, score } = await this.recognizer.recognize(text);
    // A question about who will be told or who will get in touch is that worry, even when the model
    // reads it as a request for a person ("who would contact me?" is not "contact me").
    const worry = score < CONFIDENT || REQUEST_INTENTS.has(intent) ? worryFaq(text) : undefined;
    if (worry) return { kind: 'faq', faqId: worry, confident: true };
    if (intent.startsWith('faq.') && score >= UNSURE) {
      return { kind: 'faq', faqId: intent.slice('faq.'.length), confident: score >= CONFIDENT };
    }
    if (score < CONFIDENT) return { kind: 'unknown' };
    const command = COMMAND_INTENTS[intent];
    if (command) return wordCount(text) <= MAX_COMMAND_WORDS ? command : { kind: 'unknown' };
    if (intent.startsWith('signpost.'))
      return { kind: 'signpost', topicId: intent.slice('signpost.'.length) };
    if (intent === 'referral.start') return { kind: 'referral' };
    if (intent === 'greeting') return { kind: 'greeting' };
    if (intent === 'thanks') return { kind: 'thanks' };
    if (intent === 'goodbye') return { kind: 'goodbye' };
    if (intent === 'data.erase') return { kind: 'erase' };
    return { kind: 'unknown' };
  }
}
