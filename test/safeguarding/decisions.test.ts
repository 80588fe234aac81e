import { readFileSync } from 'node:fs';
import { decide, DECISIONS_FILE, devMessages, type Decision } from '../../scripts/safeguarding/decisions';
import { defaultRiskDetector } from '../../src/safeguarding/riskDetector';

/**
 * What the risk check catches on every dev message, against the snapshot written before it was
 * made faster (npx tsx scripts/safeguarding-decisions.ts): a change for speed must not change, silently, what is
 * caught, in which category, by which rules, or the sentence a PSW is shown. A change meant to change
 * decisions (new rules, a retrained model) rewrites the snapshot and says so.
 */
describe('the risk check decides as the snapshot says on every dev message', () => {
  const expected = JSON.parse(readFileSync(DECISIONS_FILE, 'utf8')) as Decision[];
  const messages = devMessages();

  it('covers every dev message', () => {
    expect(messages.map((m) => m.id)).toEqual(expected.map((d) => d.id));
  });

  it('gives the same decision, categories, rules, model finding and evidence for each', () => {
    const detector = defaultRiskDetector();
    const changed = messages
      .map(({ id, text }, i) => ({ now: decide(detector, id, text), before: expected[i] }))
      .filter(({ now, before }) => JSON.stringify(now) !== JSON.stringify(before));
    expect(changed).toEqual([]);
  });
});
