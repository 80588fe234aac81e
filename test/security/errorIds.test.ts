import type { Request, Response } from 'restify';
import { loadConfig } from '../../src/config';
import { createHttpServer, route } from '../../src/http/server';
import { captureLogger } from '../support/logger';

// The error id must be findable in the log: one random id in seven used to be masked there as if
// its digit groups were a phone number (see test/http/logger.test.ts).
describe('an unexpected error', () => {
  it('is a 500 with a fixed message and an error id that is in the log, not the exception text', async () => {
    const config = loadConfig({ NODE_ENV: 'test', PORT: '0', HOST: '127.0.0.1' });
    const { logger, lines } = captureLogger();
    const server = createHttpServer(config.http, logger);
    server.get(
      '/boom',
      route(async (_req: Request, _res: Response) => {
        await Promise.resolve();
        throw new Error('Maximum call stack size exceeded in secret-module.ts');
      }),
    );
    await new Promise<void>((resolve) => {
      server.listen(0, '127.0.0.1', resolve);
    });
    try {
      const res = await fetch(`http://127.0.0.1:${server.address().port}/boom`);
      const text = await res.text();
      expect(res.status).toBe(500);
      expect(text).not.toContain('Maximum call stack');
      const body = JSON.parse(text) as { code: string; message: string; errorId: string };
      expect(body).toEqual({
        code: 'InternalError',
        message: 'Something went wrong on our side. Please try again.',
        errorId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      });
      // The log line may be written just after the answer went out.
      let logged: string | undefined;
      for (let waited = 0; !logged && waited < 3000; waited += 20) {
        logged = lines().find((l) => l.includes(body.errorId));
        if (!logged) await new Promise((r) => setTimeout(r, 20));
      }
      expect(logged).toContain('Maximum call stack size exceeded');
    } finally {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
      });
    }
  });
});
