/**
 * `npm run nlu:export -- --format lu|clu [--out <file>|-] [--content <dir>] [--name <app or project>]
 * [--test-every <n>]`
 *
 * Writes the content's intents and utterances (content/nlu/utterances.json) for a cloud service:
 *   --format lu   a .lu file for LUIS (LUIS portal import, or `bf luis:convert`);
 *   --format clu  a CLU project JSON for Azure AI Language (Language Studio import, or the
 *                 authoring API's :import with api-version 2023-04-01).
 * --out - writes to standard output. --test-every n (clu only) marks the utterances nlu:eval holds
 * out as CLU's Test set.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadContent } from '../src/content/loadContent';
import { toCluProject } from '../src/nlu/export/cluProject';
import { toLuFile } from '../src/nlu/export/luFile';
import { CONTENT_DIR, PROJECT_ROOT } from '../src/config/paths';

const USAGE =
  'usage: npm run nlu:export -- --format lu|clu [--out <file>|-] [--content <dir>] [--name <name>] [--test-every <n>]';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      format: { type: 'string' },
      out: { type: 'string' },
      content: { type: 'string' },
      name: { type: 'string', default: 'parent-support-assistant' },
      'test-every': { type: 'string' },
      help: { type: 'boolean' },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const format = values.format;
  if (format !== 'lu' && format !== 'clu') throw new UsageError('--format must be lu or clu');
  const testEvery = values['test-every'] === undefined ? undefined : Number(values['test-every']);
  if (testEvery !== undefined && !(Number.isInteger(testEvery) && testEvery >= 2)) {
    throw new UsageError('--test-every must be a whole number, 2 or more');
  }

  const contentDir = values.content ?? CONTENT_DIR;
  const data = (await loadContent(contentDir)).utterances;
  const source = path.relative(PROJECT_ROOT, path.join(contentDir, 'nlu', 'utterances.json'));
  const text =
    format === 'lu'
      ? toLuFile(data, { appName: values.name, source })
      : `${JSON.stringify(
          toCluProject(data, {
            projectName: values.name,
            description: `Parent Support Assistant intents and utterances from ${source}`,
            ...(testEvery ? { testEvery } : {}),
          }),
          null,
          2,
        )}\n`;

  const out =
    values.out ??
    path.join(PROJECT_ROOT, 'dist', 'nlu', format === 'lu' ? `${values.name}.lu` : `${values.name}.clu.json`);
  if (out === '-') {
    process.stdout.write(text);
    return;
  }
  await mkdir(path.dirname(path.resolve(out)), { recursive: true });
  await writeFile(out, text, 'utf8');
  const utterances = data.intents.reduce((n, i) => n + i.utterances.length, 0);
  console.log(`Wrote ${data.intents.length} intents and ${utterances} utterances (${format}) to ${out}`);
}

class UsageError extends Error {}

main().catch((err: unknown) => {
  console.error(err instanceof UsageError ? `${err.message}\n${USAGE}` : err);
  process.exit(1);
});
