import type { TurnContext } from 'botbuilder';
import { fillTemplate } from '../src/content/fillTemplate';
import type { ConversationDeps } from './ConversationDeps';

/** "stop": truthful about a form in progress (nothing from it was sent), and about a request already sent. */
export async function stoppedMessage(
  deps: ConversationDeps,
  context: TurnContext,
  hadForm: boolean,
): Promise<string> {
  if (hadForm) return deps.content.copy.commands.stopped;
  return await goodbyeMessage(deps, context);
}

/** The goodbye: says a request sent in this conversation is on its way (never that nothing was sent). */
export async function goodbyeMessage(deps: ConversationDeps, context: TurnContext): Promise<string> {
  const { commands } = deps.content.copy;
  const { lastReferral } = await deps.profiles.get(context, {});
  return lastReferral
    ? fillTemplate(commands.goodbyeAfterReferral, { reference: lastReferral })
    : commands.goodbye;
}
