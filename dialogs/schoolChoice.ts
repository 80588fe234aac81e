import type { TurnContext } from 'botbuilder';
import type { FoundChoice, PromptOptions } from 'botbuilder-dialogs';
import { schoolFromChannel } from '../src/turn/conversationProfile';
import type { School } from '../src/content/loadContent';
import type { ConversationDeps } from './ConversationDeps';
import { schoolChoices } from './choiceLists';
import { choiceOptions } from './prompts';

/**
 * The conversation's school: the one the channel names (e.g. the widget on a school's site), else
 * the one the parent chose earlier. Remembers a channel-named school in the profile.
 */
export async function knownSchool(deps: ConversationDeps, context: TurnContext): Promise<School | undefined> {
  const profile = await deps.profiles.get(context, {});
  const fromChannel = schoolFromChannel(context, deps.content.schools);
  if (fromChannel) {
    profile.schoolId = fromChannel.id;
    return fromChannel;
  }
  return deps.content.schools.find((s) => s.id === profile.schoolId);
}

/** "Which school is your child at?" with every school, and "my school is not listed" last. */
export function schoolPromptOptions(deps: ConversationDeps): PromptOptions {
  const { copy } = deps.content;
  return choiceOptions(copy, copy.school.prompt, schoolChoices(deps.content));
}

/** The school the parent chose (remembered in the profile), or undefined for "not listed". */
export async function chosenSchool(
  deps: ConversationDeps,
  context: TurnContext,
  choice: FoundChoice,
): Promise<School | undefined> {
  const school = deps.content.schools[choice.index];
  if (school) (await deps.profiles.get(context, {})).schoolId = school.id;
  return school;
}
