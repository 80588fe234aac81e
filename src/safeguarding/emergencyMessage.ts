import type { Area, BotCopy } from '../content/loadContent';
import { fillTemplate } from '../content/fillTemplate';
import type { RiskCategory } from './riskDetector';

/**
 * The reply to a risk message: call 999; the area's children's social care front door and the
 * NSPCC; Samaritans and Shout; the National Domestic Abuse Helpline when it is about a partner;
 * and that PSWs are not an emergency service. All the words and numbers come from content.
 */
export function emergencyMessage(
  copy: BotCopy['safeguarding'],
  area: Area,
  categories: readonly RiskCategory[],
): string {
  const frontDoor = area.childrensSocialCare;
  const values = {
    'frontDoor.name': frontDoor.name,
    'frontDoor.phone': frontDoor.phone,
    'frontDoor.hours': frontDoor.hours,
    'frontDoor.outOfHours': frontDoor.outOfHours,
  };
  const lines = copy.emergency.map((line) => fillTemplate(line, values).trim());
  if (categories.includes('domestic_abuse')) lines.push(copy.domesticAbuse);
  lines.push(copy.notEmergencyService);
  return lines.join('\n');
}
