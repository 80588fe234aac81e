import { execFile } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { PROJECT_ROOT } from '../../src/config/paths';
import { makeTempDir } from '../support/tempDir';

/**
 * `npm run lint` runs dependency-cruiser with .dependency-cruiser.cjs (the layers of
 * docs/architecture.md). These tests run the same command and configuration on small trees laid
 * out like the project's, so a new upward import or a cycle between folders fails the lint.
 */

const run = promisify(execFile);
const CLI = path.join(PROJECT_ROOT, 'node_modules', 'dependency-cruiser', 'bin', 'dependency-cruise.mjs');
const CONFIG = path.join(PROJECT_ROOT, '.dependency-cruiser.cjs');

interface Violation {
  rule: { name: string };
  from: string;
  to: string;
}

/** Lays out `files` (path → source) and lints them as the project is linted; returns the violations. */
async function lintTree(files: Record<string, string>): Promise<Violation[]> {
  const { dir, remove } = await makeTempDir('psa-layers-');
  try {
    const all: Record<string, string> = {
      'tsconfig.json': JSON.stringify({ compilerOptions: { module: 'commonjs', strict: true } }),
      'src/index.ts': "import './bot/bot';\n",
      'dialogs/MainDialog.ts': "import { copy } from '../src/content/copy';\nexport const main = copy;\n",
      'src/bot/bot.ts': "import { main } from '../../dialogs/MainDialog';\nexport const bot = main;\n",
      'src/content/copy.ts': "export const copy = 'Hello';\n",
      ...files,
    };
    for (const [file, source] of Object.entries(all)) {
      await mkdir(path.dirname(path.join(dir, file)), { recursive: true });
      await writeFile(path.join(dir, file), source);
    }
    const args = [CLI, 'src', 'dialogs', '--config', CONFIG, '--output-type', 'json'];
    let stdout: string;
    try {
      ({ stdout } = await run(process.execPath, args, { cwd: dir }));
    } catch (error) {
      // dependency-cruiser exits non-zero when it finds violations; the report is still on stdout.
      stdout = (error as { stdout: string }).stdout;
    }
    const result = JSON.parse(stdout) as { summary: { violations: Violation[] } };
    return result.summary.violations;
  } finally {
    await remove();
  }
}

describe('the layers are enforced by npm run lint', () => {
  it('passes a tree that only imports downwards', async () => {
    expect(await lintTree({})).toEqual([]);
  });

  it('fails when content (the bottom layer) imports a channel', async () => {
    const violations = await lintTree({
      'src/channels/sms/gsm7.ts': 'export const isGsm7 = (text: string) => text.length > 0;\n',
      'src/content/copy.ts':
        "import { isGsm7 } from '../channels/sms/gsm7';\nexport const copy = String(isGsm7('Hi'));\n",
    });
    expect(violations).toEqual([
      expect.objectContaining({
        rule: expect.objectContaining({ name: expect.stringMatching(/imports-upward$/) }),
        from: 'src/content/copy.ts',
        to: 'src/channels/sms/gsm7.ts',
      }),
    ]);
  });

  it('fails when a dialog imports the bot', async () => {
    const violations = await lintTree({
      'src/bot/turn.ts': "export const KEY = 'key';\n",
      'dialogs/MainDialog.ts': "import { KEY } from '../src/bot/turn';\nexport const main = KEY;\n",
    });
    expect(violations.map((v) => [v.from, v.to])).toContainEqual([
      'dialogs/MainDialog.ts',
      'src/bot/turn.ts',
    ]);
  });

  it('lets the store ports keep the case of src/domain/model, and nothing else of the domain', async () => {
    const model = {
      'src/domain/model/case.ts': 'export interface Case { id: string }\n',
      'src/store/ports.ts':
        "import type { Case } from '../domain/model/case';\nexport type CaseStore = Case[];\n",
      'src/domain/CaseService.ts':
        "import type { CaseStore } from '../store/ports';\nexport const service = (s: CaseStore) => s;\n",
    };
    expect(await lintTree(model)).toEqual([]);

    const violations = await lintTree({
      ...model,
      'src/domain/model/case.ts':
        "import { service } from '../CaseService';\nexport interface Case { id: string }\nexport const s = service;\n",
      'src/store/status.ts':
        "import { service } from '../domain/CaseService';\nexport const status = service;\n",
    });
    const upward = violations
      .filter((v) => v.rule.name.endsWith('imports-upward'))
      .map((v) => [v.from, v.to]);
    expect(upward).toEqual(
      expect.arrayContaining([
        ['src/domain/model/case.ts', 'src/domain/CaseService.ts'],
        ['src/store/status.ts', 'src/domain/CaseService.ts'],
      ]),
    );
  });

  it('fails when two folders of one layer import each other', async () => {
    const violations = await lintTree({
      'src/handoff/router.ts':
        "import { check } from '../safeguarding/check';\nexport const route = check;\n",
      'src/handoff/words.ts': "export const words = 'words';\n",
      'src/safeguarding/check.ts': "export const check = 'check';\n",
      'src/safeguarding/reply.ts': "import { words } from '../handoff/words';\nexport const reply = words;\n",
    });
    expect(violations.map((v) => v.rule.name)).toContain('no-folder-cycles');
    expect(violations.map((v) => v.rule.name)).not.toContainEqual(expect.stringMatching(/imports-upward$/));
  });

  it('fails when two modules of one folder import each other', async () => {
    const violations = await lintTree({
      'src/config/index.ts':
        "import { nlu } from './nlu';\nexport type Env = string;\nexport const config = nlu;\n",
      'src/config/nlu.ts': "import type { Env } from './index';\nexport const nlu: Env = 'local';\n",
    });
    expect(violations.map((v) => v.rule.name)).toContain('no-module-cycles');
  });
});
