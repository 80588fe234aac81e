import { fillTemplate } from '../../src/content/fillTemplate';
import type { Content } from '../../src/content/loadContent';
import { normaliseUtterance } from '../parentChoice';
import type { ReferralDraft, ReferralField } from './referralDraft';

/** "Check your answers": which answers are shown, their labels and values, and "change the phone number". */

/** Order of the answers in "check your answers" and in "which answer do you want to change". */
const SUMMARY_ORDER: ReferralField[] = [
  'schoolId',
  'parentName',
  'contactMethod',
  'phone',
  'email',
  'contactTime',
  'safeToText',
  'safeToLeaveMessage',
  'childFirstName',
  'yearGroup',
  'topicId',
  'words',
  'wellbeing',
];

/** By SMS, "check your answers" shows the start of the parent's own words (they have just typed them). */
export const SMS_SUMMARY_WORDS_LENGTH = 32;

/** By SMS, answers shown on one line (labelled once, or each when `labelEach`). */
const SMS_LINES: Array<{ fields: ReferralField[]; labelEach?: boolean }> = [
  { fields: ['contactMethod', 'phone', 'email', 'contactTime'] },
  { fields: ['safeToText', 'safeToLeaveMessage'], labelEach: true },
  { fields: ['childFirstName', 'yearGroup'] },
];

/** Other words a parent uses for an answer when asking to change it ("change the number"). */
const FIELD_WORDS: Partial<Record<ReferralField, string[]>> = {
  schoolId: ['school'],
  parentName: ['name', 'my name'],
  contactMethod: ['how', 'contact', 'way'],
  phone: ['phone', 'number', 'mobile', 'phone number'],
  email: ['email', 'e mail', 'address'],
  contactTime: ['time', 'best time', 'when'],
  safeToText: ['text', 'texting'],
  safeToLeaveMessage: ['voicemail', 'message'],
  childFirstName: ['child', 'childs name', 'son', 'daughter'],
  yearGroup: ['year', 'year group', 'age'],
  topicId: ['topic', 'help with', 'about'],
  words: ['words', 'what is happening', 'description', 'story'],
  wellbeing: ['scale', 'score', 'things at home', 'at home', 'out of 10'],
};

export class ReferralSummary {
  constructor(private readonly content: Content) {}

  /** The answers shown in "check your answers": those that apply to this referral. */
  fields(draft: ReferralDraft): ReferralField[] {
    return SUMMARY_ORDER.filter(
      (f) =>
        (draft[f] !== null ||
          (f === 'contactTime' && draft.contactNotes) ||
          (f === 'yearGroup' && draft.childAge)) &&
        !(f === 'contactMethod' && draft.callback) &&
        // Choosing "text message" is saying texts are safe.
        !(f === 'safeToText' && draft.contactMethod === 'text'),
    );
  }

  /** The answers a parent may change (not a school the channel named). */
  changeable(draft: ReferralDraft): ReferralField[] {
    return this.fields(draft).filter((f) => !(f === 'schoolId' && draft.schoolFromChannel));
  }

  /**
   * The lines of "check your answers". By SMS, shorter: the parent's own words cut to their start,
   * a school the number texted already named is not shown (it cannot be changed), nor a topic
   * understood from the parent's own words (shown just below it). Both can still be changed.
   */
  lines(draft: ReferralDraft, bySms: boolean): string[] {
    const shown = this.fields(draft)
      .filter((field) => !(bySms && field === 'schoolId' && draft.schoolFromChannel))
      .filter((field) => !(bySms && field === 'topicId' && draft.words && !draft.asked.includes('topicId')));
    if (!bySms) return shown.map((field) => `${this.label(field)}: ${this.display(draft, field)}`);
    // By SMS, answers that belong together share a line ("Contact: Phone call, 07700 900123,
    // Afternoon"), so that the summary and its question fit one text.
    const lines: string[] = [];
    const grouped = new Set<ReferralField>();
    for (const field of shown) {
      if (grouped.has(field)) continue;
      const group = SMS_LINES.find((g) => g.fields[0] === field || g.fields.includes(field));
      const together = group ? shown.filter((f) => group.fields.includes(f)) : [field];
      together.forEach((f) => grouped.add(f));
      const values = together.map((f, i) => {
        const value = this.smsValue(draft, f);
        return group?.labelEach && i > 0 ? `${this.smsLabel(f)}: ${value}` : value;
      });
      lines.push(`${this.smsLabel(together[0] ?? field)}: ${values.join(group?.labelEach ? '. ' : ', ')}`);
    }
    return lines;
  }

