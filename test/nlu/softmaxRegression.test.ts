import {
  normalise,
  SoftmaxRegression,
  type SoftmaxJson,
  type SparseVector,
} from '../../src/nlu/SoftmaxRegression';

const settings = { epochs: 10, learningRate: 0.5, l2: 1e-4, temperature: 1 };
const raw: Array<{ input: SparseVector; label: string }> = [
  { input: { 'w:free': 1, 'w:cost': 1 }, label: 'faq.cost' },
  { input: { 'w:pay': 1, 'w:cost': 1 }, label: 'faq.cost' },
  { input: { 'w:free': 1, 'w:is': 1 }, label: 'faq.cost' },
  { input: { 'w:hello': 1 }, label: 'greeting' },
  { input: { 'w:hi': 1, 'w:there': 1 }, label: 'greeting' },
  { input: { 'w:hello': 1, 'w:there': 1 }, label: 'greeting' },
];
const examples = raw.map(({ input, label }) => ({ input: normalise(input), label }));

describe('SoftmaxRegression (the local intent model)', () => {
  it('learns which words mean which intent, with probabilities that add up to 1', () => {
    const model = SoftmaxRegression.train(examples, settings);
    const cost = model.predict(normalise({ 'w:cost': 1 }));
    expect(cost[0]!.label).toBe('faq.cost');
    expect(cost[0]!.p).toBeGreaterThan(0.5);
    expect(cost.reduce((a, c) => a + c.p, 0)).toBeCloseTo(1, 10);
    expect(model.predict(normalise({ 'w:hi': 1 }))[0]!.label).toBe('greeting');
  });

  it('gives the same model for the same data (no randomness between trainings)', () => {
    const a = SoftmaxRegression.train(examples, settings).toJSON();
    const b = SoftmaxRegression.train(examples, settings).toJSON();
    expect(a).toEqual(b);
  });

  it('is sharper at a temperature below 1 and softer above, as the calibration needs', () => {
    const model = SoftmaxRegression.train(examples, settings);
    const input = normalise({ 'w:free': 1 });
    const [sharp, plain, soft] = [0.5, 1, 2].map((t) => model.predict(input, t)[0]!.p);
    expect(sharp).toBeGreaterThan(plain!);
    expect(plain).toBeGreaterThan(soft!);
  });

  it('reads back from its JSON and answers alike; ignores features it never learnt', () => {
    const model = SoftmaxRegression.train(examples, settings);
    const copy = SoftmaxRegression.fromJSON(JSON.parse(JSON.stringify(model.toJSON())) as SoftmaxJson);
    const input = normalise({ 'w:pay': 1, 'w:never_seen': 1 });
    expect(copy.predict(input)).toEqual(model.predict(input));
    expect(model.known(input)).toEqual({ 'w:pay': input['w:pay'] });
  });

  it('is less sure the more it is regularised', () => {
    const light = SoftmaxRegression.train(examples, settings);
    const heavy = SoftmaxRegression.train(examples, { ...settings, l2: 0.05 });
    const input = normalise({ 'w:cost': 1 });
    expect(heavy.predict(input)[0]!.p).toBeLessThan(light.predict(input)[0]!.p);
  });

  it('learns more from an example that weighs more (the risk model class weights)', () => {
    // "w:free" is in both a cost and a greeting example; weighing the greeting ten times tips it.
    const tie = [
      { input: normalise({ 'w:free': 1, 'w:cost': 1 }), label: 'faq.cost' },
      { input: normalise({ 'w:free': 1, 'w:hi': 1 }), label: 'greeting' },
    ];
    const plain = SoftmaxRegression.train(tie, settings);
    const weighted = SoftmaxRegression.train([tie[0]!, { ...tie[1]!, weight: 10 }], settings);
    const greeting = (m: SoftmaxRegression) =>
      m.predict(normalise({ 'w:free': 1 })).find((c) => c.label === 'greeting')!.p;
    expect(greeting(plain)).toBeCloseTo(0.5, 1);
    expect(greeting(weighted)).toBeGreaterThan(0.6);
  });

  it('is the same model with every weight 1 as with none (the intent model is unchanged)', () => {
    const ones = examples.map((e) => ({ ...e, weight: 1 }));
    expect(SoftmaxRegression.train(ones, settings).toJSON()).toEqual(
      SoftmaxRegression.train(examples, settings).toJSON(),
    );
  });
});
