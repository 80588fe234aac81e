import { TurnContext, type StatePropertyAccessor } from 'botbuilder';
import { areaFor, schoolFromChannel, type ConversationProfile } from '../turn/conversationProfile';
import { mayReply } from '../turn/noReply';
import { conversationKeyOf } from '../turn/conversationKey';
import { RISK_ASSESSMENT } from '../turn/risk';
import type { Area, Content } from '../content/loadContent';
import { areaCaseSchoolId } from '../domain/caseSchool';
import type { CaseService } from '../domain/CaseService';
import type { Logger } from '../observability/logger';
import { emergencyMessage } from './emergencyMessage';
import type { RiskAssessment } from '../content/riskCategories';
import { detectRisk } from './riskDetector';
import { SMS_CHANNEL_ID } from '../domain/smsIdentity';

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
 * The first thing the bot does with every message. If the message suggests someone is at risk:
 * 1. the emergency message is the first reply (999, then the help that fits the risk), built from
 *    content in memory, before anything touches the store or the network;
 * 2. a person sees it: every open case of the conversation gets the concern (the categories and
 *    the parent's sentences that raised it) and turns urgent, or, when none is open, the bot opens
 *    an urgent safeguarding case, which the console lists first and the on-duty PSWs are texted
 *    about. That case holds only the sealed evidence and the channel's conversation reference, and
 *    needs no privacy agreement: safeguarding overrides it (docs/safeguarding.md).
 * A channel that must not answer (SMS after STOP) gets no reply, and the case is still opened.
 * A store failure is logged and never stops the emergency message.
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
    const replying = mayReply(context);
    if (replying) {
      await context.sendActivity(
        emergencyMessage(content, area, assessment.categories, {
          telLinks: activity.channelId !== SMS_CHANNEL_ID,
        }),
      );
    }
    logger.warn(
      { categories: assessment.categories, channelId: activity.channelId, area: area.id, replied: replying },
      replying
        ? 'risk message: emergency reply sent'
        : 'risk message from a conversation that may not be answered',
    );

    if (profile) profile.atRisk = { at: this.deps.now().toISOString(), categories: assessment.categories };
    await this.makeSureAPersonSeesIt(context, assessment, schoolId, area);
    return assessment;
  }

  private async makeSureAPersonSeesIt(
    context: TurnContext,
    assessment: RiskAssessment,
    schoolId: string | undefined,
    area: Area,
  ): Promise<void> {
    const { cases, logger } = this.deps;
    const conversationKey = conversationKeyOf(context);
    if (!conversationKey) {
      logger.error({ channelId: context.activity.channelId }, 'risk message without a conversation: no case');
      return;
    }
    const concern = { categories: [...assessment.categories], evidence: [...assessment.evidence] };
    try {
      const marked = await cases.addConcern(conversationKey, concern);
      if (marked > 0) {
        logger.warn({ marked }, 'open cases from a risk conversation marked urgent');
        return;
      }
      const opened = await cases.open({
        kind: 'safeguarding',
        schoolId: schoolId ?? areaCaseSchoolId(area.id),
        channelId: context.activity.channelId,
        conversationKey,
        conversationRef: TurnContext.getConversationReference(context.activity),
        details: {},
        urgent: true,
        dueBy: this.deps.now(),
        openedBy: 'bot',
        concerns: [{ at: this.deps.now(), ...concern }],
      });
      logger.warn(
        { caseId: opened.id, schoolKnown: schoolId !== undefined, area: area.id },
        'urgent safeguarding case opened for a risk message',
      );
    } catch (err) {
      logger.error({ err }, 'could not open or mark an urgent case for a risk message');
    }
  }
}
