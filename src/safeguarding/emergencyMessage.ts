import { HELP_FAMILIES, type HelpFamily } from '../content/concernsContent';
import { fillTemplate } from '../content/fillTemplate';
import type { Area, Content } from '../content/loadContent';
import type { RiskCategory } from '../content/riskCategories';

export type EmergencyContent = Pick<Content, 'copy' | 'concerns' | 'agencies'>;

/**
 * The help lines that fit the categories (content/concerns.json), each once, in HELP_FAMILIES
 * order. When no category names any (it should not happen): all of them.
 */
export function helpFor(
  content: Pick<Content, 'concerns'>,
  categories: readonly RiskCategory[],
): HelpFamily[] {
  const wanted = new Set(categories.flatMap((c) => content.concerns.categories[c]?.help ?? []));
  return HELP_FAMILIES.filter((family) => wanted.size === 0 || wanted.has(family));
}

/**
 * The reply to a risk message: call 999 first; then the help that fits what was found (the area's
 * children's social care front door and the NSPCC for a child at risk, Samaritans and Shout for
 * thoughts of suicide or self-harm, the National Domestic Abuse Helpline for abuse by a partner);
 * then that PSWs are not an emergency service. Built only from content already in memory: no
 * network, no store. With `telLinks` (web chat, whose Markdown makes them tappable) every phone
 * number becomes a `tel:` link; SMS stays plain text.
 */
export function emergencyMessage(
  content: EmergencyContent,
  area: Area,
  categories: readonly RiskCategory[],
  options: { telLinks?: boolean } = {},
): string {
  const copy = content.copy.safeguarding;
  const frontDoor = area.childrensSocialCare;
  const values = {
    'frontDoor.name': frontDoor.name,
    'frontDoor.phone': frontDoor.phone,
    'frontDoor.hours': frontDoor.hours,
    'frontDoor.outOfHours': frontDoor.outOfHours,
  };
  const lines = [
    ...copy.emergency,
    ...helpFor(content, categories).map((family) => fillTemplate(copy.help[family], values).trim()),
    copy.notEmergencyService,
  ];
  const text = lines.join('\n');
  if (!options.telLinks) return text;
  return withTelLinks(text, ['999', frontDoor.phone, ...content.agencies.flatMap((a) => a.phone ?? [])]);
}

/** "0808 800 5000" -> "tel:+448088005000"; short numbers ("999", "116 123") as they are. */
export function telUri(phone: string): string {
  const digits = phone.replace(/\D/g, '');
  return digits.startsWith('0') && digits.length >= 10 ? `tel:+44${digits.slice(1)}` : `tel:${digits}`;
}

/** Makes each of the numbers a Markdown `tel:` link wherever it stands on its own in the text. */
export function withTelLinks(text: string, phones: readonly string[]): string {
  const unique = [...new Set(phones.filter((p) => p.trim() !== ''))].sort((a, b) => b.length - a.length);
  if (unique.length === 0) return text;
  const escaped = unique.map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  const pattern = new RegExp(`(?<![\\d\\[])(?:${escaped.join('|')})(?![\\d\\]])`, 'g');
  return text.replace(pattern, (phone) => `[${phone}](${telUri(phone)})`);
}
