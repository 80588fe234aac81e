import { createApp, type App, type AppOptions } from '../../src/app';
import { loadConfig, type Config } from '../../src/config';
import { captureLogger } from './logger';
import { makeTempDir } from './tempDir';

export interface TestApp {
  app: App;
  url: string;
  config: Config;
  dataDir: string;
  logLines: () => string[];
  /** Closes the app (as on SIGTERM); the data directory stays, for restart tests. */
  stop: () => Promise<void>;
  /** Closes the app and removes its data directory. */
  dispose: () => Promise<void>;
}

/**
 * Starts the real server on a random loopback port over a fresh embedded store. Pass `env` to
 * set variables, and `dataDir` to reopen an earlier app's store (a restart).
 */
export async function startTestApp(
  env: Record<string, string> = {},
  options: AppOptions & { dataDir?: string } = {},
): Promise<TestApp> {
  const temp = options.dataDir ? undefined : await makeTempDir();
  const dataDir = options.dataDir ?? temp!.dir;
  const config = loadConfig({
    NODE_ENV: 'test',
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'info',
    DATA_DIR: dataDir,
    SHUTDOWN_TIMEOUT_MS: '2000',
    // Every test parent talks from this one address: per-client limits are lifted unless a test sets them.
    BOT_MESSAGES_RATE_LIMIT: '10000',
    ...env,
  });
  const { logger, lines } = captureLogger();
  const app = await createApp(config, logger, options);
  const url = await app.listen();
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    await app.close();
  };
  return {
    app,
    url,
    config,
    dataDir,
    logLines: lines,
    stop,
    dispose: async () => {
      await stop();
      await temp?.remove();
    },
  };
}
