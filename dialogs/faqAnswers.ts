import type { TurnContext } from 'botbuilder';
import { fillTemplate } from '../src/content/fillTemplate';
import type { Faq, School } from '../src/content/loadContent';
import type { ConversationDeps } from './ConversationDeps';
import { bySms } from './prompts';
import { knownSchool } from './schoolChoice';

const DAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
const DAY_NAMES: Record<(typeof DAYS)[number], string> = {
  mon: 'Monday',
  tue: 'Tuesday',
  wed: 'Wednesday',
  thu: 'Thursday',
  fri: 'Friday',
  sat: 'Saturday',
  sun: 'Sunday',
};

/** "08:15" as "8:15am", "16:00" as "4pm". */
function clock(time: string): string {
  const [h = 0, m = 0] = time.split(':').map(Number);
  const suffix = h >= 12 ? 'pm' : 'am';
  const hour = h % 12 === 0 ? 12 : h % 12;
  return m === 0 ? `${hour}${suffix}` : `${hour}:${String(m).padStart(2, '0')}${suffix}`;
}

/**
 * A school's PSW hours in words, days with the same hours together: "Monday to Thursday 8:15am
 * to 4pm, Friday 8:15am to 1pm".
 */
export function describeWeeklyHours(school: School): string {
  const { weekly } = school.hours;
  const groups: Array<{ from: string; to: string; hours: string }> = [];
  for (const day of DAYS) {
    const ranges = weekly[day];
    if (!ranges || ranges.length === 0) continue;
    const hours = ranges.map(([start, end]) => `${clock(start)} to ${clock(end)}`).join(' and ');
    const last = groups.at(-1);
    const previousDay = DAYS[DAYS.indexOf(day) - 1];
    if (last && last.hours === hours && previousDay && last.to === DAY_NAMES[previousDay])
      last.to = DAY_NAMES[day];
    else groups.push({ from: DAY_NAMES[day], to: DAY_NAMES[day], hours });
  }
  return groups.map((g) => `${g.from === g.to ? g.from : `${g.from} to ${g.to}`} ${g.hours}`).join(', ');
}

/**
 * An FAQ answer for this channel (the short one by SMS); "when are PSWs working?" gives the
 * school's own hours when the conversation's school is known.
 */
export async function answerFaq(deps: ConversationDeps, context: TurnContext, faq: Faq): Promise<string> {
  const sms = bySms(context);
  if (faq.id === 'working_hours') {
    const school = await knownSchool(deps, context);
    if (school) {
      const template = sms
        ? deps.content.sms.workingHoursAtSchool
        : deps.content.copy.faq.workingHoursAtSchool;
      return fillTemplate(template, { school: school.name, hours: describeWeeklyHours(school) });
    }
  }
  return sms ? faq.smsAnswer : faq.answer;
}
