import { loadConfig } from '../../src/config';
import { loadContent } from '../../src/content/loadContent';
import { trainLocalRecognizer } from '../../src/nlu/LocalRecognizer';
import type { Recognizer } from '../../src/nlu/Recognizer';
import { createRecognizer } from '../../src/nlu/createRecognizer';
import type { TrainingData } from '../../src/content/trainingData';
import { CONTENT_DIR } from '../../src/config/paths';
import { captureLogger } from '../support/logger';
import {
  startFakeLanguageService,
  type FakeLanguageService,
  type FakeRequest,
} from './support/fakeLanguageService';
import {
  CLU_RECORDED,
  cluAnswer,
  LUIS_RECORDED,
  luisAnswer,
  RECORDED_RECOGNITION,
} from './support/recordedResponses';

const LUIS_APP_ID = '3f2d0b5e-8a4c-4e1f-9b7a-2c6d8e0f1a2b';
const LUIS_KEY = 'fake-luis-key-not-a-secret';
const CLU_KEY = 'fake-clu-key-not-a-secret';

interface Backend {
  name: 'luis' | 'clu';
  env(url: string): Record<string, string>;
  key: string;
  recorded: unknown;
  answer(query: string, intent: string, score: number): unknown;
  /** The query text the fake received. */
  queryOf(request: FakeRequest): unknown;
  expectWellFormed(request: FakeRequest): void;
}

const luis: Backend = {
  name: 'luis',
  env: (url) => ({ RECOGNIZER: 'luis', LUIS_APP_ID, LUIS_KEY, LUIS_ENDPOINT: url }),
  key: LUIS_KEY,
  recorded: LUIS_RECORDED,
  answer: luisAnswer,
  queryOf: (request) => (request.body as { query?: unknown }).query,
  expectWellFormed(request) {
    expect(request.method).toBe('POST');
    expect(request.path).toBe(`/luis/prediction/v3.0/apps/${LUIS_APP_ID}/slots/production/predict`);
    expect(request.headers['ocp-apim-subscription-key']).toBe(LUIS_KEY);
    // LUIS must not keep parents' messages.
    expect(request.search.get('log')).toBe('false');
  },
};

const clu: Backend = {
  name: 'clu',
  env: (url) => ({
    RECOGNIZER: 'clu',
    CLU_ENDPOINT: url,
    CLU_KEY,
    CLU_PROJECT: 'parent-support',
    CLU_DEPLOYMENT: 'production',
  }),
  key: CLU_KEY,
  recorded: CLU_RECORDED,
  answer: cluAnswer,
  queryOf: (request) =>
    (request.body as { analysisInput?: { conversationItem?: { text?: unknown } } }).analysisInput
      ?.conversationItem?.text,
  expectWellFormed(request) {
    expect(request.method).toBe('POST');
    expect(request.path).toBe('/language/:analyze-conversations');
    expect(request.search.get('api-version')).toBe('2023-04-01');
    expect(request.headers['ocp-apim-subscription-key']).toBe(CLU_KEY);
    expect(request.body).toMatchObject({
      kind: 'Conversation',
      parameters: {
        projectName: 'parent-support',
        deploymentName: 'production',
        stringIndexType: 'Utf16CodeUnit',
        // CLU must not keep parents' messages.
        isLoggingEnabled: false,
      },
    });
  },
};

let data: TrainingData;
let local: Recognizer;
beforeAll(async () => {
  data = (await loadContent(CONTENT_DIR)).utterances;
  local = await trainLocalRecognizer(data);
});

