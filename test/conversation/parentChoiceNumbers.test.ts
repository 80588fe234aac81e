import { recognizeChoices } from 'botbuilder-dialogs';
import { mayNameANumber, normaliseUtterance } from '../../dialogs/parentChoice';
import { contentAndModel } from './harness';

/**
 * The choice prompts call botbuilder's number and ordinal recognizers only for a message that
 * `mayNameANumber`. A message it lets pass without them must be one in which those recognizers
 * find no choice by its number: otherwise "the second one" or "3" would stop picking a choice.
 */
describe('choosing by number', () => {
  // Fifty choices that no message names by their words: only a number or ordinal can pick one.
  const choices = Array.from({ length: 50 }, (_, i) => ({ value: `zq${i}x` }));
  const byNumber = (text: string) => recognizeChoices(text, choices, { allowPartialMatches: false });

  it.each([
    '2',
    'the second one',
    'number three please',
    'option 4',
    'the 5th',
    'twenty-one',
    'the first',
    'half a dozen',
    'a dozen',
    'one',
    'the third option',
    'eleventh',
  ])('"%s" is read for its number, and a number is found in it', (text) => {
    const utterance = normaliseUtterance(text);
    expect(mayNameANumber(utterance)).toBe(true);
    expect(byNumber(utterance).length).toBeGreaterThan(0);
  });

  it("no word of the service's content names a choice by number without being read for one", async () => {
    const { content } = await contentAndModel();
    const words = new Set<string>();
    const walk = (value: unknown): void => {
      if (typeof value === 'string') for (const w of normaliseUtterance(value).split(' ')) words.add(w);
      else if (Array.isArray(value)) value.forEach(walk);
      else if (value && typeof value === 'object') Object.values(value).forEach(walk);
    };
    walk(content);
    // Each word alone, and after "a" ("a dozen", "a hundred").
    const missed = [...words]
      .filter((w) => w !== '')
      .flatMap((w) => [w, `a ${w}`])
      .filter((text) => !mayNameANumber(text) && byNumber(text).length > 0);
    expect(words.size).toBeGreaterThan(1000);
    expect(missed).toEqual([]);
  });
});
