import type { StatePropertyAccessor, TurnContext } from 'botbuilder';
import { areaFor, schoolFromChannel, type ConversationProfile } from '../bot/conversationProfile';
import { conversationKeyOf } from '../bot/TranscriptRecorder';
import type { Content } from '../content/loadContent';
import type { CaseService } from '../domain/CaseService';
import type { Logger } from '../observability/logger';
import { emergencyMessage } from './emergencyMessage';
import { detectRisk, type RiskAssessment } from './riskDetector';

/** turnState key under which the current message's risk assessment is kept for the dialogs. */
export const RISK_ASSESSMENT = Symbol('riskAssessment');

export function riskOf(context: TurnContext): RiskAssessment | undefined {
  return context.turnState.get<RiskAssessment | undefined>(RISK_ASSESSMENT);
}

export interface SafeguardingCheckDeps {
  content: Content;
  /** The area used when the conversation's school is not known yet. */
  defaultAreaId: string;
  profiles: StatePropertyAccessor<ConversationProfile>;
  cases: CaseService;
  logger: Logger;
  now: () => Date;
}

/**
 * The first thing the bot does with every message. If the message suggests someone is at risk,
 * the emergency message is the first reply; then the conversation is marked at risk (so any case
 * opened later is urgent) and every case already open from it is marked urgent. The detector
 * needs no network; only the school lookup and the urgency marks touch the store, and a failure
 * there never stops the emergency message.
 */
export class SafeguardingCheck {
  constructor(private readonly deps: SafeguardingCheckDeps) {}

  async check(context: TurnContext): Promise<RiskAssessment> {
    const { activity } = context;
    const message = activity.type === 'message' && typeof activity.text === 'string' ? activity.text : '';
    const assessment = detectRisk(message);
    context.turnState.set(RISK_ASSESSMENT, assessment);
    if (!assessment.atRisk) return assessment;

    const { content, logger } = this.deps;
    let profile: ConversationProfile | undefined;
    let schoolId = schoolFromChannel(context, content.schools)?.id;
    try {
      profile = await this.deps.profiles.get(context, {});
      schoolId ??= profile.schoolId;
    } catch (err) {
      logger.error({ err }, 'could not read conversation state for a risk message; using the default area');
    }
    const area = areaFor(content, schoolId, this.deps.defaultAreaId);
    await context.sendActivity(emergencyMessage(content.copy.safeguarding, area, assessment.categories));
    logger.warn(
      { categories: assessment.categories, channelId: activity.channelId, area: area.id },
      'risk message: emergency reply sent',
    );

    if (profile) profile.atRisk = { at: this.deps.now().toISOString(), categories: assessment.categories };
    const conversationKey = conversationKeyOf(context);
    if (conversationKey) {
      try {
        const marked = await this.deps.cases.markConversationUrgent(
          conversationKey,
          `safeguarding: ${assessment.categories.join(', ')}`,
        );
        if (marked > 0) logger.warn({ marked }, 'open cases from a risk conversation marked urgent');
      } catch (err) {
        logger.error({ err }, 'could not mark the conversation’s cases urgent');
      }
    }
    return assessment;
  }
}
