import { readChildAnswer } from '../../dialogs/referral/childAnswer';

const YEARS = ['Reception', 'Year 1', 'Year 2', 'Year 3', 'Year 4', 'Year 5', 'Year 6'];
const SKIP = ['skip'];

describe("the child's name and year in one answer (SMS)", () => {
  it.each([
    ["she's in year 4, her name's Mia", 'Mia', 'Year 4'],
    ['shes in yr 4 her names Mia', 'Mia', 'Year 4'],
    ['he is in year 2 and he is called Leo', 'Leo', 'Year 2'],
    ['Jo, Year 3', 'Jo', 'Year 3'],
    ['my son is called Sam, year 5', 'Sam', 'Year 5'],
  ])('"%s" keeps the name %s and %s', (said, name, year) => {
    const answer = readChildAnswer(said, YEARS, SKIP);
    expect(answer.name).toBe(name);
    expect(answer.year?.value).toBe(year);
  });

  it('"called names" is not a name', () => {
    expect(readChildAnswer('Jo, year 3, she gets called names at school', YEARS, SKIP).name).toBe('Jo');
  });
});
