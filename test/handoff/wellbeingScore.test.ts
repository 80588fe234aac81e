import { parseWellbeingScore } from '../../src/handoff/wellbeingScore';

/** "On a scale of 0 to 10, how are things at home?": the forms parents answer in, and what is not an answer. */
describe("a 0 to 10 answer in a parent's words", () => {
  it.each([
    ['7', 7],
    ['seven', 7],
    ['about a 6', 6],
    ['bout a 7 i guess', 7],
    ['abt 3', 3],
    ['7/10', 7],
    ['7 out of 10', 7],
    ['7 - getting better', 7],
    ['6ish', 6],
    ["I'd say a 4", 4],
    ['0', 0],
    ['10', 10],
  ])('%s is %d', (said, score) => {
    expect(parseWellbeingScore(said)).toBe(score);
  });

  it.each(['11', '100', 'I have 2 kids', '7.2', 'skip', 'rather not say', 'banana', ''])(
    '%s is not a score',
    (said) => {
      expect(parseWellbeingScore(said)).toBeUndefined();
    },
  );
});
