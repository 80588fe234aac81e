/**
 * What the risk check reports, shared by the detector, the bot's reply and the case a PSW sees.
 * The categories are the ones a safeguarding lead reviews the detector against (docs/safeguarding.md).
 */
export const RISK_CATEGORIES = [
  'immediate_danger',
  'parent_suicidal',
  'child_suicidal',
  'child_self_harm',
  'parent_fear_harming_child',
  'physical_abuse',
  'sexual_abuse',
  'child_sexual_exploitation',
  'online_grooming_sextortion',
  'criminal_exploitation',
  'domestic_abuse',
  'neglect',
  'emotional_abuse',
  'missing_child',
  'fgm',
  'forced_marriage',
  'radicalisation',
] as const;

export type RiskCategory = (typeof RISK_CATEGORIES)[number];

export interface RiskAssessment {
  atRisk: boolean;
  /** Every category found, in the order of RISK_CATEGORIES; empty when not at risk. */
  categories: RiskCategory[];
  /**
   * The parent's own sentences that raised the alarm (as written, each at most a few hundred
   * characters), so a PSW sees why the case is urgent. Personal data: sealed wherever it is stored,
   * never logged.
   */
  evidence: string[];
}
