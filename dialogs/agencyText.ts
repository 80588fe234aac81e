import { fillTemplate } from '../src/content/fillTemplate';
import type { Agency, BotCopy } from '../src/content/loadContent';

/** One agency as a short message: name, what it helps with, phone, text, chat, hours, ages, website. */
export function agencyText(copy: BotCopy, agency: Agency): string {
  const s = copy.signposting;
  const lines = [`${agency.name}: ${agency.helpsWith}`];
  if (agency.phone) lines.push(fillTemplate(s.call, { phone: agency.phone }));
  if (agency.text) {
    lines.push(
      agency.text.keyword
        ? fillTemplate(s.text, { keyword: agency.text.keyword, number: agency.text.number })
        : fillTemplate(s.textNoKeyword, { number: agency.text.number }),
    );
  }
  if (agency.chat) lines.push(agency.chat);
  if (agency.hours) lines.push(agency.hours);
  const { min, max } = agency.ages ?? {};
  if (min !== undefined && max !== undefined)
    lines.push(fillTemplate(s.agesBetween, { min: `${min}`, max: `${max}` }));
  else if (max !== undefined) lines.push(fillTemplate(s.agesUpTo, { max: `${max}` }));
  else if (min !== undefined) lines.push(fillTemplate(s.agesFrom, { min: `${min}` }));
  lines.push(fillTemplate(s.website, { website: agency.website }));
  return lines.join('\n');
}
