import type { Content } from '../content/loadContent';
import { readReferralDetails } from '../domain/referralDetails';
import { contactPreferences } from '../handoff/contactPreferences';
import type { Case } from '../domain/model/case';
import type { TranscriptEntry } from '../store/ports';
import { describeDue, firstName, urgentReasonWords } from './inWords';
import { presentSummary, type StaffNames } from './presentCase';

const PREVIEW_LENGTH = 90;

const METHOD_WORDS: Record<string, string> = {
  phone: 'Phone call',
  text: 'Text message',
  email: 'E-mail',
  meet: 'Meet in person',
};

/**
 * One row of the queue, what a PSW needs to choose what to pick up next: the parent's first name,
 * the school, the topic, the channel and whether it is safe to text, the last message (shortened),
 * how long it has waited or when it is due, and why it is urgent. Shown only to accounts that work
 * with the case's school; opening the case is what is audited.
 */
export function presentQueueRow(props: {
  theCase: Case;
  latest: TranscriptEntry | null;
  content: Pick<Content, 'schools' | 'areas' | 'topics' | 'concerns'>;
  names: StaffNames;
  now: Date;
}) {
  const { theCase, latest, content, names, now } = props;
  const { details } = readReferralDetails(theCase.details);
  const prefs = contactPreferences(theCase.details);
  const school = content.schools.find((s) => s.id === theCase.schoolId);
  const topic = content.topics.find((t) => t.id === details.topic)?.label ?? details.topicLabel;
  const due =
    theCase.dueBy && (theCase.status === 'new' || theCase.status === 'claimed') && school
      ? describeDue(theCase.dueBy, now, school.hours.timezone)
      : undefined;
  return {
    ...presentSummary(theCase, content, names),
    ...(firstName(details.parentName) ? { parentFirstName: firstName(details.parentName) } : {}),
    ...(topic ? { topic } : {}),
    ...(theCase.urgentReason ? { urgentReason: urgentReasonWords(theCase.urgentReason) } : {}),
    contact: {
      ...(prefs.method ? { method: METHOD_WORDS[prefs.method] ?? prefs.method } : {}),
      safeToText: prefs.safeToText === undefined ? 'unknown' : prefs.safeToText ? 'yes' : 'no',
    },
    ...(due ? { due: { ...due, at: theCase.dueBy?.toISOString() } } : {}),
    ...(latest
      ? {
          lastMessage: {
            at: latest.at.toISOString(),
            from:
              latest.sender === 'parent'
                ? 'Parent'
                : latest.sender === 'psw'
                  ? (names.get(latest.senderId ?? '') ?? 'PSW')
                  : 'Assistant',
            text: shorten(latest.text),
          },
        }
      : {}),
  };
}

function shorten(text: string): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  return oneLine.length <= PREVIEW_LENGTH ? oneLine : `${oneLine.slice(0, PREVIEW_LENGTH - 1)}…`;
}
