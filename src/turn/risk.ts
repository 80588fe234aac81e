import type { TurnContext } from 'botbuilder';
import type { RiskAssessment } from '../content/riskCategories';

/** turnState key under which the current message's risk assessment is kept for the dialogs. */
export const RISK_ASSESSMENT = Symbol('riskAssessment');

export function riskOf(context: TurnContext): RiskAssessment | undefined {
  return context.turnState.get<RiskAssessment | undefined>(RISK_ASSESSMENT);
}
