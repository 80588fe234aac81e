import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { PROJECT_ROOT } from '../../src/config/paths';

/** npm run safeguarding:eval, as a safeguarding lead would run it. */
function runEval(args: string[]) {
  return spawnSync(
    process.execPath,
    ['--import', 'tsx', path.join('scripts', 'safeguarding-eval.ts'), ...args],
    {
      cwd: PROJECT_ROOT,
      encoding: 'utf8',
      timeout: 60_000,
    },
  );
}

describe('the safeguarding eval script', () => {
  it('refuses to print the locked split and prints nothing from it', () => {
    const run = runEval(['--split', 'locked', '--show-misses']);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('--show-misses is for the dev split only');
    expect(run.stdout).toBe('');
  });

  it('refuses an unknown split', () => {
    const run = runEval(['--split', 'everything']);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('usage: npm run safeguarding:eval');
  });
});
