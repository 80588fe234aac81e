import {
  contactMethodChoices,
  contactTimeChoices,
  privacyChoices,
  schoolChoices,
} from '../../dialogs/choiceLists';
import { recognizeParentChoice } from '../../dialogs/parentChoice';
import { contentAndModel } from './harness';

/** The choice recognizer every prompt uses, on the real content's choices and synonyms. */
describe("choices in a parent's own words", () => {
  const chosen = async (text: string, kind: 'school' | 'method' | 'time' | 'privacy') => {
    const { content } = await contentAndModel();
    const choices = {
      school: schoolChoices(content),
      method: contactMethodChoices(content.copy),
      time: contactTimeChoices(content.copy),
      privacy: privacyChoices(content, false),
    }[kind];
    return recognizeParentChoice(text, choices)?.value;
  };

  it.each([
    ['oakfield', 'school', 'Oakfield Primary School'],
    ['Oakfeild', 'school', 'Oakfield Primary School'],
    ['riverside high', 'school', 'Riverside High School'],
    ['the second one', 'school', 'Riverside High School'],
    ['3', 'school', 'Willow Bank Primary School'],
    ['none of these', 'school', 'My school is not listed'],
    ['ring me', 'method', 'Phone call'],
    ['phone is best but not before 10 as im doing the school run', 'method', 'Phone call'],
    ['text me', 'method', 'Text message'],
    ['sms', 'method', 'Text message'],
    ['face to face', 'method', 'Meet at school'],
    ['mornings', 'time', 'Morning'],
    ['moring', 'time', 'Morning'],
    ['ye', 'privacy', 'Yes, I agree'],
    ['I agree', 'privacy', 'Yes, I agree'],
    ["I don't agree", 'privacy', 'No'],
    ['tell me more', 'privacy', 'Read more'],
  ] as const)('"%s" at the %s question is "%s"', async (text, kind, value) => {
    expect(await chosen(text, kind)).toBe(value);
  });

  it.each([
    ["my son won't go to school", 'method'],
    ['will the school be told?', 'method'],
    ['back', 'school'],
    ['not sure', 'privacy'],
  ] as const)('"%s" at the %s question is no choice', async (text, kind) => {
    expect(await chosen(text, kind)).toBeUndefined();
  });
});
