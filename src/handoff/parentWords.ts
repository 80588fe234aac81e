/** Lower-case, trimmed, without surrounding punctuation: how a parent's short answer is compared. */
export function normalise(text: string | undefined): string {
  return (text ?? '')
    .toLowerCase()
    .replace(/[\u2018\u2019]/g, "'")
    .replace(/^[\s.!?,'"]+|[\s.!?,'"]+$/g, '')
    .replace(/\s+/g, ' ');
}

export function isOneOf(text: string | undefined, words: readonly string[]): boolean {
  const said = normalise(text);
  return said !== '' && words.some((w) => normalise(w) === said);
}

const NUMBER_WORDS: Record<string, 1 | 2 | 3 | 4 | 5> = { one: 1, two: 2, three: 3, four: 4, five: 5 };

const RATING_WITH_COMMENT =
  /^\s*([1-5]|one|two|three|four|five)\b(?:\s*(?:\/\s*5|out of (?:5|five)|stars?)\b)?(?:\s*(?:[-\u2013\u2014:,.!;)]+)\s*|\s+(?=\D))(.+)$/i;

/**
 * A rating with a comment in one message: "5 - Pat was lovely", "four stars, very helpful", "5/5
 * thank you". A number with no mark after it ("5 is the number of my house") is not a rating.
 */
export function parseRatingWithComment(
  text: string | undefined,
): { rating: 1 | 2 | 3 | 4 | 5; comment?: string } | undefined {
  const alone = parseRating(text);
  if (alone !== undefined) return { rating: alone };
  const match = RATING_WITH_COMMENT.exec(text ?? '');
  if (!match?.[1] || !match[2]) return undefined;
  const [, number, comment] = match;
  const hasMark =
    /^\s*\S+\s*(?:\/\s*5|out of|stars?)/i.test(text ?? '') ||
    /^\s*\S+\s*[-\u2013\u2014:,.!;)]/.test(text ?? '');
  if (!hasMark) return undefined;
  const rating = parseRating(number);
  const said = comment.trim();
  if (rating === undefined || !/\p{L}/u.test(said)) return undefined;
  return { rating, comment: said };
}

/** A rating from 1 to 5 in the forms parents write it: "4", "4/5", "4 stars", "four". */
export function parseRating(text: string | undefined): 1 | 2 | 3 | 4 | 5 | undefined {
  const said = normalise(text);
  const digit = /^([1-5])(?:\s*(?:\/\s*5|out of 5|stars?))?$/.exec(said);
  if (digit?.[1]) return Number(digit[1]) as 1 | 2 | 3 | 4 | 5;
  const word = /^(one|two|three|four|five)(?:\s*(?:out of five|stars?))?$/.exec(said);
  return word?.[1] ? NUMBER_WORDS[word[1]] : undefined;
}
