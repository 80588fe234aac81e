import type { ConversationState, StatePropertyAccessor, TurnContext } from 'botbuilder';
import type { Area, Content, School } from '../content/loadContent';

/**
 * What the bot remembers about one conversation (in conversation state, sealed at rest). Dates
 * are ISO strings because state is stored as JSON.
 */
export interface ConversationProfile {
  /** The welcome (which says the bot is automated) has been sent. */
  welcomed?: boolean;
  /** The school the parent's child attends, from the channel or from their answer. */
  schoolId?: string;
  /** A risk message was seen: every case opened in this conversation is urgent. */
  atRisk?: { at: string; categories: string[] };
  /** The privacy notice the parent agreed to in this conversation. */
  privacy?: { version: string; agreedAt: string };
  /** The reference of the last referral sent in this conversation (endings say truthfully that it was sent). */
  lastReferral?: string;
}

export const CONVERSATION_PROFILE = 'conversationProfile';

export function conversationProfileAccessor(
  conversationState: ConversationState,
): StatePropertyAccessor<ConversationProfile> {
  return conversationState.createProperty<ConversationProfile>(CONVERSATION_PROFILE);
}

/** The school named by the channel (`channelData.schoolId`, e.g. the web widget), if it is one we know. */
export function schoolFromChannel(context: TurnContext, schools: readonly School[]): School | undefined {
  const channelData: unknown = context.activity.channelData;
  if (typeof channelData !== 'object' || channelData === null || !('schoolId' in channelData))
    return undefined;
  const { schoolId } = channelData;
  return typeof schoolId === 'string' ? schools.find((s) => s.id === schoolId) : undefined;
}

/** The area whose children's social care a parent should call: their school's, else the service's default. */
export function areaFor(content: Content, schoolId: string | undefined, defaultAreaId: string): Area {
  const school = schoolId ? content.schools.find((s) => s.id === schoolId) : undefined;
  const area =
    content.areas.find((a) => a.id === school?.area) ?? content.areas.find((a) => a.id === defaultAreaId);
  if (!area) throw new Error(`No area "${defaultAreaId}" in content/schools.json`);
  return area;
}
