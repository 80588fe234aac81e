import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createApp } from '../../src/app';
import { loadConfig } from '../../src/config';
import { DataDirLockedError } from '../../src/store/dataDirLock';
import { addStaff, ConsoleClient } from '../support/console';
import { captureLogger } from '../support/logger';
import { makeTempDir } from '../support/tempDir';
import { startTestApp } from '../support/testApp';

/** Every file under a directory with its size, modification time and content hash. */
async function snapshot(dir: string): Promise<Record<string, string>> {
  const files: Record<string, string> = {};
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const file = path.join(entry.parentPath, entry.name);
    if (file.includes('instance.lock')) continue; // the lock's own heartbeat
    const info = await stat(file);
    const hash = createHash('sha256')
      .update(await readFile(file))
      .digest('hex');
    files[path.relative(dir, file)] = `${info.size}:${info.mtimeMs}:${hash}`;
  }
  return files;
}

const USERS = path.join(__dirname, '../../scripts/users.ts');

function users(dataDir: string, args: string[]): Promise<{ code: number; out: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', USERS, ...args], {
      env: { ...process.env, NODE_ENV: 'test', DATA_DIR: dataDir, PORT: '1', LOG_LEVEL: 'silent' },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, out }));
    child.stdin.end('a long enough password\n');
  });
}

describe('a second start on the same DATA_DIR', () => {
  jest.setTimeout(60_000);

  it('is refused with a clear message, touching nothing, and the running instance keeps its writes', async () => {
    const running = await startTestApp();
    try {
      await addStaff(running.app, { email: 'pat@example.org' });
      const before = await snapshot(running.dataDir);
      const config = loadConfig({
        NODE_ENV: 'test',
        PORT: '0',
        HOST: '127.0.0.1',
        DATA_DIR: running.dataDir,
      });
      const second = createApp(config, captureLogger().logger);
      await expect(second).rejects.toBeInstanceOf(DataDirLockedError);
      await expect(second).rejects.toThrow(/is in use by another running instance.*Nothing was changed/);
      expect(await snapshot(running.dataDir)).toEqual(before);
      // The running instance still has, and still takes, acknowledged writes.
      await addStaff(running.app, { email: 'lee@example.org' });
      expect((await ConsoleClient.signedIn(running.url, 'pat@example.org')).cookie).toBeDefined();
      await running.stop();
      const restarted = await startTestApp({}, { dataDir: running.dataDir });
      try {
        expect((await restarted.app.stores.staff.list()).map((s) => s.email).sort()).toEqual([
          'lee@example.org',
          'pat@example.org',
        ]);
      } finally {
        await restarted.stop();
      }
    } finally {
      await running.dispose();
    }
  });

  it('refuses `npm run users` while the server holds the lock, and lets it run once stopped', async () => {
    const running = await startTestApp();
    try {
      const before = await snapshot(running.dataDir);
      const refused = await users(running.dataDir, [
        'add',
        'x@example.org',
        '--role',
        'psw',
        '--schools',
        'all',
      ]);
      expect(refused.code).toBe(2);
      expect(refused.out).toContain('is in use by another running instance');
      expect(await snapshot(running.dataDir)).toEqual(before);
      await running.stop();
      const added = await users(running.dataDir, [
        'add',
        'x@example.org',
        '--role',
        'psw',
        '--schools',
        'all',
      ]);
      expect(added.code).toBe(0);
    } finally {
      await running.dispose();
    }
  });

  it('takes over at once a lock whose process died on this machine (a crash, then a restart)', async () => {
    const temp = await makeTempDir();
    try {
      const lockModule = path.join(__dirname, '../../src/store/dataDirLock.ts');
      const holder = spawn(
        process.execPath,
        [
          '--import',
          'tsx',
          '-e',
          `import(${JSON.stringify(lockModule)}).then((m) => (m.lockDataDir ?? m.default.lockDataDir)(${JSON.stringify(temp.dir)}, () => undefined)).then(() => { console.log('locked'); setInterval(() => undefined, 1000); });`,
        ],
        { stdio: ['ignore', 'pipe', 'inherit'] },
      );
      await new Promise<void>((resolve, reject) => {
        holder.stdout.on('data', (d: Buffer) => d.toString().includes('locked') && resolve());
        holder.once('exit', () => reject(new Error('the lock holder exited')));
      });
      const config = loadConfig({ NODE_ENV: 'test', PORT: '0', HOST: '127.0.0.1', DATA_DIR: temp.dir });
      await expect(createApp(config, captureLogger().logger)).rejects.toBeInstanceOf(DataDirLockedError);
      holder.kill('SIGKILL');
      await new Promise((resolve) => holder.once('exit', resolve));
      const restarted = await startTestApp({}, { dataDir: temp.dir });
      await restarted.stop();
    } finally {
      await temp.remove();
    }
  });

  it('takes over a lock left by an earlier process with the same pid (a restarted container)', async () => {
    const temp = await makeTempDir();
    try {
      const lockDir = path.join(temp.dir, 'instance.lock');
      await mkdir(lockDir);
      const owner = {
        pid: process.pid,
        token: 'an-earlier-process',
        host: os.hostname(),
        ino: (await stat(lockDir)).ino,
      };
      await writeFile(path.join(temp.dir, 'instance.lock.owner'), JSON.stringify(owner));
      const restarted = await startTestApp({}, { dataDir: temp.dir });
      await restarted.stop();
    } finally {
      await temp.remove();
    }
  });
});
