import type { TurnContext } from 'botbuilder';
import { schoolFromChannel } from '../../src/turn/conversationProfile';
import { senderPhoneOf } from '../../src/turn/senderPhone';
import { fillTemplate } from '../../src/content/fillTemplate';
import { CONTACT_METHODS, CONTACT_TIMES } from '../../src/domain/referralDetails';
import { contactMethodChoices, contactTimeChoices, ownPhoneChoices } from '../choiceLists';
import type { ConversationDeps } from '../ConversationDeps';
import { bySms, choiceOptions, messageText } from '../prompts';
import { chosenSchool, knownSchool, schoolPromptOptions } from '../schoolChoice';
import { underFivesHelp } from '../underFives';
import { isSkip, parseEmail, parseName, parseUkPhone } from '../validation';
import { readChildAnswer } from './childAnswer';
import { SAFE_TO_LEAVE_MESSAGE_QUESTION, SAFE_TO_TEXT_QUESTION } from './contactSafetyQuestions';
import type { ReferralDraft } from './referralDraft';
import { found, none, PROMPTS, type Question, type QuestionTools } from './referralPrompts';
import {
  choiceInFreeAnswer,
  mentionsTime,
  NOT_AT_SCHOOL_YET,
  phoneIn,
  sameNumber,
  TYPED_ANOTHER_NUMBER,
  wordsBesideChoice,
} from './referralValidators';

export { PROMPTS, type Question, type QuestionTools } from './referralPrompts';

/** The parent's own number as a UK number ("07700 900123"), if the channel knows it (SMS). */
export function ownUkPhone(context: TurnContext): string | undefined {
  const own = senderPhoneOf(context);
  return own ? parseUkPhone(own) : undefined;
}

export function referralTopics(deps: ConversationDeps) {
  return deps.content.topics.filter((t) => t.referral);
}

export function yearGroupsFor(deps: ConversationDeps, draft: ReferralDraft): string[] {
  const { yearGroups } = deps.content.copy.referral;
  const phase = deps.content.schools.find((s) => s.id === draft.schoolId)?.phase;
  if (phase === 'primary') return yearGroups.primary;
  if (phase === 'secondary') return yearGroups.secondary;
  return [...yearGroups.primary, ...yearGroups.secondary];
}

type ReferralCopy = ConversationDeps['content']['copy']['referral'];
/** The referral copy's single lines ("askEmail", "emailRetry"…). */
type ReferralLine = {
  [K in keyof ReferralCopy]: ReferralCopy[K] extends string ? K : never;
}[keyof ReferralCopy];

/**
 * A question answered in the parent's own words: its prompt (whose validator checks the answer)
 * with the copy's question and retry lines, then the answer kept as `read` makes it.
 */
function typedQuestion<F extends 'parentName' | 'email' | 'words'>(
  field: F,
  promptId: string,
  ask: ReferralLine,
  retry: ReferralLine,
  read: (text: string) => ReferralDraft[F],
): Question {
  return {
    field,
    ask: async ({ deps, step }) => {
      const { referral } = deps.content.copy;
      return await step.prompt(promptId, { prompt: referral[ask], retryPrompt: referral[retry] });
    },
    record: ({ step, draft }) => {
      draft[field] = read(String(step.result));
      return none;
    },
  };
}

