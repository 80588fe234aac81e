import path from 'node:path';
import type { Agency } from './agenciesContent';
import { AGENCY_PLACEHOLDER, PHONE_LIKE, PLACEHOLDER } from './fields';
import type { Faq } from './faqContent';
import { FIXED_INTENTS } from './intents';
import type { Problems } from './readContentFile';
import type { Area } from './schoolsContent';
import type { Topic } from './topicsContent';
import type { TrainingData } from './trainingData';

/**
 * The checks across content files, once each file has passed its own schema: topics, agencies,
 * areas, FAQs and the NLU's intents refer to each other; agencies' numbers are filled into texts.
 */

/** Topics, agencies and areas refer to each other; every FAQ and signposting topic is understood. */
export function checkCrossReferences(
  files: { topics: Topic[]; agencies: Agency[]; areas: Area[]; faqs: Faq[]; utterances: TrainingData },
  problems: Problems,
): void {
  const { topics, agencies, utterances } = files;
  const utterancesFile = path.join('nlu', 'utterances.json');

  // Topics and agencies refer to each other and to the areas.
  const topicIds = new Set(topics.map((t) => t.id));
  const areaIds = new Set(files.areas.map((a) => a.id));
  checkUnique(
    topics.map((t) => t.id),
    'topics.json',
    'topics',
    'id',
    problems,
  );
  checkUnique(
    agencies.map((a) => a.id),
    'agencies.json',
    'agencies',
    'id',
    problems,
  );
  agencies.forEach((agency, i) => {
    agency.topics.forEach((topic, j) => {
      if (!topicIds.has(topic))
        problems.add('agencies.json', ['agencies', i, 'topics', j], `unknown topic "${topic}"`);
    });
    if (agency.area !== undefined && !areaIds.has(agency.area)) {
      problems.add(
        'agencies.json',
        ['agencies', i, 'area'],
        `unknown area "${agency.area}" (see schools.json)`,
      );
    }
  });
  topics.forEach((topic, i) => {
    if (topic.signposting && !topic.showFrontDoor && !agencies.some((a) => a.topics.includes(topic.id))) {
      problems.add('topics.json', ['topics', i, 'id'], `no agency in agencies.json helps with "${topic.id}"`);
    }
  });
  if (topics.filter((t) => t.referral).length < 2) {
    problems.add('topics.json', ['topics'], 'at least two topics must be offered in a referral');
  }

  // Every FAQ and signposting topic is understood, and every trained intent is one the dialogs know.
  checkUnique(
    files.faqs.map((f) => f.id),
    'faq.json',
    'faqs',
    'id',
    problems,
  );
  const intents = new Set(utterances.intents.map((i) => i.intent));
  files.faqs.forEach((faq, i) => {
    if (!intents.has(`faq.${faq.id}`)) {
      problems.add(
        'faq.json',
        ['faqs', i, 'id'],
        `no utterances for intent "faq.${faq.id}" in ${utterancesFile}`,
      );
    }
  });
  topics.forEach((topic, i) => {
    if (topic.signposting && !intents.has(`signpost.${topic.id}`)) {
      problems.add(
        'topics.json',
        ['topics', i, 'id'],
        `no utterances for intent "signpost.${topic.id}" in ${utterancesFile}`,
      );
    }
  });
  const knownIntents = new Set<string>([
    ...FIXED_INTENTS,
    ...files.faqs.map((f) => `faq.${f.id}`),
    ...topics.filter((t) => t.signposting).map((t) => `signpost.${t.id}`),
  ]);
  utterances.intents.forEach((entry, i) => {
    if (!knownIntents.has(entry.intent)) {
      problems.add(
        utterancesFile,
        ['intents', i, 'intent'],
        `"${entry.intent}" is not an FAQ, a signposting topic or one of ${FIXED_INTENTS.join(', ')}`,
      );
    }
  });
  for (const fixed of FIXED_INTENTS) {
    if (!intents.has(fixed)) problems.add(utterancesFile, ['intents'], `needs utterances for "${fixed}"`);
  }
}

function checkUnique(ids: string[], file: string, list: string, field: string, problems: Problems): void {
  const seen = new Set<string>();
  ids.forEach((id, i) => {
    if (seen.has(id)) problems.add(file, [list, i, field], `duplicate ${field} "${id}"`);
    seen.add(id);
  });
}

/** Applies `fn` to every string in a JSON value, with its path. */
function mapStrings<T>(
  value: T,
  fn: (s: string, at: Array<string | number>) => string,
  at: Array<string | number> = [],
): T {
  if (typeof value === 'string') return fn(value, at) as T;
  if (Array.isArray(value)) {
    return (value as unknown[]).map((v, i) => mapStrings(v, fn, [...at, i])) as T;
  }
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = mapStrings(v, fn, [...at, k]);
    return out as T;
  }
  return value;
}

/** UK drama numbers (Ofcom's 07700 900000 to 900999) may appear in copy as examples. */
const EXAMPLE_NUMBER = /^07700 ?900\d{3}$/;

/**
 * Fills `{phone:id}` and `{text:id}` from the agencies, and refuses any other phone number written
 * into a text: a number a parent reads must come from agencies.json or schools.json.
 */
export function resolveAgencyNumbers<T>(
  value: T,
  file: string,
  agencies: Agency[],
  problems: Problems,
  basePath: Array<string | number> = [],
): T {
  const byId = new Map(agencies.map((a) => [a.id, a]));
  return mapStrings(
    value,
    (s, at) => {
      const withoutPlaceholders = s.replace(PLACEHOLDER, ' ');
      for (const [match] of withoutPlaceholders.matchAll(new RegExp(PHONE_LIKE.source, 'g'))) {
        if (!EXAMPLE_NUMBER.test(match.trim())) {
          problems.add(
            file,
            at,
            `contains the number "${match.trim()}": write {phone:agency-id} or {text:agency-id} instead`,
          );
        }
      }
      return s.replace(AGENCY_PLACEHOLDER, (whole, kind: string, id: string) => {
        const agency = byId.get(id);
        if (!agency) {
          problems.add(file, at, `${whole}: no agency "${id}" in agencies.json`);
          return whole;
        }
        if (kind === 'phone') {
          if (agency.phone) return agency.phone;
          problems.add(file, at, `${whole}: agency "${id}" has no phone number`);
          return whole;
        }
        if (agency.text)
          return agency.text.keyword ? `${agency.text.keyword} to ${agency.text.number}` : agency.text.number;
        problems.add(file, at, `${whole}: agency "${id}" has no text number`);
        return whole;
      });
    },
    basePath,
  );
}
