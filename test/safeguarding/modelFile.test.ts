import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { MODEL_CLASSES, packModel, unpackModel, type ModelFile } from '../../src/safeguarding/modelFile';
import { RiskModel } from '../../src/safeguarding/riskModel';

/**
 * The risk model's compact file (docs/safeguarding.md, "Speed"): the same probabilities to the last
 * bit as the model the trainer made, and a damaged file stops the start with the file named.
 */
const row = (risk: number) => MODEL_CLASSES.map((c, i) => (c === 'parent_suicidal' ? risk : i / 1000));

const trained: ModelFile = {
  about: 'test',
  trainedAt: '2026-12-03T00:00:00.000Z',
  trainedOn: 'test',
  threshold: 0.25,
  ruleFloor: 0.1,
  classes: [...MODEL_CLASSES],
  bias: MODEL_CLASSES.map((c) => (c === 'none' ? 2.466 : -3.418)),
  weights: { 'w die': row(4.251), 'c _di': row(0.123), 'b want to': row(-0.007), 'w park': row(-32.767) },
};

const TEXTS = ['i want to die', 'i want to go to the park', 'die', ''];

function written(file: unknown): string {
  const where = path.join(mkdtempSync(path.join(tmpdir(), 'risk-model-')), 'model.json');
  writeFileSync(where, JSON.stringify(file));
  return where;
}

describe('the risk model file', () => {
  it('gives the same probabilities, bit for bit, as the trainer made', () => {
    const before = new RiskModel(trained);
    const after = RiskModel.load(written(packModel(trained)));
    for (const text of TEXTS)
      expect(Array.from(after.probabilities(text))).toEqual(Array.from(before.probabilities(text)));
    expect(after.assess('i want to die').pRisk).toBeGreaterThan(
      after.assess('i want to go to the park').pRisk,
    );
    expect([after.threshold, after.ruleFloor]).toEqual([0.25, 0.1]);
  });

  it('refuses to write a weight it could not read back exactly', () => {
    expect(() => packModel({ ...trained, weights: { 'w die': row(0.0005) } })).toThrow(/thousandth/);
    expect(() => packModel({ ...trained, weights: { 'w die': row(40) } })).toThrow(/thousandth/);
  });

  it('stops the start, naming the file, when the file is damaged', () => {
    const packed = packModel(trained);
    expect(() => RiskModel.load(written({ ...packed, features: 5 }))).toThrow(/model\.json.*5 features/);
    expect(() => RiskModel.load(written({ ...packed, format: 'plain' }))).toThrow(/model\.json: format/);
    const where = written({ ...packed, weights: 'not deflated' });
    expect(() => RiskModel.load(where)).toThrow(where);
    expect(unpackModel(packed).table.size).toBe(4);
  });
});
