import { ActivityHandler, TestAdapter } from 'botbuilder';
import { loadConfig } from '../../src/config';
import { loadContent, type Content } from '../../src/content/loadContent';
import { NONE_INTENT, type Recognizer } from '../../src/nlu/Recognizer';
import { createRecognizer } from '../../src/nlu/createRecognizer';
import { CONTENT_DIR } from '../../src/config/paths';
import { captureLogger } from '../support/logger';
import {
  startFakeLanguageService,
  type FakeLanguageService,
  type FakeRequest,
} from './support/fakeLanguageService';
import { cluAnswer, luisAnswer } from './support/recordedResponses';

/**
 * A conversation through botbuilder's TestAdapter with the recognizer built the way the app
 * builds it (loadConfig from the environment, then createRecognizer), LUIS or CLU pointed at a
 * fake endpoint on loopback.
 *
 * On this branch the dialogs do not use the recognizer yet (the conversation branch wires it), so
 * a small bot stands in for them: it answers an FAQ intent with the FAQ's answer from content/,
 * a greeting with the greeting, anything else with "not understood".
 */
function answeringBot(recognizer: Recognizer, content: Content): ActivityHandler {
  const bot = new ActivityHandler();
  bot.onMessage(async (context, next) => {
    const { intent, score } = await recognizer.recognize(context.activity.text ?? '');
    const faq = intent.startsWith('faq.') ? content.faqs.find((f) => `faq.${f.id}` === intent) : undefined;
    if (faq && score >= 0.5) await context.sendActivity(faq.answer);
    else if (intent === 'greeting') await context.sendActivity(content.copy.commands.greeting);
    else await context.sendActivity(content.copy.notUnderstood);
    await next();
  });
  return bot;
}

/** What the cloud model "knows": a few messages and their intents. */
const CLOUD_MODEL: Record<string, string> = {
  hello: 'greeting',
  'is it free?': 'faq.cost',
  'are you a real person?': 'faq.automated',
  'will anyone else find out what i tell you': 'faq.confidential',
};

const backends = [
  {
    name: 'luis',
    env: (url: string) => ({
      RECOGNIZER: 'luis',
      LUIS_APP_ID: '3f2d0b5e-8a4c-4e1f-9b7a-2c6d8e0f1a2b',
      LUIS_KEY: 'fake-luis-key',
      LUIS_ENDPOINT: url,
    }),
    queryOf: (request: FakeRequest) => String((request.body as { query: string }).query),
    answer: luisAnswer,
  },
  {
    name: 'clu',
    env: (url: string) => ({
      RECOGNIZER: 'clu',
      CLU_ENDPOINT: url,
      CLU_KEY: 'fake-clu-key',
      CLU_PROJECT: 'parent-support',
      CLU_DEPLOYMENT: 'production',
    }),
    queryOf: (request: FakeRequest) =>
      (request.body as { analysisInput: { conversationItem: { text: string } } }).analysisInput
        .conversationItem.text,
    answer: cluAnswer,
  },
];

let content: Content;
beforeAll(async () => {
  content = await loadContent(CONTENT_DIR);
});

const faqAnswer = (id: string) => content.faqs.find((f) => f.id === id)!.answer;

describe.each(backends)('a conversation with RECOGNIZER=$name', (backend) => {
  let fake: FakeLanguageService;
  let adapter: TestAdapter;
  let logLines: () => string[];

  beforeEach(async () => {
    fake = await startFakeLanguageService();
    fake.handle((request) => {
      const query = backend.queryOf(request);
      return { json: backend.answer(query, CLOUD_MODEL[query] ?? NONE_INTENT, 0.93) };
    });
    const config = loadConfig({ NODE_ENV: 'test', ...backend.env(fake.url), NLU_TIMEOUT_MS: '400' });
    const captured = captureLogger('debug');
    logLines = captured.lines;
    const recognizer = await createRecognizer(config.nlu, content.utterances, captured.logger);
    const bot = answeringBot(recognizer, content);
    adapter = new TestAdapter(async (context) => {
      await bot.run(context);
    });
  });
  afterEach(async () => {
    await fake.close();
  });

  const outcomes = () =>
    logLines()
      .map((line) => JSON.parse(line) as { outcome?: string; reason?: string })
      .filter((r) => r.outcome !== undefined)
      .map((r) => (r.outcome === 'fallback' ? `fallback:${r.reason}` : r.outcome));

  it('is understood by the cloud model', async () => {
    await adapter
      .send('hello')
      .assertReply(content.copy.commands.greeting)
      .send('will anyone else find out what i tell you')
      .assertReply(faqAnswer('confidential'))
      .send('is it free?')
      .assertReply(faqAnswer('cost'))
      .startTest();
    expect(fake.requests.map(backend.queryOf)).toEqual([
      'hello',
      'will anyone else find out what i tell you',
      'is it free?',
    ]);
    expect(outcomes()).toEqual(['cloud', 'cloud', 'cloud']);
  });

  it('carries on with the local model when the endpoint fails, times out or is unsure', async () => {
    fake.enqueue(
      { status: 500, json: {} },
      { status: 500, json: {} },
      { delayMs: 3000, json: {} },
      { json: backend.answer('are you a real person?', 'faq.automated', 0.12) },
    );
    await adapter
      .send('is it free?')
      .assertReply(faqAnswer('cost'))
      .send('hello')
      .assertReply(content.copy.commands.greeting)
      .send('are you a real person?')
      .assertReply(faqAnswer('automated'))
      .send('will anyone else find out what i tell you')
      .assertReply(faqAnswer('confidential'))
      .startTest();
    expect(outcomes()).toEqual(['fallback:server_error', 'fallback:timeout', 'fallback:low_score', 'cloud']);
  });
});