describe.each([luis, clu])('$name recognizer against a fake endpoint', (backend) => {
  let fake: FakeLanguageService;
  let recognizer: Recognizer;
  let logLines: () => string[];

  // Well under the fake's 5 s slow answer, well over a loaded machine's worst reply (300 ms timed out under load).
  async function build(env: Record<string, string> = {}): Promise<Recognizer> {
    const config = loadConfig({ ...backend.env(fake.url), NLU_TIMEOUT_MS: '2000', ...env });
    const captured = captureLogger('debug');
    logLines = captured.lines;
    return await createRecognizer(config.nlu, data, captured.logger, { local });
  }

  function fallbackReasons(): unknown[] {
    return logLines()
      .map((line) => JSON.parse(line) as { outcome?: string; reason?: unknown })
      .filter((record) => record.outcome === 'fallback')
      .map((record) => record.reason);
  }

  beforeEach(async () => {
    fake = await startFakeLanguageService();
    recognizer = await build();
  });
  afterEach(async () => {
    await fake.close();
  });

  it('maps a recorded answer (intent, score, list entity) to the one shape', async () => {
    fake.enqueue({ json: backend.recorded });
    const result = await recognizer.recognize('my son in year 7 wont go to school');
    expect(result).toEqual({ ...RECORDED_RECOGNITION, source: backend.name });
    expect(fake.requests).toHaveLength(1);
    backend.expectWellFormed(fake.requests[0]!);
    expect(backend.queryOf(fake.requests[0]!)).toBe('my son in year 7 wont go to school');
    expect(fallbackReasons()).toEqual([]);
  });

  it('uses the local model when the cloud is unsure (score below NLU_MIN_SCORE)', async () => {
    fake.enqueue({ json: backend.answer('is it free?', 'faq.privacy', 0.31) });
    const result = await recognizer.recognize('is it free?');
    expect(result).toMatchObject({ intent: 'faq.cost', source: 'local' });
    expect(fallbackReasons()).toEqual(['low_score']);
  });

  it('keeps a cloud answer at or above a configured threshold', async () => {
    recognizer = await build({ NLU_MIN_SCORE: '0.3' });
    fake.enqueue({ json: backend.answer('is it free?', 'faq.privacy', 0.31) });
    expect(await recognizer.recognize('is it free?')).toMatchObject({
      intent: 'faq.privacy',
      source: backend.name,
    });
  });

  it('waits as long as Retry-After says after a 429, then retries once and uses the answer', async () => {
    fake.enqueue(
      { status: 429, headers: { 'Retry-After': '1' }, json: { error: { code: 'TooManyRequests' } } },
      { json: backend.answer('is it free?', 'faq.cost', 0.97) },
    );
    const result = await recognizer.recognize('is it free?');
    expect(result).toMatchObject({ intent: 'faq.cost', score: 0.97, source: backend.name });
    expect(fake.requests).toHaveLength(2);
    const [first, second] = fake.requests;
    expect(second!.receivedAt - first!.receivedAt).toBeGreaterThanOrEqual(950);
  });

  it('does not wait for a Retry-After longer than NLU_RETRY_WAIT_MS: the local model answers', async () => {
    fake.enqueue({ status: 429, headers: { 'Retry-After': '60' }, json: {} });
    expect(await recognizer.recognize('is it free?')).toMatchObject({ intent: 'faq.cost', source: 'local' });
    expect(fake.requests).toHaveLength(1);
    expect(fallbackReasons()).toEqual(['rate_limited']);
  });

  it('retries a 500 once, then falls back to the local model', async () => {
    fake.enqueue({ status: 500, json: {} }, { status: 500, json: {} });
    expect(await recognizer.recognize('is it free?')).toMatchObject({ intent: 'faq.cost', source: 'local' });
    expect(fake.requests).toHaveLength(2);
    expect(fallbackReasons()).toEqual(['server_error']);
  });

  it('uses the retry when a 503 is followed by an answer', async () => {
    fake.enqueue({ status: 503, json: {} }, { json: backend.answer('go back', 'command.back', 0.9) });
    expect(await recognizer.recognize('go back')).toMatchObject({
      intent: 'command.back',
      source: backend.name,
    });
    expect(fake.requests).toHaveLength(2);
  });

  it('gives up on a slow answer at NLU_TIMEOUT_MS and the local model answers', async () => {
    fake.enqueue({ delayMs: 5000, json: backend.answer('is it free?', 'faq.privacy', 0.99) });
    expect(await recognizer.recognize('is it free?')).toMatchObject({ intent: 'faq.cost', source: 'local' });
    expect(fake.requests).toHaveLength(1);
    expect(fallbackReasons()).toEqual(['timeout']);
  });

  it('treats malformed JSON as a failure and the local model answers', async () => {
    fake.enqueue({ raw: '{"kind": "ConversationResult", "result": {' });
    expect(await recognizer.recognize('is it free?')).toMatchObject({ intent: 'faq.cost', source: 'local' });
    expect(fallbackReasons()).toEqual(['malformed']);
  });

  it('treats JSON of the wrong shape as a failure', async () => {
    fake.enqueue({ json: { answer: 'faq.privacy' } });
    expect(await recognizer.recognize('is it free?')).toMatchObject({ intent: 'faq.cost', source: 'local' });
    expect(fallbackReasons()).toEqual(['malformed']);
  });

  it('does not retry a rejected key (401)', async () => {
    fake.enqueue({ status: 401, json: { error: { code: 'Unauthorized' } } });
    expect(await recognizer.recognize('is it free?')).toMatchObject({ intent: 'faq.cost', source: 'local' });
    expect(fake.requests).toHaveLength(1);
    expect(fallbackReasons()).toEqual(['rejected']);
  });

  it('ignores an intent the content does not have', async () => {
    fake.enqueue({ json: backend.answer('is it free?', 'BookFlight', 0.99) });
    expect(await recognizer.recognize('is it free?')).toMatchObject({ intent: 'faq.cost', source: 'local' });
    expect(fallbackReasons()).toEqual(['unknown_intent']);
  });

  it('falls back when nothing listens at the endpoint', async () => {
    await fake.close();
    expect(await recognizer.recognize('is it free?')).toMatchObject({ intent: 'faq.cost', source: 'local' });
    expect(fallbackReasons()).toEqual(['network']);
    fake = await startFakeLanguageService();
  });

  it('stops asking a failing cloud for a while after NLU_BREAKER_FAILURES failures in a row', async () => {
    recognizer = await build({ NLU_BREAKER_FAILURES: '2' });
    fake.handle(() => ({ status: 401, json: {} }));
    for (let i = 0; i < 3; i++) {
      expect(await recognizer.recognize('is it free?')).toMatchObject({
        intent: 'faq.cost',
        source: 'local',
      });
    }
    expect(fake.requests).toHaveLength(2);
    expect(fallbackReasons()).toEqual(['rejected', 'rejected', 'cloud_paused']);
  });

  it('cuts a very long message to what the service accepts', async () => {
    fake.handle((request) => ({ json: backend.answer(String(backend.queryOf(request)), 'faq.cost', 0.9) }));
    await recognizer.recognize(`is it free? ${'really '.repeat(400)}`);
    const sent = String(backend.queryOf(fake.requests[0]!));
    expect(sent.startsWith('is it free? really')).toBe(true);
    expect(sent.length).toBe(backend.name === 'luis' ? 500 : 1000);
  });

  it('never logs the message or the key', async () => {
    fake.enqueue({ status: 500, json: {} }, { raw: 'not json at all' });
    await recognizer.recognize('my daughter Zelda Testcase is being bullied');
    fake.enqueue({ json: backend.answer('x', 'faq.cost', 0.9) });
    await recognizer.recognize('my daughter Zelda Testcase is being bullied');
    const log = logLines().join('\n');
    expect(log).toContain(`"backend":"${backend.name}"`);
    expect(log).toContain('"latencyMs"');
    expect(log).not.toMatch(/Zelda|Testcase|bullied/);
    expect(log).not.toContain(backend.key);
  });
});
