import { spawn } from 'node:child_process';
import path from 'node:path';
import { ConsoleClient } from '../support/console';
import { makeTempDir } from '../support/tempDir';
import { startTestApp } from '../support/testApp';

const SCRIPT = path.join(__dirname, '../../scripts/users.ts');

/** Runs `npm run users -- ...` (from source, through tsx) against a data directory. */
function users(dataDir: string, args: string[], stdin?: string): Promise<{ code: number; out: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', SCRIPT, ...args], {
      env: { ...process.env, NODE_ENV: 'test', DATA_DIR: dataDir, PORT: '1', LOG_LEVEL: 'silent' },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, out }));
    child.stdin.end(stdin ?? '');
  });
}

describe('npm run users', () => {
  jest.setTimeout(60_000);

  it('creates accounts that can sign in, and refuses bad input', async () => {
    const temp = await makeTempDir();
    try {
      const created = await users(
        temp.dir,
        [
          'add',
          'lee@example.org',
          '--role',
          'manager',
          '--schools',
          'area:liverpool',
          '--name',
          'Lee Manager',
        ],
        'a password read from stdin\n',
      );
      expect(created.code).toBe(0);
      expect(created.out).toContain('Created manager lee@example.org');
      const unknownSchool = await users(
        temp.dir,
        ['add', 'x@example.org', '--role', 'psw', '--schools', 'atlantis'],
        'long enough password\n',
      );
      expect(unknownSchool.code).toBe(2);
      expect(unknownSchool.out).toContain('unknown school or area: atlantis');
      const shortPassword = await users(temp.dir, [
        'add',
        'y@example.org',
        '--role',
        'psw',
        '--schools',
        'all',
        '--password',
        'short',
      ]);
      expect(shortPassword.out).toContain('at least 12 characters');
      const badRole = await users(temp.dir, ['add', 'z@example.org', '--role', 'boss', '--schools', 'all']);
      expect(badRole.out).toContain('--role must be psw, manager or admin');

      const t = await startTestApp({}, { dataDir: temp.dir });
      try {
        const client = await ConsoleClient.signedIn(t.url, 'lee@example.org', 'a password read from stdin');
        const session = await client.get<{ staff: { role: string }; schools: Array<{ id: string }> }>(
          '/api/console/session',
        );
        expect(session.body.staff.role).toBe('manager');
        expect(session.body.schools.map((s) => s.id)).toEqual([
          'oakfield-primary',
          'riverside-high',
          'willow-bank-primary',
        ]);
        expect(t.logLines().join('\n')).not.toContain('has no accounts yet');
      } finally {
        await t.stop();
      }
    } finally {
      await temp.remove();
    }
  });
});
