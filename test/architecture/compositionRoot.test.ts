import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { PROJECT_ROOT } from '../../src/config/paths';

/**
 * The bot is built in one place, `createConversationCore` (src/bot/conversationCore.ts), which the
 * app and the test harnesses call: a harness that wired the bot itself drifted from the app (its
 * own area, no due dates).
 */

const BUILDS_THE_BOT = /new (ParentSupportBot|MainDialog|SafeguardingCheck)\(/;

async function sourceFiles(dir: string): Promise<string[]> {
  const entries = await readdir(path.join(PROJECT_ROOT, dir), { withFileTypes: true });
  const files = await Promise.all(
    entries.map(async (entry) => {
      const relative = path.join(dir, entry.name);
      if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : await sourceFiles(relative);
      return entry.name.endsWith('.ts') ? [relative] : [];
    }),
  );
  return files.flat();
}

describe('one composition of the conversation', () => {
  it('only createConversationCore builds the bot, its dialogs and its safeguarding check', async () => {
    const files = (
      await Promise.all(['src', 'dialogs', 'test', 'scripts', 'benchmarks'].map(sourceFiles))
    ).flat();
    const builders: string[] = [];
    for (const file of files) {
      if (file === path.join('test', 'architecture', 'compositionRoot.test.ts')) continue;
      if (BUILDS_THE_BOT.test(await readFile(path.join(PROJECT_ROOT, file), 'utf8'))) builders.push(file);
    }
    expect(builders).toEqual([path.join('src', 'bot', 'conversationCore.ts')]);
  });
});
