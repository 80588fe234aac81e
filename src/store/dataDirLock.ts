import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import lockfile from 'proper-lockfile';

/** The lock's own directory inside DATA_DIR (proper-lockfile makes it with mkdir, which is atomic). */
export const LOCK_NAME = 'instance.lock';

export class DataDirLockedError extends Error {
  constructor(readonly dataDir: string) {
    super(
      `DATA_DIR ${dataDir} is in use by another running instance (or \`npm run users\`). ` +
        'Stop it first, or give this one its own DATA_DIR. Nothing was changed.',
    );
    this.name = 'DataDirLockedError';
  }
}

/**
 * Takes the exclusive lock on DATA_DIR before anything in it is read or written, so that a second
 * start (or `npm run users` beside a running server) cannot rewrite files under a running instance.
 * The lock is refreshed while held; one left by a process that died goes stale after 10 seconds.
 * Resolves with the function that releases it. `onLost` runs if another process took it over.
 */
export async function lockDataDir(
  dataDir: string,
  onLost: (err: Error) => void,
): Promise<() => Promise<void>> {
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  try {
    const release = await lockfile.lock(dataDir, {
      lockfilePath: path.join(dataDir, LOCK_NAME),
      stale: 10_000,
      onCompromised: onLost,
    });
    let released = false;
    return async () => {
      if (released) return;
      released = true;
      await release().catch((err: unknown) => {
        // Already released when the lock was lost to another process: nothing left to do.
        if ((err as { code?: unknown }).code !== 'ERELEASED') throw err;
      });
    };
  } catch (err) {
    if ((err as { code?: unknown }).code === 'ELOCKED') throw new DataDirLockedError(dataDir);
    throw err;
  }
}
