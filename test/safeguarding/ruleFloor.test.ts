import { MODEL_CLASSES, RiskModel } from '../../src/safeguarding/riskModel';
import { RiskDetector } from '../../src/safeguarding/riskReaders';
import { loadRuleSet, SAFEGUARDING_CONTENT_DIR } from '../../src/safeguarding/riskRules';

/**
 * The rules and the model together (docs/safeguarding.md, "How it reads a message"): on a message
 * the model reads, a rule raises the alarm only when the model gives the message, or the sentence
 * the rule matched in, at least model.json's ruleFloor.
 */
const ruleSet = loadRuleSet(SAFEGUARDING_CONTENT_DIR);

/** A model that only knows that "die" is a risk: every other message gets p(risk) near 0. */
function model(ruleFloor: number): RiskModel {
  const dies = MODEL_CLASSES.map((c) => (c === 'parent_suicidal' ? 60 : 0));
  return new RiskModel({
    about: 'test',
    trainedAt: '2026-12-03T00:00:00.000Z',
    trainedOn: 'test',
    threshold: 0.5,
    ruleFloor,
    classes: [...MODEL_CLASSES],
    bias: MODEL_CLASSES.map((c) => (c === 'none' ? 7 : 0)),
    weights: { 'w die': dies },
  });
}

const joke = 'honestly i could strangle my husband for leaving the car keys in his coat at work again';
const buried =
  'i want to die. is the service free for families like ours, and can my partner come along to the meetings at school?';

describe('the rule floor', () => {
  it('keeps every rule finding when it is 0', () => {
    const detector = new RiskDetector(ruleSet, model(0));
    expect(detector.byRules(joke).categories).not.toEqual([]);
    expect(detector.detect(joke).atRisk).toBe(true);
  });

  it('quiets a rule on a long message the model finds no risk in at all', () => {
    const detector = new RiskDetector(ruleSet, model(0.1));
    expect(detector.byRules(joke).categories).not.toEqual([]);
    expect(detector.detect(joke)).toEqual({ atRisk: false, categories: [], evidence: [] });
  });

  it('keeps a rule whose own sentence the model finds risky, even when the message is mostly a question', () => {
    const detector = new RiskDetector(ruleSet, model(0.1));
    expect(detector.byModel(buried).pRisk).toBeLessThan(0.1);
    expect(detector.detect(buried)).toMatchObject({ atRisk: true, categories: ['parent_suicidal'] });
  });

  it('never quiets a rule on a message too short for the model to read', () => {
    const detector = new RiskDetector(ruleSet, model(0.1));
    expect(detector.detect('kms')).toMatchObject({ atRisk: true, categories: ['parent_suicidal'] });
  });
});
