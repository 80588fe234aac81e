import { FallbackRecognizer } from '../../src/nlu/FallbackRecognizer';
import type { Recognition, Recognizer } from '../../src/nlu/Recognizer';
import { CloudRecognizerError, type CloudRecognizer } from '../../src/nlu/cloud/cloudCall';
import { captureLogger } from '../support/logger';

/** A cloud recognizer whose answers the test scripts, and a clock the test moves. */
function setUp(breakerFailures = 2, breakerPauseMs = 30_000) {
  let clock = 0;
  const script: Array<Recognition | CloudRecognizerError> = [];
  const cloud: CloudRecognizer & { calls: number } = {
    backend: 'clu',
    calls: 0,
    recognize() {
      this.calls++;
      const next = script.shift() ?? new CloudRecognizerError('server_error', 503);
      return next instanceof CloudRecognizerError ? Promise.reject(next) : Promise.resolve(next);
    },
  };
  const local: Recognizer = {
    recognize: () => Promise.resolve({ intent: 'faq.cost', score: 0.8, entities: [], source: 'local' }),
  };
  const { logger, lines } = captureLogger('debug');
  const recognizer = new FallbackRecognizer(cloud, local, {
    minScore: 0.5,
    knownIntents: new Set(['faq.cost', 'faq.privacy']),
    breakerFailures,
    breakerPauseMs,
    logger,
    now: () => clock,
  });
  const answer = (intent: string, score: number): Recognition => ({
    intent,
    score,
    entities: [],
    source: 'clu',
  });
  return {
    recognizer,
    cloud,
    script,
    answer,
    advance: (ms: number) => {
      clock += ms;
    },
    reasons: () =>
      lines()
        .map((l) => JSON.parse(l) as { outcome?: string; reason?: string })
        .filter((r) => r.outcome === 'fallback')
        .map((r) => r.reason),
  };
}

describe('pausing a failing cloud recognizer', () => {
  it('stops asking after the failures in a row, and asks again when the pause is over', async () => {
    const t = setUp(2, 30_000);
    await t.recognizer.recognize('a');
    await t.recognizer.recognize('b');
    expect(t.cloud.calls).toBe(2);
    await t.recognizer.recognize('c');
    t.advance(29_000);
    await t.recognizer.recognize('d');
    expect(t.cloud.calls).toBe(2);
    t.advance(2_000);
    t.script.push(t.answer('faq.privacy', 0.9));
    expect(await t.recognizer.recognize('e')).toMatchObject({ intent: 'faq.privacy', source: 'clu' });
    expect(t.cloud.calls).toBe(3);
    expect(t.reasons()).toEqual(['server_error', 'server_error', 'cloud_paused', 'cloud_paused']);
  });

  it('pauses again at once when the first try after a pause fails', async () => {
    const t = setUp(3, 10_000);
    for (const text of ['a', 'b', 'c']) await t.recognizer.recognize(text);
    t.advance(10_000);
    await t.recognizer.recognize('trial');
    await t.recognizer.recognize('next');
    expect(t.cloud.calls).toBe(4);
    expect(t.reasons().slice(-2)).toEqual(['server_error', 'cloud_paused']);
  });

  it('does not count low scores or unknown intents as failures', async () => {
    const t = setUp(2);
    t.script.push(t.answer('faq.privacy', 0.1), t.answer('BookFlight', 0.9), t.answer('faq.privacy', 0.2));
    for (const text of ['a', 'b', 'c']) await t.recognizer.recognize(text);
    expect(t.cloud.calls).toBe(3);
    expect(t.reasons()).toEqual(['low_score', 'unknown_intent', 'low_score']);
  });

  it('never pauses when NLU_BREAKER_FAILURES is 0', async () => {
    const t = setUp(0);
    for (const text of ['a', 'b', 'c', 'd', 'e']) await t.recognizer.recognize(text);
    expect(t.cloud.calls).toBe(5);
  });
});
