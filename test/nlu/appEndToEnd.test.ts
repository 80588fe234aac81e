import { loadContent, type Content } from '../../src/content/loadContent';
import { CONTENT_DIR } from '../../src/config/paths';
import { startReplySink } from '../support/replySink';
import { startTestApp, type TestApp } from '../support/testApp';
import {
  startFakeLanguageService,
  type FakeLanguageService,
  type FakeRequest,
} from './support/fakeLanguageService';
import { cluAnswer } from './support/recordedResponses';

/**
 * The real app (config from the environment, createRecognizer in the composition root, the
 * dialogs) with RECOGNIZER=clu pointed at a fake endpoint on loopback, over /api/messages.
 */
describe('the app with RECOGNIZER=clu', () => {
  let fake: FakeLanguageService;
  let sink: Awaited<ReturnType<typeof startReplySink>>;
  let app: TestApp;
  let content: Content;
  let nextId = 0;
  const queryOf = (request: FakeRequest) =>
    (request.body as { analysisInput: { conversationItem: { text: string } } }).analysisInput.conversationItem
      .text;

  beforeAll(async () => {
    content = await loadContent(CONTENT_DIR);
    fake = await startFakeLanguageService();
    sink = await startReplySink();
    app = await startTestApp({
      RECOGNIZER: 'clu',
      CLU_ENDPOINT: fake.url,
      CLU_KEY: 'fake-key',
      CLU_PROJECT: 'parent-support',
      CLU_DEPLOYMENT: 'production',
      NLU_TIMEOUT_MS: '400',
      ALLOWED_SERVICE_URLS: sink.url,
    });
  });
  afterAll(async () => {
    await app.dispose();
    await sink.close();
    await fake.close();
  });

  async function say(conversationId: string, text: string): Promise<string[]> {
    const before = sink.requests.length;
    const response = await fetch(`${app.url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        type: 'message',
        id: `activity-${++nextId}`,
        channelId: 'emulator',
        serviceUrl: sink.url,
        conversation: { id: conversationId },
        from: { id: 'parent-1', name: 'Parent' },
        recipient: { id: 'bot-1', name: 'Parent Support Assistant' },
        text,
        timestamp: new Date().toISOString(),
      }),
    });
    expect(response.status).toBeLessThan(300);
    return sink.requests.slice(before).map((r) => (typeof r.body.text === 'string' ? r.body.text : ''));
  }

  const answer = (id: string) => content.faqs.find((f) => f.id === id)!.answer;

  it('answers with what CLU understood', async () => {
    fake.handle((request) => ({ json: cluAnswer(queryOf(request), 'faq.cost', 0.95) }));
    await say('clu-1', 'hi');
    const before = fake.requests.length;
    expect((await say('clu-1', 'will this set me back anything'))[0]).toBe(answer('cost'));
    expect(fake.requests.slice(before).map(queryOf)).toContain('will this set me back anything');
  });

  it('carries on with the local model when CLU fails or hangs', async () => {
    fake.handle(() => ({ status: 500, json: {} }));
    await say('clu-2', 'hi');
    expect((await say('clu-2', 'is it free?'))[0]).toBe(answer('cost'));
    fake.handle(() => ({ delayMs: 5000, json: {} }));
    expect((await say('clu-2', 'are you a real person?'))[0]).toBe(answer('automated'));
  });

  it('gives the emergency message first even while CLU hangs', async () => {
    fake.handle(() => ({ delayMs: 5000, json: {} }));
    await say('clu-3', 'hi');
    expect((await say('clu-3', 'my partner hits me'))[0]).toMatch(/call \[?999/);
  });
});
