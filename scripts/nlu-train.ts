/**
 * `npm run nlu:train [-- --check]`
 *
 * Trains the local model on content/nlu/utterances.json (intents, utterances and topic lists) and
 * writes content/nlu/model.json, which the service loads at start instead of training. Run it after
 * changing the utterances or lists, and commit the model with them. --check only says whether the
 * shipped model was trained from the current content (exit code 1 if not).
 */
import { parseArgs } from 'node:util';
import { loadContent } from '../src/content/loadContent';
import { loadShippedModel, SHIPPED_MODEL_FILE, writeShippedModel } from '../src/nlu/shippedModel';
import { CONTENT_DIR } from '../src/config/paths';

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { check: { type: 'boolean', default: false } } });
  const data = (await loadContent(CONTENT_DIR)).utterances;
  if (values.check) {
    const current = (await loadShippedModel(data)) !== undefined;
    console.log(
      current
        ? `${SHIPPED_MODEL_FILE} was trained from the current content.`
        : `${SHIPPED_MODEL_FILE} is missing or out of date: run npm run nlu:train`,
    );
    if (!current) process.exitCode = 1;
    return;
  }
  const started = performance.now();
  const features = await writeShippedModel(data);
  const utterances = data.intents.reduce((n, i) => n + i.utterances.length, 0);
  console.log(
    `Trained on ${utterances} utterances of ${data.intents.length} intents (${features} features) in ${Math.round(performance.now() - started)} ms; wrote ${SHIPPED_MODEL_FILE}`,
  );
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
