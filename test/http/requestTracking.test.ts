import { startTestApp } from '../support/testApp';

describe('requests in flight', () => {
  it('stops counting a request once its response is sent, even when the route answers at once', async () => {
    const t = await startTestApp();
    try {
      await (await fetch(`${t.url}/healthz`)).text();
      await (await fetch(`${t.url}/chat?school=oakfield-primary`)).text();
      // 'close' is emitted on the next tick; give it one turn of the event loop.
      await new Promise((resolve) => setImmediate(resolve));
      expect(t.app.work.size).toBe(0);
    } finally {
      await t.dispose();
    }
  });
});
