import type { TurnContext } from 'botbuilder';
import { areaFor } from '../src/turn/conversationProfile';
import type { ConversationDeps } from './ConversationDeps';
import { knownSchool } from './schoolChoice';
import { agencyText } from './agencyText';

export const UNDER_FIVES_TOPIC = 'under_fives';

/**
 * The under-5s answer: PSWs help families of children at school; for a child under 5, family
 * hubs and children's centres do, and the area's services for under-fives (content/agencies.json).
 */
export async function underFivesHelp(deps: ConversationDeps, context: TurnContext): Promise<string[]> {
  const { content } = deps;
  const school = await knownSchool(deps, context);
  const area = areaFor(content, school?.id, deps.defaultAreaId);
  const agencies = content.agencies.filter(
    (a) => a.topics.includes(UNDER_FIVES_TOPIC) && (a.area === undefined || a.area === area.id),
  );
  return [content.copy.signposting.underFives, ...agencies.map((a) => agencyText(content.copy, a))];
}
