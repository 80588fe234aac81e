/**
 * `npm run nlu:eval`: trains the local recognizer on most of the content's utterances and tests
 * it on the rest (every 5th utterance of each intent, held out), then prints accuracy per intent.
 */
import { loadContent } from '../src/content/loadContent';
import { trainLocalRecognizer } from '../src/nlu/LocalRecognizer';
import { evaluate, holdOutSplit } from '../src/nlu/evaluate';
import { CONTENT_DIR } from '../src/paths';

async function main(): Promise<void> {
  const content = await loadContent(process.argv[2] ?? CONTENT_DIR);
  const { train, test } = holdOutSplit(content.utterances, 5);
  const started = Date.now();
  const recognizer = await trainLocalRecognizer(train);
  const trainingMs = Date.now() - started;
  const result = await evaluate(recognizer, test);

  const trainCount = train.intents.reduce((n, i) => n + i.utterances.length, 0);
  console.log(
    `Local NLU (NLP.js): ${train.intents.length} intents, trained on ${trainCount} utterances in ${trainingMs} ms, tested on ${test.length} held out.`,
  );
  console.log('');
  const width = Math.max(...result.perIntent.map((r) => r.intent.length));
  for (const row of result.perIntent) {
    const pct = ((100 * row.correct) / row.total).toFixed(0).padStart(3);
    const confused = row.confusedWith.length ? `  (wrong: ${row.confusedWith.join(', ')})` : '';
    console.log(`${row.intent.padEnd(width)}  ${pct}%  ${row.correct}/${row.total}${confused}`);
  }
  console.log('');
  console.log(`Overall accuracy: ${(100 * result.accuracy).toFixed(1)}% (${result.correct}/${result.total})`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
