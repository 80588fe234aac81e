/**
 * `npx tsx benchmarks/conversation.ts`: how fast the offline parts of a turn are, and how often
 * the risk detector fires on the content's own (mostly everyday) utterances. Prints figures only.
 */
import { loadContent } from '../src/content/loadContent';
import { trainLocalRecognizer } from '../src/nlu/LocalRecognizer';
import { CONTENT_DIR } from '../src/config/paths';
import { detectRisk } from '../src/safeguarding/riskDetector';

async function main(): Promise<void> {
  const content = await loadContent(CONTENT_DIR);
  const utterances = content.utterances.intents.flatMap((i) =>
    i.utterances.map((u) => ({ intent: i.intent, u })),
  );

  let started = process.hrtime.bigint();
  const recognizer = await trainLocalRecognizer(content.utterances);
  const trainMs = Number(process.hrtime.bigint() - started) / 1e6;

  started = process.hrtime.bigint();
  for (const { u } of utterances) await recognizer.recognize(u);
  const recogniseMs = Number(process.hrtime.bigint() - started) / 1e6 / utterances.length;

  const rounds = 20;
  started = process.hrtime.bigint();
  for (let r = 0; r < rounds; r++) for (const { u } of utterances) detectRisk(u);
  const detectUs = Number(process.hrtime.bigint() - started) / 1e3 / (rounds * utterances.length);

  const flagged = utterances.filter(({ u }) => detectRisk(u).atRisk);
  console.log(
    `local model: trained on ${utterances.length} utterances in ${trainMs.toFixed(0)} ms; ${recogniseMs.toFixed(2)} ms per message`,
  );
  console.log(`risk detector: ${detectUs.toFixed(1)} µs per message`);
  console.log(`risk detector fired on ${flagged.length} of ${utterances.length} training utterances:`);
  for (const { intent, u } of flagged) console.log(`  ${intent}: ${u}`);
  const faqFlagged = content.faqs.filter((f) => detectRisk(f.question).atRisk).map((f) => f.question);
  console.log(
    `risk detector fired on ${faqFlagged.length} of ${content.faqs.length} FAQ questions${faqFlagged.length ? `: ${faqFlagged.join('; ')}` : ''}`,
  );
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
