/**
 * The offline risk detector the bot uses (docs/safeguarding.md): the rules and the model in
 * content/safeguarding/, loaded once when this module is first imported (at start; a bad file stops
 * the start). No network, no state, the same answer every time.
 */
import path from 'node:path';
import type { RiskAssessment } from '../content/riskCategories';
import { RiskDetector } from './riskReaders';
import { RiskModel } from './riskModel';
import { loadRuleSet, SAFEGUARDING_CONTENT_DIR } from './riskRules';

export type { RiskAssessment, RiskCategory } from '../content/riskCategories';

export { SAFEGUARDING_CONTENT_DIR };

let loaded: RiskDetector | undefined;

/** The detector built from content/safeguarding/ (loaded once). */
export function defaultRiskDetector(): RiskDetector {
  loaded ??= new RiskDetector(
    loadRuleSet(SAFEGUARDING_CONTENT_DIR),
    RiskModel.load(path.join(SAFEGUARDING_CONTENT_DIR, 'model.json')),
  );
  return loaded;
}

// Loaded at import, so a bad file stops the start rather than a conversation.
defaultRiskDetector();

/** Reads one message; no network, no state. */
export function detectRisk(text: string): RiskAssessment {
  return defaultRiskDetector().detect(text);
}

/** Lower-case words separated by single spaces, text-speak expanded, common typos fixed. */
export function normaliseForRisk(text: string): string {
  return defaultRiskDetector().normalise(text);
}
