/**
 * The top self-time entries of a V8 CPU profile (as written by BENCH_CPU_PROF), by function and
 * by package/file, with the idle share. Prints figures; asserts nothing.
 *
 *   npx tsx benchmarks/profileTop.ts <file.cpuprofile> [entries]
 */
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  children?: number[];
  callFrame: { functionName: string; url: string; lineNumber: number };
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const file = process.argv[2];
if (!file) throw new Error('usage: profileTop.ts <file.cpuprofile> [entries]');
const entries = Number(process.argv[3] ?? 15);
const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const selfUs = new Map<number, number>();
let total = 0;
profile.samples.forEach((id, i) => {
  const dt = profile.timeDeltas[i] ?? 0;
  selfUs.set(id, (selfUs.get(id) ?? 0) + dt);
  total += dt;
});

function where(url: string): string {
  const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (m) return m[1] as string;
  if (url.startsWith('node:')) return url;
  const src = /\/((?:src|dialogs|benchmarks)\/.*)$/.exec(url);
  return src ? (src[1] as string) : url || '(native)';
}

const byFunction = new Map<string, number>();
const byPlace = new Map<string, number>();
for (const [id, us] of selfUs) {
  const node = byId.get(id);
  if (!node) continue;
  const { functionName, url, lineNumber } = node.callFrame;
  const place = where(url);
  const name = `${functionName || '(anonymous)'} ${place}${url ? `:${lineNumber + 1}` : ''}`;
  byFunction.set(name, (byFunction.get(name) ?? 0) + us);
  byPlace.set(place, (byPlace.get(place) ?? 0) + us);
}
const pct = (us: number) => `${((100 * us) / total).toFixed(1).padStart(5)} %`;
const top = (m: Map<string, number>) => [...m].sort((a, b) => b[1] - a[1]).slice(0, entries);
console.log(`${file}: ${(total / 1e6).toFixed(1)} s sampled`);
console.log('\nself time by function');
for (const [name, us] of top(byFunction)) console.log(`${pct(us)}  ${name}`);
console.log('\nself time by package / file');
for (const [name, us] of top(byPlace)) console.log(`${pct(us)}  ${name}`);

// Inclusive time: a function counts once per sample in which it is anywhere on the stack.
const parent = new Map<number, number>();
for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
const inclusive = new Map<string, number>();
profile.samples.forEach((id, i) => {
  const dt = profile.timeDeltas[i] ?? 0;
  const onStack = new Set<string>();
  for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
    const frame = byId.get(at)?.callFrame;
    if (!frame?.url) continue;
    const place = where(frame.url);
    if (!/^(src|dialogs)\//.test(place) && !/^botbuilder|^@seald|^@azure|^restify/.test(place)) continue;
    onStack.add(`${frame.functionName || '(anonymous)'} ${place}:${frame.lineNumber + 1}`);
  }
  for (const name of onStack) inclusive.set(name, (inclusive.get(name) ?? 0) + dt);
});
console.log('\ntotal (inclusive) time, project code and the bot framework / store');
for (const [name, us] of top(inclusive)) console.log(`${pct(us)}  ${name}`);
