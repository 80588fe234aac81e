import path from 'node:path';
import type { Logger } from '../observability/logger';
import { agenciesFileSchema, type Agency } from './agenciesContent';
import { copySchema, type BotCopy } from './botCopy';
import { concernsSchema, type ConcernsContent } from './concernsContent';
import { checkCrossReferences, resolveAgencyNumbers } from './crossChecks';
import { faqFileSchema, type Faq } from './faqContent';
import { handoffCopySchema, type HandoffCopy } from './handoffCopy';
import { privacyContentSchema, type PrivacyContent } from './privacyContent';
import { Problems, readJson } from './readContentFile';
import { schoolsFileSchema, type Area, type School } from './schoolsContent';
import { smsCopySchema, type SmsCopy } from './smsCopy';
import { topicsFileSchema, type Topic } from './topicsContent';
import { trainingDataSchema, type TrainingData } from './trainingData';

export type { Agency } from './agenciesContent';
export type { BotCopy, WebChatCopy } from './botCopy';
export type { Faq } from './faqContent';
export { FIXED_INTENTS } from './intents';
export { ContentError } from './readContentFile';
export type { Area, School } from './schoolsContent';
export type { Topic } from './topicsContent';

/**
 * Everything a parent reads lives in `content/` as data and is validated here at start: a bad
 * file stops the start, naming the file and the field. docs/conversation.md describes each file.
 * Each file's schema is in its own module (copy.json: botCopy.ts, schools.json: schoolsContent.ts,
 * topics.json: topicsContent.ts, agencies.json: agenciesContent.ts, faq.json: faqContent.ts,
 * privacy.json: privacyContent.ts, sms.json: smsCopy.ts, handoff.json: handoffCopy.ts,
 * concerns.json: concernsContent.ts, nlu/utterances.json: trainingData.ts); the checks across
 * files are in crossChecks.ts.
 */

/** The privacy notice (content/privacy.json). */
export type PrivacyNotice = PrivacyContent;

export interface Content {
  copy: BotCopy;
  areas: Area[];
  schools: School[];
  topics: Topic[];
  agencies: Agency[];
  faqs: Faq[];
  privacy: PrivacyNotice;
  utterances: TrainingData;
  sms: SmsCopy;
  /** Live handoff and feedback messages (content/handoff.json). */
  handoff: HandoffCopy;
  /** Each risk category in PSW words, and the help a parent is given for it (content/concerns.json). */
  concerns: ConcernsContent;
}

export async function loadContent(directory: string): Promise<Content> {
  const [
    rawCopy,
    schools,
    topicsFile,
    agenciesFile,
    faqFile,
    rawPrivacy,
    utterances,
    sms,
    handoff,
    concerns,
  ] = await Promise.all([
    readJson(directory, 'copy.json', copySchema),
    readJson(directory, 'schools.json', schoolsFileSchema),
    readJson(directory, 'topics.json', topicsFileSchema),
    readJson(directory, 'agencies.json', agenciesFileSchema),
    readJson(directory, 'faq.json', faqFileSchema),
    readJson(directory, 'privacy.json', privacyContentSchema),
    readJson(directory, path.join('nlu', 'utterances.json'), trainingDataSchema),
    readJson(directory, 'sms.json', smsCopySchema),
    readJson(directory, 'handoff.json', handoffCopySchema),
    // Every category is checked by the schema, so the record is complete.
    readJson(directory, 'concerns.json', concernsSchema) as Promise<ConcernsContent>,
  ]);
  const { topics } = topicsFile;
  const { agencies } = agenciesFile;
  const problems = new Problems();
  checkCrossReferences({ topics, agencies, areas: schools.areas, faqs: faqFile.faqs, utterances }, problems);
  problems.throwIfAny();

  const copy = resolveAgencyNumbers(rawCopy, 'copy.json', agencies, problems);
  const faqs = resolveAgencyNumbers(faqFile.faqs, 'faq.json', agencies, problems, ['faqs']);
  const privacy = resolveAgencyNumbers(rawPrivacy, 'privacy.json', agencies, problems);
  problems.throwIfAny();

  return {
    copy,
    areas: schools.areas,
    schools: schools.schools,
    topics,
    agencies,
    faqs,
    privacy,
    utterances,
    sms,
    handoff,
    concerns,
  };
}

/**
 * Reports at start what people who maintain the content must look at: agencies past their review
 * date (warn) and agencies marked for review (info). Returns the ids, for tests.
 */
export function reportContentReviews(
  content: Content,
  logger: Logger,
  today: Date,
): { overdue: string[]; marked: string[] } {
  const todayIso = today.toISOString().slice(0, 10);
  const overdue = content.agencies.filter((a) => a.reviewBy < todayIso);
  for (const agency of overdue) {
    logger.warn(
      { agency: agency.id, reviewBy: agency.reviewBy, lastReviewed: agency.lastReviewed },
      'agency is past its review date: check its details in content/agencies.json',
    );
  }
  const marked = content.agencies.filter((a) => a.needsReview).map((a) => a.id);
  if (marked.length > 0) {
    logger.info({ agencies: marked }, 'agencies marked for review (website only, or hours not confirmed)');
  }
  return { overdue: overdue.map((a) => a.id), marked };
}
