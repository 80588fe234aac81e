import { parser } from '@microsoft/bf-lu';
import luParser from '@microsoft/bf-lu/lib/parser/lufile/luParser';
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { loadContent } from '../../src/content/loadContent';
import { holdOutSplit } from '../../src/nlu/evaluate';
import { cluProjectSchema, toCluProject } from '../../src/nlu/export/cluProject';
import { toLuFile } from '../../src/nlu/export/luFile';
import type { TrainingData } from '../../src/content/trainingData';
import { CONTENT_DIR, PROJECT_ROOT } from '../../src/config/paths';
import { makeTempDir } from '../support/tempDir';

let data: TrainingData;
beforeAll(async () => {
  data = (await loadContent(CONTENT_DIR)).utterances;
});

const allUtterances = (d: TrainingData) =>
  d.intents.flatMap(({ intent, utterances }) => utterances.map((text) => ({ text, intent })));

/** Reads a .lu file back with the Bot Framework's own parser. */
async function readLu(text: string) {
  const { Errors, Sections } = luParser.parse(text);
  const { LUISJsonStructure } = await parser.parseFile(text, false, 'en-us');
  return { diagnostics: Errors.map((e) => e.toString()), sections: Sections, luis: LUISJsonStructure };
}

describe('.lu export', () => {
  it('is read back by the Bot Framework LU parser with every intent and utterance, and no warnings', async () => {
    const { diagnostics, luis } = await readLu(toLuFile(data, { appName: 'psa', source: 'utterances.json' }));
    expect(diagnostics).toEqual([]);
    expect(luis.intents.map((i) => i.name)).toEqual(data.intents.map((i) => i.intent));
    expect(luis.utterances.map(({ text, intent }) => ({ text, intent }))).toEqual(allUtterances(data));
    expect(luis.patterns).toEqual([]);
  });

  it('names the app and its culture in the model information', async () => {
    const { sections } = await readLu(toLuFile(data, { appName: 'psa-test', source: 'x' }));
    const info = sections.filter((s) => s.SectionType === 'modelInfoSection').map((s) => s.ModelInfo);
    expect(info).toEqual(
      expect.arrayContaining([
        expect.stringContaining('@app.name = psa-test'),
        expect.stringContaining('en-us'),
      ]),
    );
  });

  it('escapes what LU would read as entities or patterns, so odd utterances stay plain utterances', async () => {
    const tricky: TrainingData = {
      language: 'en',
      intents: [
        {
          intent: 'faq.cost',
          utterances: [
            'is it free [really]',
            'cost (roughly | exactly)',
            'my {name} is on the letter',
            'two\nlines   and  spaces',
            "what's a back\\slash",
          ],
        },
      ],
    };
    const { diagnostics, luis } = await readLu(toLuFile(tricky, { appName: 'psa', source: 'x' }));
    expect(diagnostics).toEqual([]);
    expect(luis.patterns).toEqual([]);
    expect(luis.utterances.map((u) => u.text)).toEqual([
      'is it free [really]',
      'cost (roughly | exactly)',
      'my {name} is on the letter',
      'two lines and spaces',
      "what's a back\\slash",
    ]);
    expect(luis.utterances.every((u) => u.entities.length === 0)).toBe(true);
  });
});

describe('CLU project export', () => {
  it('matches the documented import schema, with every intent (and None) and utterance', () => {
    const project = toCluProject(data, { projectName: 'parent-support', description: 'test' });
    const checked = cluProjectSchema.safeParse(JSON.parse(JSON.stringify(project)));
    expect(checked.success).toBe(true);
    expect(project).toMatchObject({
      stringIndexType: 'Utf16CodeUnit',
      metadata: { projectKind: 'Conversation', projectName: 'parent-support', language: 'en-gb' },
      assets: { projectKind: 'Conversation' },
    });
    expect(project.assets.intents.map((i) => i.category)).toEqual([
      'None',
      ...data.intents.map((i) => i.intent),
    ]);
    expect(project.assets.utterances?.map(({ text, intent }) => ({ text, intent }))).toEqual(
      allUtterances(data),
    );
    expect(project.assets.utterances?.every((u) => u.dataset === 'Train' && u.language === 'en-gb')).toBe(
      true,
    );
  });

  it('can mark the utterances nlu:eval holds out as the Test set', () => {
    const project = toCluProject(data, { projectName: 'p', description: 'd', testEvery: 5 });
    const test = project.assets.utterances?.filter((u) => u.dataset === 'Test').map((u) => u.text);
    expect(test).toEqual(holdOutSplit(data, 5).test.map((e) => e.text));
  });

  it('accepts a project written in the documented shape (entities with list, prebuilt and regex parts)', async () => {
    const example: unknown = JSON.parse(
      await readFile(path.join(__dirname, 'fixtures', 'clu-project-documented-shape.json'), 'utf8'),
    );
    expect(cluProjectSchema.safeParse(example).success).toBe(true);
  });

  it.each([
    ['an intent name CLU refuses', { intents: [{ category: 'faq:cost' }] }],
    ['an utterance of an intent not listed', { utterances: [{ text: 'hi', intent: 'faq.parking' }] }],
    ['an utterance over 500 characters', { utterances: [{ text: 'x'.repeat(501), intent: 'faq.cost' }] }],
    ['an Orchestration project', { projectKind: 'Orchestration' }],
  ])('refuses %s', (_what, assets) => {
    const project = toCluProject(data, { projectName: 'p', description: 'd' });
    expect(cluProjectSchema.safeParse({ ...project, assets: { ...project.assets, ...assets } }).success).toBe(
      false,
    );
  });

  it('refuses a project name with spaces', () => {
    expect(() => toCluProject(data, { projectName: 'parent support', description: 'd' })).toThrow(
      /projectName/,
    );
  });
});

describe('npm run nlu:export', () => {
  const run = (args: string[]) =>
    promisify(execFile)(
      process.execPath,
      [path.join(PROJECT_ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs'), 'scripts/nlu-export.ts', ...args],
      {
        cwd: PROJECT_ROOT,
      },
    );

  it('writes a .lu file and a CLU project file where --out says', async () => {
    const temp = await makeTempDir();
    try {
      const lu = path.join(temp.dir, 'psa.lu');
      const clu = path.join(temp.dir, 'psa.json');
      await run(['--format', 'lu', '--out', lu]);
      await run(['--format', 'clu', '--out', clu, '--name', 'psa']);
      const { diagnostics, luis } = await readLu(await readFile(lu, 'utf8'));
      expect(diagnostics).toEqual([]);
      expect(luis.utterances).toHaveLength(allUtterances(data).length);
      const project = cluProjectSchema.parse(JSON.parse(await readFile(clu, 'utf8')));
      expect(project.metadata.projectName).toBe('psa');
    } finally {
      await temp.remove();
    }
  });

  it('refuses an unknown format, saying how to use it', async () => {
    const failure = await run(['--format', 'xml']).then(
      () => undefined,
      (err: { code?: number; stderr?: string }) => err,
    );
    expect(failure?.code).toBe(1);
    expect(failure?.stderr).toContain('--format must be lu or clu');
    expect(failure?.stderr).toContain('usage:');
  });
});
