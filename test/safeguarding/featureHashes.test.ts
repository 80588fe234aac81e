import { FeatureTable, hashFeature, visitFeatures } from '../../src/safeguarding/featureHashes';
import { features } from '../../src/safeguarding/riskModel';

/** The model looks features up by number (for speed); they must be the features it was trained on. */
const TEXTS = [
  'my partner checks my phone and takes my bank card',
  'i want 2 die',
  'kms',
  'she said daddy hurts me when mummy is at work and i dont know what to do about school on monday',
  '',
];

const pairs = (text: string): Set<string> => {
  const out = new Set<string>();
  visitFeatures(text, (h1, h2) => out.add(`${h1},${h2}`));
  return out;
};

describe('the risk model features by number', () => {
  it.each(TEXTS.map((t) => [t]))('are the training features of "%s", one for one', (text) => {
    const byString = new Set(features(text).map((f) => hashFeature(f).join(',')));
    expect(pairs(text)).toEqual(byString);
    expect(byString.size).toBe(features(text).length);
  });

  it('tell apart features that differ in one letter or one space', () => {
    expect(hashFeature('c kil')).not.toEqual(hashFeature('c kl'));
    expect(hashFeature('b my dad')).not.toEqual(hashFeature('w my dad'));
    expect(pairs('my dad')).not.toEqual(pairs('myd ad'));
  });

  it('keeps each pair once and finds its row again after clearing', () => {
    const table = new FeatureTable(4);
    expect(table.add(1, 2)).toBe(true);
    expect(table.add(1, 2)).toBe(false);
    expect(table.add(3, 4)).toBe(true);
    expect([table.get(1, 2), table.get(3, 4), table.get(5, 6)]).toEqual([0, 1, -1]);
    table.clear();
    expect(table.get(1, 2)).toBe(-1);
  });
});
