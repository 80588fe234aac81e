/**
 * `npx tsx scripts/readability.ts`: how hard the parent-facing content is to read. Prints, per
 * content file, the average sentence length, the Flesch-Kincaid grade and the reading age
 * (grade + 5), and lists sentences over 20 words. Aim: reading age about 9.
 */
import { loadContent } from '../src/content/loadContent';
import { readability } from '../src/content/readability';
import { parentFacingTexts } from '../src/content/parentFacingTexts';
import { CONTENT_DIR } from '../src/config/paths';

async function main(): Promise<void> {
  const content = await loadContent(CONTENT_DIR);
  for (const [file, texts] of Object.entries(parentFacingTexts(content))) {
    const r = readability(texts);
    console.log(
      `${file.padEnd(14)} ${String(r.sentences).padStart(4)} sentences, ${r.wordsPerSentence.toFixed(1).padStart(4)} words each, ` +
        `Flesch-Kincaid grade ${r.fleschKincaidGrade.toFixed(1)} (reading age about ${(r.fleschKincaidGrade + 5).toFixed(0)})`,
    );
    for (const long of r.longSentences) console.log(`    over 20 words: ${long}`);
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
