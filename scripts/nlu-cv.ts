/**
 * `npx tsx scripts/nlu-cv.ts [--folds 5] [--only name,name]`
 *
 * Compares the local classifiers by grouped k-fold cross-validation on content/nlu/utterances.json:
 * phrasings that are the same once lower-cased and stripped of punctuation form one group, and a
 * group is tested only by a model that never saw it. Prints, per candidate, top-intent accuracy, the
 * share of messages answered right at a score of 0.75 or more, how many answers at 0.75 are right,
 * and the temperature that best calibrates the softmax model's scores (least log loss).
 */
import { parseArgs } from 'node:util';
import { loadContent } from '../src/content/loadContent';
import { IntentClassifier } from '../src/nlu/IntentClassifier';
import { NetworkClassifier } from './nlu-network';
import type { SoftmaxSettings } from '../src/nlu/SoftmaxRegression';
import type { TrainingData } from '../src/content/trainingData';
import { CONTENT_DIR } from '../src/config/paths';

interface Item {
  text: string;
  intent: string;
  group: string;
}
interface Scored {
  intent: string;
  predicted: string;
  score: number;
  probabilities?: Array<{ label: string; p: number }>;
}

type Candidate = (train: TrainingData, test: Item[]) => Scored[];

function softmax(settings: SoftmaxSettings, minCount = 2): Candidate {
  return (train, test) => {
    const model = IntentClassifier.train(train, settings, minCount);
    return test.map(({ text, intent }) => {
      const probabilities = model.probabilities(text, 1);
      return { intent, predicted: probabilities[0]!.label, score: probabilities[0]!.p, probabilities };
    });
  };
}

const nlpjs: Candidate = (train, test) => {
  const model = NetworkClassifier.train(train);
  return test.map(({ text, intent }) => {
    const r = model.classify(text);
    return { intent, predicted: r.intent ?? 'None', score: r.score };
  });
};

/** The mean of the network's and the softmax model's scores per intent. */
const ensemble: Candidate = (train, test) => {
  const network = NetworkClassifier.train(train);
  const regression = IntentClassifier.train(train);
  return test.map(({ text, intent }) => {
    const outputs = network.outputs(text);
    const total = Object.values(outputs).reduce((a, o) => a + o * o, 0) || 1;
    const probabilities = regression
      .probabilities(text)
      .map(({ label, p }) => ({ label, p: (p + (outputs[label] ?? 0) ** 2 / total) / 2 }))
      .sort((a, b) => b.p - a.p);
    return { intent, predicted: probabilities[0]!.label, score: probabilities[0]!.p, probabilities };
  });
};

const base: SoftmaxSettings = { epochs: 10, learningRate: 0.5, l2: 1e-4, temperature: 1 };
const CANDIDATES: Record<string, Candidate> = {
  nlpjs,
  ensemble,
  softmax: softmax(base),
  'softmax-l2-3e-4': softmax({ ...base, l2: 3e-4 }),
  'softmax-l2-3e-5': softmax({ ...base, l2: 3e-5 }),
  'softmax-l2-0': softmax({ ...base, l2: 0 }),
  'softmax-e20': softmax({ ...base, epochs: 20 }),
  'softmax-e5': softmax({ ...base, epochs: 5 }),
  'softmax-lr0.2': softmax({ ...base, learningRate: 0.2 }),
  'softmax-lr1': softmax({ ...base, learningRate: 1 }),
  'softmax-min1': softmax(base, 1),
  'softmax-min3': softmax(base, 3),
};

