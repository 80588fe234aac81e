/**
 * `npx tsx scripts/safeguarding-decisions.ts` writes the risk check's decisions on every dev message to
 * test/safeguarding/fixtures/dev-decisions.json (scripts/safeguarding/decisions.ts). Run it only
 * when a change is MEANT to change decisions (new rules, a retrained model), and say so in the commit;
 * a change for speed must leave the file as it is (test/safeguarding/decisions.test.ts).
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { defaultRiskDetector } from '../src/safeguarding/riskDetector';
import { decide, DECISIONS_FILE, devMessages } from './safeguarding/decisions';

const detector = defaultRiskDetector();
const decisions = devMessages().map(({ id, text }) => decide(detector, id, text));
writeFileSync(DECISIONS_FILE, `[\n${decisions.map((d) => JSON.stringify(d)).join(',\n')}\n]\n`);
process.stdout.write(
  `${decisions.length} decisions (${decisions.filter((d) => d.atRisk).length} at risk) written to ${path.relative(process.cwd(), DECISIONS_FILE)}\n`,
);
