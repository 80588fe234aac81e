import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, rmdir, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import lockfile from 'proper-lockfile';

/** The lock's own directory inside DATA_DIR (proper-lockfile makes it with mkdir, which is atomic). */
export const LOCK_NAME = 'instance.lock';
/** Beside it: which process holds the lock, so that a lock left by a dead process is taken over at once. */
const OWNER_NAME = 'instance.lock.owner';

export class DataDirLockedError extends Error {
  constructor(readonly dataDir: string) {
    super(
      `DATA_DIR ${dataDir} is in use by another running instance (or \`npm run users\`). ` +
        'Stop it first, or give this one its own DATA_DIR. Nothing was changed.',
    );
    this.name = 'DataDirLockedError';
  }
}

/** Tells this process from an earlier one that had the same pid (a restarted container's pid 1). */
const PROCESS_TOKEN = randomBytes(12).toString('hex');

interface Owner {
  pid: number;
  token: string;
  host: string;
  /** The inode of the lock directory this owner made, so a takeover removes that one and no other. */
  ino: number;
}

/**
 * Takes the exclusive lock on DATA_DIR before anything in it is read or written, so that a second
 * start (or `npm run users` beside a running server) cannot rewrite files under a running instance.
 * The lock is refreshed while held. One left by a process that died is taken over at once when that
 * process was on this machine, and otherwise once it is 20 seconds stale.
 * Resolves with the function that releases it. `onLost` runs if another process took it over.
 */
export async function lockDataDir(
  dataDir: string,
  onLost: (err: Error) => void,
): Promise<() => Promise<void>> {
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  const lockDir = path.join(dataDir, LOCK_NAME);
  const take = () =>
    lockfile.lock(dataDir, {
      lockfilePath: lockDir,
      // Refreshed every 5 s; a lock not refreshed for 20 s (its process died) may be taken over.
      stale: 20_000,
      update: 5_000,
      onCompromised: onLost,
    });
  let release: () => Promise<void>;
  try {
    release = await take();
  } catch (err) {
    if (!isLocked(err) || !(await removeIfOwnerDied(dataDir, lockDir))) throw lockedOr(err, dataDir);
    release = await take().catch((again: unknown) => {
      throw lockedOr(again, dataDir);
    });
  }
  const owner: Owner = {
    pid: process.pid,
    token: PROCESS_TOKEN,
    host: os.hostname(),
    ino: (await stat(lockDir)).ino,
  };
  await writeFile(path.join(dataDir, OWNER_NAME), JSON.stringify(owner), { mode: 0o600 });
  let released = false;
  return async () => {
    if (released) return;
    released = true;
    await release().catch((err: unknown) => {
      // Already released when the lock was lost to another process: nothing left to do.
      if ((err as { code?: unknown }).code !== 'ERELEASED') throw err;
    });
  };
}

const isLocked = (err: unknown) => (err as { code?: unknown } | null)?.code === 'ELOCKED';

function lockedOr(err: unknown, dataDir: string): Error {
  if (isLocked(err)) return new DataDirLockedError(dataDir);
  return err instanceof Error ? err : new Error(String(err));
}

/**
 * If the lock's owner was a process on this machine that no longer runs, moves its lock directory
 * aside (rename is atomic) and removes it. Returns whether it did. A lock directory that turns out
 * not to be the dead owner's (someone took the lock meanwhile) is put back.
 */
async function removeIfOwnerDied(dataDir: string, lockDir: string): Promise<boolean> {
  let owner: Owner;
  try {
    owner = JSON.parse(await readFile(path.join(dataDir, OWNER_NAME), 'utf8')) as Owner;
  } catch {
    return false;
  }
  if (owner.host !== os.hostname()) return false;
  // With our own pid it is either this process (keep it) or an earlier one, which cannot be running.
  const dead = owner.pid === process.pid ? owner.token !== PROCESS_TOKEN : !isRunning(owner.pid);
  if (!dead) return false;
  const aside = `${lockDir}.dead-${randomBytes(6).toString('hex')}`;
  try {
    await rename(lockDir, aside);
  } catch {
    return false;
  }
  if ((await stat(aside)).ino !== owner.ino) {
    await rename(aside, lockDir).catch(() => undefined);
    return false;
  }
  await rmdir(aside);
  return true;
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as { code?: unknown }).code === 'EPERM';
  }
}
