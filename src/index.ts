import { createApp } from './app';
import { ConfigError, loadConfig } from './config';
import { ContentError } from './content/loadContent';
import { createLogger } from './observability/logger';
import { DataDirLockedError } from './store/dataDirLock';

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(
        `Cannot start: ${err.problems.length} bad setting(s): ${err.problems.join('; ')}\n`,
      );
      process.exit(1);
    }
    throw err;
  }
  const logger = createLogger({ level: config.log.level });
  let app;
  try {
    app = await createApp(config, logger);
  } catch (err) {
    if (err instanceof DataDirLockedError) {
      logger.fatal({ dataDir: err.dataDir }, `cannot start: ${err.message}`);
    } else if (err instanceof ContentError) {
      logger.fatal({ file: err.file, problems: err.problems }, 'cannot start: content is invalid');
    } else {
      logger.fatal({ err }, 'cannot start');
    }
    process.exit(1);
  }
  const url = await app.listen();
  logger.info({ url, store: config.store.kind, env: config.env }, 'Parent Support Assistant is listening');

  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    app.close().then(
      () => {
        logger.info('stopped cleanly');
        process.exit(0);
      },
      (err: unknown) => {
        logger.error({ err }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

void main();
