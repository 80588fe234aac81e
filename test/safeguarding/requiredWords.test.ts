import { devMessages } from '../../scripts/safeguarding/decisions';
import { WordPresence } from '../../src/safeguarding/requiredWords';
import { defaultRiskDetector } from '../../src/safeguarding/riskDetector';

/**
 * The rules' prefilter (docs/safeguarding.md, "Speed") may only skip a rule that cannot match:
 * on every sentence and pair of neighbouring sentences of the dev messages and the rules' examples,
 * it finds exactly the required words String.includes finds, and never turns away a rule
 * alternative whose expression matches.
 */
const detector = defaultRiskDetector();
const { wordIndex, rules, candidates } = detector.ruleSet;
const texts = [...devMessages().map((m) => m.text), ...rules.flatMap((r) => r.examples)];

describe('the rules prefilter', () => {
  it('finds in each sentence and pair exactly the words it holds, and keeps every rule that matches', () => {
    const wrong: string[] = [];
    for (const text of texts) {
      const units = detector.read(text).normalised;
      const presence = units.map((u) => new WordPresence(u, wordIndex));
      const all = units.map((unit, i) => ({ unit, words: presence[i]! }));
      for (let i = 0; i + 1 < units.length; i++) {
        const pair = `${units[i]!} ${units[i + 1]!}`;
        all.push({ unit: pair, words: new WordPresence(pair, wordIndex, [presence[i]!, presence[i + 1]!]) });
      }
      for (const { unit, words } of all) {
        const expected = wordIndex.words.flatMap((w, id) => (unit.includes(w) ? [id] : []));
        if ([...words.found].sort((a, b) => a - b).join() !== expected.join())
          wrong.push(`words of "${unit}"`);
        const tried = new Set(candidates.of(words));
        rules.forEach((rule, r) => {
          for (const { regex, needs } of rule.alternatives)
            if (regex.test(unit) && !(tried.has(r) && words.mayMatch(needs)))
              wrong.push(`${rule.id} on "${unit}"`);
        });
      }
    }
    expect(wrong).toEqual([]);
  }, 120_000);
});
