import { randomBytes } from 'node:crypto';
import { TestAdapter, type Activity } from 'botbuilder';
import { conversationSettings, createConversationCore } from '../../src/bot/conversationCore';
import { loadConfig } from '../../src/config';
import { SENDER_PHONE } from '../../src/turn/senderPhone';
import { conversationKeyOf } from '../../src/turn/conversationKey';
import { loadContent, type Content } from '../../src/content/loadContent';
import { trainLocalRecognizer } from '../../src/nlu/LocalRecognizer';
import type { Recognizer } from '../../src/nlu/Recognizer';
import { CONTENT_DIR } from '../../src/config/paths';
import { Sealer } from '../../src/security/sealer';
import { EmbeddedDatabase } from '../../src/store/embedded/EmbeddedDatabase';
import { openStores } from '../../src/store/openStores';
import type { Case } from '../../src/domain/model/case';
import type { Stores, TranscriptEntry } from '../../src/store/ports';
import { captureLogger } from '../support/logger';
import { makeTempDir } from '../support/tempDir';

/** Monday 23 November 2026, 10:00 UK time: in term, inside every demo school's PSW hours. */
export const IN_HOURS = new Date('2026-11-23T10:00:00Z');
/** Monday 23 November 2026, 18:00 UK time: after hours; Oakfield's PSW is back Tuesday 8:15am. */
export const OUT_OF_HOURS = new Date('2026-11-23T18:00:00Z');

let shared: Promise<{ content: Content; recognizer: Recognizer }> | undefined;

/** The real content and the local model trained from it, once per test file. */
export function contentAndModel(): Promise<{ content: Content; recognizer: Recognizer }> {
  shared ??= (async () => {
    const content = await loadContent(CONTENT_DIR);
    return { content, recognizer: await trainLocalRecognizer(content.utterances) };
  })();
  return shared;
}

export type Reply = Partial<Activity>;

export interface Chat {
  content: Content;
  stores: Stores;
  /** Sends a message as the parent and returns every reply of that turn, in order. */
  say(text: string, channelData?: Record<string, unknown>): Promise<Reply[]>;
  /** The parent opens the chat (conversationUpdate with the parent added). */
  open(): Promise<Reply[]>;
  /** The channel ends the conversation (endOfConversation), e.g. the parent texted STOP. */
  end(): Promise<Reply[]>;
  cases(): Promise<Case[]>;
  /** The conversation's transcript, as recorded (opened). */
  transcript(): Promise<TranscriptEntry[]>;
  /** The conversation's saved state (dialogs, profile, referral draft), as stored (opened). */
  savedState(): Promise<unknown>;
  logLines(): string[];
  dispose(): Promise<void>;
}

export interface ChatOptions {
  now?: Date;
  /** Channel id of the conversation, e.g. 'sms' (default 'test'). */
  channelId?: string;
  /** Replace the recognizer (e.g. one that fails, as a cloud service might). */
  recognizer?: Recognizer;
  /** Install the app's turn error handler (an apology) instead of letting errors fail the test. */
  turnErrorHandler?: boolean;
  /** The parent's own number, as the SMS channel gives it to the dialogs (turn state). */
  senderPhone?: string;
}

/**
 * The real bot (safeguarding, live handoff, dialogs, case service), built by the app's own
 * `createConversationCore` over a fresh embedded store, driven through botbuilder's TestAdapter with
 * the transcript recorder installed, and a fixed clock.
 */
export async function startChat(options: ChatOptions = {}): Promise<Chat> {
  const { content, recognizer } = await contentAndModel();
  const now = () => options.now ?? IN_HOURS;
  const temp = await makeTempDir('psa-chat-');
  const sealer = new Sealer(randomBytes(32));
  const stores = await openStores(await EmbeddedDatabase.open(temp.dir), sealer);
  const { logger, lines } = captureLogger();
  // The app's own settings (DEFAULT_AREA, the wait per case), as a test run's environment gives them.
  const config = loadConfig({ NODE_ENV: 'test', DATA_DIR: temp.dir });
  const core = createConversationCore({
    content,
    recognizer: options.recognizer ?? recognizer,
    stores,
    sealer,
    settings: conversationSettings(config),
    logger,
    now,
  });
  const adapter = new TestAdapter(
    core.runTurn,
    options.channelId ? { channelId: options.channelId } : undefined,
  );
  adapter.use(core.transcriptRecorder);
  let conversationKey: string | undefined;
  let stateKey: string | undefined;
  adapter.use(async (context, next) => {
    conversationKey = conversationKeyOf(context);
    // ConversationState's storage key (its namespace is empty).
    stateKey = `${context.activity.channelId}/conversations/${context.activity.conversation.id}/`;
    await next();
  });
  const { senderPhone } = options;
  if (senderPhone) {
    adapter.use(async (context, next) => {
      context.turnState.set(SENDER_PHONE, senderPhone);
      await next();
    });
  }
  if (options.turnErrorHandler) adapter.onTurnError = core.onTurnError;

  const turn = async (activity: Partial<Activity>): Promise<Reply[]> => {
    await adapter.processActivity(activity);
    return adapter.activeQueue.splice(0);
  };
  return {
    content,
    stores,
    say: (text, channelData) => turn({ type: 'message', text, ...(channelData ? { channelData } : {}) }),
    open: () =>
      turn({
        type: 'conversationUpdate',
        membersAdded: [{ id: 'parent-1', name: 'Parent' }],
      }),
    end: () => turn({ type: 'endOfConversation' }),
    cases: () => stores.cases.list({}),
    transcript: async () => (conversationKey ? await stores.transcripts.list(conversationKey) : []),
    savedState: async (): Promise<unknown> =>
      stateKey ? ((await stores.state.read([stateKey]))[stateKey] as unknown) : undefined,
    logLines: lines,
    dispose: async () => {
      await stores.close();
      await temp.remove();
    },
  };
}

export function texts(replies: Reply[]): string[] {
  return replies.map((r) => r.text ?? '');
}

/** The buttons (suggested actions) of the last reply. */
export function buttons(replies: Reply[]): string[] {
  const last = replies[replies.length - 1];
  return (last?.suggestedActions?.actions ?? []).map((a) => String(a.title ?? a.value));
}

/**
 * Asserts the replies contain these texts (or patterns) in this order, other replies allowed in
 * between. A string must match a whole reply, or the start of one that also shows choices.
 */
export function expectReplies(replies: Reply[], expected: Array<string | RegExp>): void {
  const actual = texts(replies);
  let from = 0;
  for (const want of expected) {
    const index = actual.findIndex(
      (t, i) =>
        i >= from && (typeof want === 'string' ? t === want || t.startsWith(`${want}`) : want.test(t)),
    );
    if (index < 0) {
      throw new Error(
        `Expected a reply ${String(want)} after reply ${from}; the bot said:\n${actual.map((t, i) => `  ${i}: ${t}`).join('\n')}`,
      );
    }
    from = index + 1;
  }
}