  private smsValue(draft: ReferralDraft, field: ReferralField): string {
    const shown = this.display(draft, field);
    const long = field === 'words' || field === 'contactTime';
    return long ? shorten(shown, SMS_SUMMARY_WORDS_LENGTH) : shown;
  }

  /** The shorter label by SMS. */
  smsLabel(field: ReferralField): string {
    const labels = this.content.sms.checkLabels;
    if (field === 'schoolId') return labels.school;
    if (field === 'topicId') return labels.topic;
    return labels[field];
  }

  label(field: ReferralField): string {
    const { labels } = this.content.copy.referral;
    if (field === 'schoolId') return labels.school;
    if (field === 'topicId') return labels.topic;
    return labels[field];
  }

  /**
   * "change the phone number", "the time is wrong": the one answer named, if the message names
   * exactly one of the answers that can be changed.
   */
  namedField(text: string, draft: ReferralDraft): ReferralField | undefined {
    const said = ` ${normaliseUtterance(text)} `;
    const named = this.changeable(draft).filter((field) =>
      [this.label(field), ...(FIELD_WORDS[field] ?? [])]
        .map(normaliseUtterance)
        .some((w) => w !== '' && said.includes(` ${w} `)),
    );
    // "Your name" and "Child's first name" both say name: the more specific wins.
    if (named.length === 2 && named.includes('parentName') && named.includes('childFirstName'))
      return /\b(child|son|daughter|his|her)\b/.test(said) ? 'childFirstName' : 'parentName';
    if (named.length === 2 && named.includes('phone') && named.includes('safeToText')) return 'phone';
    return named.length === 1 ? named[0] : undefined;
  }

  display(draft: ReferralDraft, field: ReferralField): string {
    const { copy, schools, topics } = this.content;
    if (field === 'contactTime' && draft.contactNotes) {
      const time = draft.contactTime ? `${copy.referral.contactTimes[draft.contactTime]}: ` : '';
      return `${time}"${draft.contactNotes}"`;
    }
    if (field === 'yearGroup' && draft.childAge)
      return `${copy.referral.notAtSchoolYet} ("${draft.childAge}")`;
    const value = draft[field];
    if (value === undefined || value === null) return copy.referral.notGiven;
    if (typeof value === 'boolean') return value ? copy.yes : copy.no;
    if (typeof value === 'number')
      return fillTemplate(copy.referral.wellbeingScore, { score: String(value) });
    switch (field) {
      case 'schoolId':
        return schools.find((s) => s.id === value)?.name ?? value;
      case 'contactMethod':
        return copy.referral.contactMethods[draft.contactMethod ?? 'phone'];
      case 'contactTime':
        return copy.referral.contactTimes[draft.contactTime ?? 'any'];
      case 'topicId':
        return topics.find((t) => t.id === value)?.label ?? value;
      default:
        return value;
    }
  }
}

/** The start of a long answer, cut at a word, with "..." when something was left out. */
export function shorten(text: string, length: number): string {
  if (text.length <= length) return text;
  const cut = text.slice(0, length + 1).replace(/\s+\S*$/, '');
  return `${(cut.length > length / 2 ? cut : text.slice(0, length)).trimEnd()}...`;
}