/** The questions of a self-referral, in order. */
export const REFERRAL_QUESTIONS: Question[] = [
  {
    field: 'schoolId',
    // Not asked when the channel (or an earlier answer) already says which school.
    async ask({ deps, step, draft }) {
      const school = await knownSchool(deps, step.context);
      if (!school) return await step.prompt(PROMPTS.choice, schoolPromptOptions(deps));
      draft.schoolId = school.id;
      draft.schoolFromChannel = schoolFromChannel(step.context, deps.content.schools) !== undefined;
      return undefined;
    },
    async record(t) {
      const school = await chosenSchool(t.deps, t.step.context, found(t));
      if (!school) {
        await t.step.context.sendActivity(t.deps.content.copy.school.notListedReply);
        return await t.leave('signposting');
      }
      t.draft.schoolId = school.id;
      return undefined;
    },
  },
  typedQuestion('parentName', PROMPTS.name, 'askName', 'nameRetry', (text) => parseName(text)),
  {
    field: 'contactMethod',
    // By SMS the number texting is known: the question says a call or text goes to it (unless
    // another is typed), so "can the PSW use this number?" is not a text of its own.
    ask: async ({ deps, step, draft }) => {
      const { copy } = deps.content;
      const own = ownUkPhone(step.context);
      const prompt =
        own && !draft.ownPhoneDeclined && draft.phone === undefined
          ? fillTemplate(deps.content.sms.askContactMethodOwnNumber, { ending: own.slice(-3) })
          : copy.referral.askContactMethod;
      return await step.prompt(PROMPTS.choice, choiceOptions(copy, prompt, contactMethodChoices(copy)));
    },
    record: (t) => {
      const { draft, deps } = t;
      const method = CONTACT_METHODS[found(t).index] ?? 'phone';
      draft.contactMethod = method;
      const own = ownUkPhone(t.step.context);
      if (method !== 'email' && own && !draft.ownPhoneDeclined && draft.phone === undefined)
        draft.phone = phoneIn(messageText(t.step.context)) ?? own;
      if (method === 'email') {
        draft.phone = null;
        draft.safeToText = null;
        draft.safeToLeaveMessage = null;
      } else draft.email = null;
      if (method === 'text') {
        draft.safeToText = true;
        draft.safeToLeaveMessage = null;
      }
      // "phone is best but not before 10 as im doing the school run": the words are kept, and a
      // time in them answers "when is best" (not asked again).
      const text = messageText(t.step.context);
      const notes = wordsBesideChoice(text, contactMethodChoices(deps.content.copy), found(t));
      if (notes) {
        draft.contactNotes = notes;
        if (mentionsTime(notes) && draft.contactTime === undefined) {
          const time = choiceInFreeAnswer(notes, contactTimeChoices(deps.content.copy));
          draft.contactTime = time ? (CONTACT_TIMES[time.index] ?? null) : null;
        }
      }
      return none;
    },
  },
  {
    field: 'phone',
    /** When the channel knows the parent's own number (SMS), it is offered first; otherwise, or if they say no, they type one. */
    ask: async ({ deps, step, draft }) => {
      const { copy } = deps.content;
      const { referral } = copy;
      const own = ownUkPhone(step.context);
      if (own && !draft.ownPhoneDeclined) {
        const prompt = fillTemplate(referral.askUseOwnPhone, { ending: own.slice(-3) });
        return await step.prompt(PROMPTS.ownPhone, choiceOptions(copy, prompt, ownPhoneChoices(copy)));
      }
      const prompt = draft.contactMethod === 'meet' ? referral.askPhoneForMeeting : referral.askPhone;
      return await step.prompt(PROMPTS.phone, { prompt, retryPrompt: referral.phoneRetry });
    },
    record: async (t) => {
      const { step, draft } = t;
      if (typeof step.result === 'string') {
        draft.phone =
          parseUkPhone(step.result) ??
          sameNumber(step.result, [draft.previousPhone, ownUkPhone(step.context)]);
        return undefined;
      }
      const answer = found(t);
      if (answer.index === 0) draft.phone = ownUkPhone(step.context);
      else if (answer.index === TYPED_ANOTHER_NUMBER) draft.phone = parseUkPhone(answer.value);
      else {
        draft.ownPhoneDeclined = true;
        return await t.restart();
      }
      return undefined;
    },
  },
  typedQuestion('email', PROMPTS.email, 'askEmail', 'emailRetry', parseEmail),
  {
    field: 'contactTime',
    ask: async ({ deps, step }) => {
      const { copy } = deps.content;
      return await step.prompt(
        PROMPTS.contactTime,
        choiceOptions(copy, copy.referral.askContactTime, contactTimeChoices(copy)),
      );
    },
    // A choice, the parent's own words ("after 10am"), or both ("mornings, not before 10").
    record: (t) => {
      const { draft, deps } = t;
      const answer = found(t);
      draft.contactTime = answer.index >= 0 ? (CONTACT_TIMES[answer.index] ?? null) : null;
      const words =
        answer.index >= 0
          ? wordsBesideChoice(messageText(t.step.context), contactTimeChoices(deps.content.copy), answer)
          : answer.value;
      if (words) draft.contactNotes = draft.contactNotes ? `${draft.contactNotes}; ${words}` : words;
      return none;
    },
  },
  SAFE_TO_TEXT_QUESTION,
  SAFE_TO_LEAVE_MESSAGE_QUESTION,
  {
    field: 'childFirstName',
    // By SMS the name and the year are one question (one text fewer); the year is asked on its
    // own only if the answer did not give it.
    ask: async ({ deps, step, draft }) => {
      const { referral } = deps.content.copy;
      const { sms } = deps.content;
      if (bySms(step.context) && draft.yearGroup === undefined)
        return await step.prompt(PROMPTS.childAndYear, {
          prompt: sms.askChildNameAndYear,
          retryPrompt: sms.childNameAndYearRetry,
        });
      return await step.prompt(PROMPTS.childName, {
        prompt: referral.askChildName,
        retryPrompt: referral.childNameRetry,
      });
    },
    record: async (t) => {
      const { deps, step, draft } = t;
      const answer = String(step.result);
      if (bySms(step.context) && draft.yearGroup === undefined) {
        const child = readChildAnswer(answer, yearGroupsFor(deps, draft), deps.content.copy.skipWords);
        draft.childFirstName = child.name ?? null;
        if (child.skipped) draft.yearGroup = null;
        else if (child.year) draft.yearGroup = child.year.value;
        else if (child.notAtSchool) await notAtSchool(t, answer);
        return undefined;
      }
      draft.childFirstName = isSkip(answer, deps.content.copy.skipWords)
        ? null
        : (parseName(answer, 3) ?? null);
      return undefined;
    },
  },
  {
    field: 'yearGroup',
    ask: async ({ deps, step, draft }) => {
      const { copy } = deps.content;
      const years = yearGroupsFor(deps, draft);
      // The years hold numbers of their own: by SMS they are listed without numbers, so "2" is Year 2.
      const unnumbered = { sms: { numberedChoices: false } };
      return await step.prompt(PROMPTS.yearGroup, {
        ...choiceOptions(copy, copy.referral.askYearGroup, [...years, copy.referral.skip]),
        prompt: { type: 'message', text: copy.referral.askYearGroup, channelData: unnumbered },
        retryPrompt: { type: 'message', text: copy.referral.yearGroupRetry, channelData: unnumbered },
      });
    },
    // A child not at school yet ("she is 3") is never given a year: the parent's words are kept,
    // and the under-5s answer (family hubs, children's centres) is given.
    record: async (t) => {
      const { deps, step, draft } = t;
      const answer = found(t);
      if (answer.index === NOT_AT_SCHOOL_YET) {
        await notAtSchool(t, messageText(step.context));
        return undefined;
      }
      draft.yearGroup = yearGroupsFor(deps, draft)[answer.index] ?? null;
      return undefined;
    },
  },
  typedQuestion('words', PROMPTS.words, 'askWords', 'wordsRetry', (text) => text.trim()),
  {
    field: 'topicId',
    // Understood from the parent's words when they name one referral topic ("bedtime", "won't go
    // to school"); asked only when they name none or several.
    ask: async ({ deps, step, draft }) => {
      const understood = draft.words ? topicOfWords(deps, draft.words) : undefined;
      if (understood) {
        draft.topicId = understood;
        return undefined;
      }
      const { copy } = deps.content;
      const labels = referralTopics(deps).map((t) => t.label);
      return await step.prompt(PROMPTS.choice, choiceOptions(copy, copy.referral.askTopic, labels));
    },
    record: (t) => {
      t.draft.topicId = referralTopics(t.deps)[found(t).index]?.id;
      return none;
    },
  },
];

/** A child not at school yet: no year group, the parent's words kept, and the under-5s answer. */
async function notAtSchool({ deps, step, draft }: QuestionTools, words: string): Promise<void> {
  draft.yearGroup = null;
  draft.childAge = words.slice(0, 100);
  for (const line of await underFivesHelp(deps, step.context)) await step.context.sendActivity(line);
  await step.context.sendActivity(deps.content.copy.referral.underFivesCarryOn);
}

/** The one referral topic the words name, if they name exactly one (topic lists in content/nlu). */
function topicOfWords(deps: ConversationDeps, words: string): string | undefined {
  const referral = new Set(referralTopics(deps).map((t) => t.id));
  const named = deps.understander.topicsNamed(words).filter((id) => referral.has(id));
  return named.length === 1 ? named[0] : undefined;
}