function groupKey(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

function calibrate(scored: Scored[]): { temperature: number; logLoss: number } {
  let best = { temperature: 1, logLoss: Infinity };
  for (let t = 0.3; t <= 3.01; t += 0.05) {
    let loss = 0;
    for (const s of scored) {
      const logits = s.probabilities!.map(({ label, p }) => ({
        label,
        z: Math.log(Math.max(p, 1e-300)) / t,
      }));
      const max = Math.max(...logits.map((l) => l.z));
      const total = logits.reduce((a, l) => a + Math.exp(l.z - max), 0);
      const own = logits.find((l) => l.label === s.intent)?.z ?? -Infinity;
      loss -= own - max - Math.log(total);
    }
    if (loss / scored.length < best.logLoss) best = { temperature: t, logLoss: loss / scored.length };
  }
  return best;
}

function rescore(s: Scored, t: number): number {
  const zs = s.probabilities!.map(({ p }) => Math.log(Math.max(p, 1e-300)) / t);
  const max = Math.max(...zs);
  return 1 / zs.reduce((a, z) => a + Math.exp(z - max), 0);
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { folds: { type: 'string', default: '5' }, only: { type: 'string' } },
  });
  const folds = Number(values.folds);
  const data = (await loadContent(CONTENT_DIR)).utterances;
  const items: Item[] = data.intents.flatMap(({ intent, utterances }) =>
    utterances.map((text) => ({ text, intent, group: groupKey(text) })),
  );
  // Groups dealt to folds in a fixed pseudo-random order, per intent, so each fold has every intent.
  const foldOf = new Map<string, number>();
  let n = 0;
  for (const item of [...items].sort((a, b) => hash(a.group) - hash(b.group)))
    if (!foldOf.has(item.group)) foldOf.set(item.group, n++ % folds);
  const names = values.only ? values.only.split(',') : Object.keys(CANDIDATES);
  for (const name of names) {
    const started = performance.now();
    const scored: Scored[] = [];
    for (let f = 0; f < folds; f++) {
      const train: TrainingData = {
        ...data,
        intents: data.intents.map(({ intent, utterances }) => ({
          intent,
          utterances: utterances.filter((u) => foldOf.get(groupKey(u)) !== f),
        })),
      };
      scored.push(
        ...CANDIDATES[name]!(
          train,
          items.filter((i) => foldOf.get(i.group) === f),
        ),
      );
    }
    const right = scored.filter((s) => s.predicted === s.intent).length;
    const report = (label: string, score: (s: Scored) => number): string => {
      const confident = scored.filter((s) => score(s) >= 0.75);
      const confidentRight = confident.filter((s) => s.predicted === s.intent).length;
      return `${label}: ≥0.75 right ${pct(confidentRight, scored.length)} of all, acted on ${pct(confident.length, scored.length)}, of those right ${pct(confidentRight, confident.length)}`;
    };
    const perIntent = data.intents.map(({ intent }) => {
      const own = scored.filter((s) => s.intent === intent);
      return { intent, recall: own.filter((s) => s.predicted === intent).length / own.length };
    });
    const lowest = perIntent.sort((a, b) => a.recall - b.recall).slice(0, 3);
    console.log(
      `${name}: top ${pct(right, scored.length)} (${right}/${scored.length}); lowest ${lowest.map((l) => `${l.intent} ${(100 * l.recall).toFixed(0)}%`).join(', ')}; ${Math.round((performance.now() - started) / 1000)} s`,
    );
    console.log(`  ${report('raw', (s) => s.score)}`);
    const pairs = new Map<string, number>();
    for (const s of scored)
      if (s.predicted !== s.intent)
        pairs.set(`${s.intent} → ${s.predicted}`, (pairs.get(`${s.intent} → ${s.predicted}`) ?? 0) + 1);
    const top = [...pairs].sort((a, b) => b[1] - a[1]).slice(0, 12);
    console.log(`  most confused: ${top.map(([p, c]) => `${p} ${c}`).join('; ')}`);
    if (scored[0]?.probabilities) {
      const { temperature, logLoss } = calibrate(scored);
      console.log(`  calibrated temperature ${temperature.toFixed(2)} (log loss ${logLoss.toFixed(3)})`);
      console.log(`  ${report('calibrated', (s) => rescore(s, temperature))}`);
    }
  }
}

function hash(s: string): number {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return h >>> 0;
}

function pct(a: number, b: number): string {
  return b === 0 ? '—' : `${((100 * a) / b).toFixed(1)} %`;
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
