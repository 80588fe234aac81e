/**
 * Looking after the stored data (docs/privacy.md):
 *
 *   npm run data -- sweep                        delete what is past its retention now
 *   npm run data -- backup <folder>              copy the embedded store (safe while the server runs)
 *   npm run data -- restore <backup folder> [--force]   put a backup back (server stopped)
 *   npm run data -- rekey                        re-seal everything with DATA_ENCRYPTION_KEY
 *
 * It reads the same settings as the server (.env / environment). With MongoDB, use mongodump and
 * mongorestore (or your provider's backups) instead of backup and restore.
 */
import { parseArgs } from 'node:util';
import { loadConfig, ConfigError, type Config } from '../src/config';
import { loadContent } from '../src/content/loadContent';
import { conversationKeyFor } from '../src/domain/conversationKey';
import { createLogger } from '../src/observability/logger';
import { CONTENT_DIR } from '../src/config/paths';
import {
  backupEmbedded,
  isDirectory,
  rekey,
  restoreEmbedded,
  RestoreError,
} from '../src/privacy/dataMaintenance';
import { RetentionSweep } from '../src/privacy/RetentionSweep';
import { loadSealer } from '../src/security/sealer';
import { openDatabase, openStores } from '../src/store/openStores';

class UsageError extends Error {}

async function main(argv: string[]): Promise<void> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { force: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
  });
  const [command, folder] = positionals;
  if (values.help || !command) return printUsage();
  const config = loadConfig();
  const logger = createLogger({ level: config.log.level });
  switch (command) {
    case 'backup': {
      if (config.store.kind !== 'embedded')
        throw new UsageError('backup is for the embedded store; with MongoDB use mongodump');
      if (!folder) throw new UsageError('backup needs a folder to write to');
      const { dir, manifest } = await backupEmbedded(config.store.dataDir, folder, new Date());
      // To the operator's terminal, not the log (the log redacts long digit runs such as the time).
      process.stdout.write(
        `backup of ${manifest.files.length} files written to ${dir}\nThe encryption key is not in it: keep it apart.\n`,
      );
      return;
    }
    case 'restore': {
      if (config.store.kind !== 'embedded')
        throw new UsageError('restore is for the embedded store; with MongoDB use mongorestore');
      if (!folder || !(await isDirectory(folder))) throw new UsageError('restore needs a backup folder');
      await refuseIfServerIsRunning(config);
      const files = await restoreEmbedded(folder, config.store.dataDir, { force: values.force === true });
      logger.info({ files }, `restored into ${config.store.dataDir}`);
      return;
    }
    case 'sweep':
    case 'rekey': {
      await refuseIfServerIsRunning(config);
      const sealer = await loadSealer(
        config.encryptionKey,
        config.store.dataDir,
        config.previousEncryptionKeys,
      );
      const database = await openDatabase(config.store, logger.child({ category: 'store' }));
      try {
        const stores = await openStores(database, sealer, {
          directLineRetentionHours: config.webChat.historyHours,
        });
        if (command === 'rekey') {
          const resealed = await rekey(database, sealer);
          logger.info({ resealed }, 'rekey finished: every sealed value now uses DATA_ENCRYPTION_KEY');
        } else {
          const content = await loadContent(CONTENT_DIR);
          const sweep = new RetentionSweep({
            stores,
            content,
            logger: logger.child({ category: 'privacy' }),
            now: () => new Date(),
            smsConversationKey: (id) => conversationKeyFor(sealer, 'sms', id),
          });
          await sweep.run();
        }
      } finally {
        await database.close();
      }
      return;
    }
    default:
      throw new UsageError(`unknown command "${command}"`);
  }
}

/** The embedded store belongs to one process: changing it under a running server would be lost. */
async function refuseIfServerIsRunning(config: Config): Promise<void> {
  if (config.store.kind !== 'embedded') return;
  const running = await fetch(`http://127.0.0.1:${config.http.port}/healthz`, {
    signal: AbortSignal.timeout(500),
  }).then(
    (res) => res.ok,
    () => false,
  );
  if (running)
    throw new UsageError(
      `the server is running on port ${config.http.port} with the embedded store in ${config.store.dataDir}. Stop it first (the running server sweeps on its own every RETENTION_SWEEP_MINUTES).`,
    );
}

function printUsage(): void {
  process.stdout.write(
    [
      'Usage:',
      '  npm run data -- sweep                               delete what is past its retention now',
      '  npm run data -- backup <folder>                     copy the embedded store (safe while running)',
      '  npm run data -- restore <backup folder> [--force]   put a backup back (server stopped)',
      '  npm run data -- rekey                               re-seal with DATA_ENCRYPTION_KEY',
      '',
    ].join('\n'),
  );
}

main(process.argv.slice(2)).then(
  () => process.exit(0),
  (err: unknown) => {
    if (err instanceof UsageError || err instanceof ConfigError || err instanceof RestoreError) {
      process.stderr.write(`data: ${err.message}\n`);
      process.exit(2);
    }
    process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  },
);
