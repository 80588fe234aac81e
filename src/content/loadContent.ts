import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { trainingDataSchema, type TrainingData } from './trainingData';
import type { Logger } from '../observability/logger';
import { privacyContentSchema, type PrivacyContent } from './privacyContent';
import { smsCopySchema, type SmsCopy } from './smsCopy';
import { handoffCopySchema, type HandoffCopy } from './handoffCopy';
import { concernsSchema, type ConcernsContent } from './concernsContent';

/**
 * Everything a parent reads lives in `content/` as data and is validated here at start: a bad
 * file stops the start, naming the file and the field. docs/conversation.md describes each file.
 */

// ---- Shared field types ---------------------------------------------------------------------

const text = z.string().trim().min(1);
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date like 2026-09-03');
const clockTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a time like 08:30');
const ukPhone = z
  .string()
  .regex(/^(\d[\d ]{2,14}\d)$/, 'must be a phone number written with digits and spaces');

/** `{phone:agency-id}` and `{text:agency-id}` are filled from agencies.json when content loads. */
const AGENCY_PLACEHOLDER = /\{(phone|text):([a-z0-9-]+)\}/g;
const PLACEHOLDER = /\{([^{}]+)\}/g;

/**
 * A string with `{placeholders}`: only the named ones (and agency numbers) are allowed, and the
 * required ones must be there, so a typo in a template stops the start instead of a conversation.
 */
function template(allowed: string[], required: string[] = allowed) {
  return text.superRefine((value, ctx) => {
    for (const [, name = ''] of value.matchAll(PLACEHOLDER)) {
      if (!allowed.includes(name) && !/^(phone|text):[a-z0-9-]+$/.test(name)) {
        ctx.addIssue({
          code: 'custom',
          message: `unknown placeholder {${name}}${allowed.length ? ` (allowed: ${allowed.map((a) => `{${a}}`).join(', ')})` : ''}`,
        });
      }
    }
    for (const name of required) {
      if (!value.includes(`{${name}}`)) ctx.addIssue({ code: 'custom', message: `must contain {${name}}` });
    }
  });
}
const plain = template([]);
const plainLines = z.array(plain).min(1);

// ---- copy.json: every sentence the bot says that is not an FAQ, agency or privacy text --------

const words = z.array(text).min(1);

const copySchema = z.object({
  welcome: plainLines,
  /** The welcome's first line when the school is known (the widget or the number texted says which). */
  welcomeAtSchool: template(['school']),
  turnError: plain,
  yesWords: z.array(text).min(1),
  noWords: z.array(text).min(1),
  skipWords: z.array(text).min(1),
  /** More ways a parent may give each choice, in their own words (synonyms for the choice recognizer). */
  choiceWords: z.object({
    agree: words,
    disagree: words,
    readMore: words,
    menu: z.object({ referral: words, faq: words, signposting: words, person: words }),
    contactMethods: z.object({ phone: words, text: words, email: words, meet: words }),
    contactTimes: z.object({ any: words, morning: words, afternoon: words }),
    ownPhone: words,
    otherPhone: words,
    send: words,
    change: words,
    notListed: words,
    callbackYes: words,
    callbackNo: words,
  }),
  choiceRetry: plain,
  menu: z.object({
    prompt: plain,
    promptAgain: plain,
    referral: plain,
    faq: plain,
    signposting: plain,
    person: plain,
  }),
  notUnderstood: plain,
  help: plainLines,
  commands: z.object({
    stopped: plain,
    restarted: plain,
    backAtStart: plain,
    resume: plain,
    greeting: plain,
    thanks: plain,
    goodbye: plain,
    goodbyeAfterReferral: template(['reference']),
    cannotAnswer: plain,
    /** A problem told at a choice: heard, then the same question. */
    heard: plain,
  }),
  faq: z.object({
    menuPrompt: plain,
    didYouMean: template(['question']),
    noMatch: plain,
    /** "When are PSWs working?" when the school is known: its own hours. */
    workingHoursAtSchool: template(['school', 'hours']),
  }),
  yes: plain,
  no: plain,
  school: z.object({ prompt: plain, notListed: plain, notListedReply: plain }),
  referral: z.object({
    intro: plain,
    callbackIntro: plain,
    askName: plain,
    nameRetry: plain,
    askContactMethod: plain,
    contactMethods: z.object({ phone: plain, text: plain, email: plain, meet: plain }),
    askPhone: plain,
    askPhoneForMeeting: plain,
    /** Offered when the channel knows the parent's own number (SMS): {ending} is its last 3 digits. */
    askUseOwnPhone: template(['ending']),
    useOwnPhone: plain,
    useOtherPhone: plain,
    phoneRetry: plain,
    askEmail: plain,
    emailRetry: plain,
    askContactTime: plain,
    contactTimes: z.object({ any: plain, morning: plain, afternoon: plain }),
    askSafeToText: plain,
    askSafeToLeaveMessage: plain,
    /** Both questions in one, with the four answers below. */
    askSafeToTextOrVoicemail: plain,
    textOrVoicemail: z.object({ both: plain, textOnly: plain, voicemailOnly: plain, neither: plain }),
    askChildName: plain,
    childNameRetry: plain,
    askYearGroup: plain,
    yearGroupRetry: plain,
    skip: plain,
    yearGroups: z.object({ primary: plainLines, secondary: plainLines }),
    /** Shown for the year of a child not at school yet (with the parent's words). */
    notAtSchoolYet: plain,
    /** After the under-5s answer, in a referral. */
    underFivesCarryOn: plain,
    askTopic: plain,
    askWords: plain,
    wordsRetry: plain,
    wordsTooLong: plain,
    /** The scaling question at the start of an episode (web chat; SMS wording in sms.json). */
    askWellbeing: plain,
    wellbeingRetry: plain,
    /** How an answer is shown in "check your answers". */
    wellbeingScore: template(['score']),
    checkIntro: plain,
    labels: z.object({
      school: plain,
      parentName: plain,
      contactMethod: plain,
      phone: plain,
      email: plain,
      contactTime: plain,
      safeToText: plain,
      safeToLeaveMessage: plain,
      childFirstName: plain,
      yearGroup: plain,
      topic: plain,
      words: plain,
      wellbeing: plain,
    }),
    notGiven: plain,
    checkPrompt: plain,
    send: plain,
    change: plain,
    changePrompt: plain,
    submitted: template(['reference']),
    urgentNote: plain,
    nextInHours: template(['school']),
    nextOutOfHours: template(['school', 'when']),
    nextUnknown: template(['school']),
    emergencyReminder: plain,
  }),
  /** A problem told in the parent's own words: acknowledged, then a PSW offered first. */
  described: z.object({
    acknowledge: plain,
    offer: plain,
    yes: plain,
    otherHelp: plain,
    no: plain,
    clarify: plain,
    offerPerson: plain,
  }),
  signposting: z.object({
    prompt: plain,
    intro: template(['topic']),
    call: template(['phone']),
    text: template(['keyword', 'number']),
    textNoKeyword: template(['number']),
    website: template(['website']),
    agesBetween: template(['min', 'max']),
    agesUpTo: template(['max']),
    agesFrom: template(['min']),
    frontDoor: template(['name', 'phone', 'hours', 'outOfHours'], ['name', 'phone']),
    noAgencies: plain,
    offerReferral: plain,
    /** The under-5s answer's first line: who helps families of children under 5. */
    underFives: plain,
  }),
  person: z.object({
    outOfHours: template(['school', 'when']),
    outOfHoursNoTime: template(['school']),
    emergencyNumbers: plain,
    offerCallback: plain,
    callbackYes: plain,
    callbackNo: plain,
    callbackDeclined: plain,
  }),
  safeguarding: z.object({
    /** Always first: 999. */
    emergency: z
      .array(plain)
      .min(1)
      .refine((all) => all.some((line) => line.includes('999')), 'must tell the parent to call 999'),
    /** The help that fits the risk (content/concerns.json says which for each category). */
    help: z.object({
      child: template(
        ['frontDoor.name', 'frontDoor.phone', 'frontDoor.hours', 'frontDoor.outOfHours'],
        ['frontDoor.phone'],
      ),
      crisis: plain,
      domesticAbuse: plain,
    }),
    /** After the parent's question is answered: a person can contact them. */
    offerPsw: plain,
    notEmergencyService: plain,
    followUp: plain,
    resume: plain,
  }),
  /** The web chat's own words around the conversation: the launcher, headers, buttons, status lines. */
  webchat: z.object({
    launcher: plain,
    title: plain,
    chatLabel: template(['school']),
    safety: plain.refine((line) => line.includes('999'), 'must tell the parent to call 999'),
    leave: plain,
    leaveLabel: plain,
    close: plain,
    conversation: plain,
    messagePlaceholder: plain,
    connecting: plain,
    timedOut: plain,
    cannotConnect: plain,
    busy: plain,
    cannotStart: plain,
    tryAgain: plain,
    notFoundTitle: plain,
    notFound: plain,
    /** Who a screen reader says wrote the automated assistant's messages. */
    assistantName: plain,
  }),
});

export type BotCopy = z.infer<typeof copySchema>;
export type WebChatCopy = BotCopy['webchat'];

// ---- schools.json ---------------------------------------------------------------------------

const areaSchema = z.object({
  id: z.string().regex(/^[a-z0-9-]+$/),
  name: z.string().min(1),
  childrensSocialCare: z.object({
    name: z.string().min(1),
    phone: ukPhone,
    hours: z.string().min(1),
    outOfHours: z.string().min(1),
    source: z.string().min(1),
    lastReviewed: isoDate,
  }),
  /**
   * Who is told about an urgent case when the parent's school is not known (docs/safeguarding.md).
   * Their mobile is configuration (AREA_DUTY_PHONES), not content.
   */
  dutyContact: z.object({ name: z.string().min(1) }).optional(),
  /** The area's PSW service's promise: a referral's first contact within this many working days. */
  serviceLevel: z
    .object({ referralFirstContactWorkingDays: z.number().int().min(0).max(20) })
    .default({ referralFirstContactWorkingDays: 2 }),
});

const weekday = z.enum(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun']);

const schoolSchema = z.object({
  id: z.string().regex(/^[a-z0-9-]{2,64}$/, 'lower-case letters, digits and dashes'),
  name: z.string().min(1),
  area: z.string().min(1),
  phase: z.enum(['primary', 'secondary', 'all-through', 'special']),
  widget: z.object({
    colour: z.string().regex(/^#[0-9a-fA-F]{6}$/, 'must be a colour like #1d5e8c'),
    greeting: z.string().min(1),
    allowedOrigins: z.array(z.url()).min(1),
  }),
  hours: z.object({
    timezone: z.string().min(1),
    weekly: z.partialRecord(weekday, z.array(z.tuple([clockTime, clockTime]))),
  }),
  termDates: z.array(z.object({ start: isoDate, end: isoDate })),
  /** The school's own Twilio numbers (E.164); a text to one of them is known to be about this school. */
  smsNumbers: z.array(z.string().regex(/^\+[1-9]\d{6,14}$/, 'must be E.164, e.g. +441514960000')).optional(),
});

const schoolsFileSchema = z
  .object({ areas: z.array(areaSchema).min(1), schools: z.array(schoolSchema).min(1) })
  .superRefine((file, ctx) => {
    const areaIds = new Set(file.areas.map((a) => a.id));
    const seen = new Set<string>();
    file.schools.forEach((school, i) => {
      if (!areaIds.has(school.area)) {
        ctx.addIssue({
          code: 'custom',
          path: ['schools', i, 'area'],
          message: `unknown area "${school.area}"`,
        });
      }
      if (seen.has(school.id)) {
        ctx.addIssue({
          code: 'custom',
          path: ['schools', i, 'id'],
          message: `duplicate school id "${school.id}"`,
        });
      }
      seen.add(school.id);
    });
    const numbers = new Set<string>();
    file.schools.forEach((school, i) => {
      for (const number of school.smsNumbers ?? []) {
        if (numbers.has(number)) {
          ctx.addIssue({
            code: 'custom',
            path: ['schools', i, 'smsNumbers'],
            message: 'an SMS number can belong to one school only',
          });
        }
        numbers.add(number);
      }
    });
  });

export type Area = z.infer<typeof areaSchema>;
export type School = z.infer<typeof schoolSchema>;

// ---- topics.json ----------------------------------------------------------------------------

const topicId = z.string().regex(/^[a-z][a-z0-9_]*$/, 'lower-case letters, digits and _');

const topicsFileSchema = z.object({
  topics: z
    .array(
      z.object({
        id: topicId,
        label: plain,
        /** Offered as "what is it about" in a self-referral. */
        referral: z.boolean(),
        /** Offered in "find other help". */
        signposting: z.boolean(),
        /** Also show the area's children's social care front door. */
        showFrontDoor: z.boolean().optional(),
      }),
    )
    .min(1),
});

export type Topic = z.infer<typeof topicsFileSchema>['topics'][number];

// ---- agencies.json --------------------------------------------------------------------------

/** Written like the source shows it: digits and single spaces ("0808 800 5000", "116 123", "111"). */
const agencyPhone = z.string().regex(/^\d+( \d+)*$/, 'digits and single spaces only, e.g. 0808 800 5000');
const PHONE_LIKE = /(?:\+?\d[\d ]{4,}\d)/;
const noNumbers = text.refine(
  (v) => !PHONE_LIKE.test(v),
  'must not contain a phone number: use phone or text',
);

const agencySchema = z
  .object({
    id: z.string().regex(/^[a-z0-9-]+$/, 'lower-case letters, digits and dashes'),
    name: text,
    helpsWith: noNumbers,
    phone: agencyPhone.optional(),
    text: z
      .object({
        keyword: z
          .string()
          .regex(/^[A-Z0-9]+$/)
          .optional(),
        number: agencyPhone,
      })
      .optional(),
    chat: noNumbers.optional(),
    hours: noNumbers.optional(),
    website: z.url({ protocol: /^https?$/ }),
    /** An area id from schools.json for a local service; absent for a national one. */
    area: z.string().optional(),
    topics: z.array(topicId).min(1),
    /** Ages of the child (or young person) the service is for. */
    ages: z
      .object({ min: z.number().int().min(0).optional(), max: z.number().int().min(0).optional() })
      .optional(),
    /** The research's confidence in what is shown: only "A" may show a phone or text number. */
    confidence: z.enum(['A', 'B', 'unconfirmed']),
    needsReview: z.boolean(),
    reviewNotes: z.string().optional(),
    source: z.array(text).min(1),
    lastReviewed: isoDate,
    reviewBy: isoDate,
  })
  .superRefine((agency, ctx) => {
    if ((agency.phone || agency.text) && agency.confidence !== 'A') {
      ctx.addIssue({
        code: 'custom',
        path: [agency.phone ? 'phone' : 'text'],
        message:
          'only numbers the research marks confidence A may be shown; give the website only and set needsReview',
      });
    }
    if (agency.confidence !== 'A' && !agency.needsReview) {
      ctx.addIssue({ code: 'custom', path: ['needsReview'], message: 'must be true unless confidence is A' });
    }
    if (agency.reviewBy < agency.lastReviewed) {
      ctx.addIssue({ code: 'custom', path: ['reviewBy'], message: 'must not be before lastReviewed' });
    }
  });

const agenciesFileSchema = z.object({ agencies: z.array(agencySchema).min(1) });

export type Agency = z.infer<typeof agencySchema>;

// ---- faq.json -------------------------------------------------------------------------------

const faqFileSchema = z.object({
  faqs: z
    .array(
      z.object({
        id: z.string().regex(/^[a-z][a-z0-9_]*$/, 'lower-case letters, digits and _'),
        /** Shown in the FAQ list and in "did you mean". */
        question: plain,
        answer: plain.refine((v) => v.length <= 700, 'keep answers under 700 characters'),
        /** For SMS: at most two text messages of plain characters. */
        smsAnswer: plain
          .refine((v) => v.length <= 300, 'must be 300 characters or fewer (two text messages)')
          .refine((v) => /^[\x20-\x7e\n]*$/.test(v), 'plain characters only (no curly quotes or dashes)'),
      }),
    )
    .min(1),
});

export type Faq = z.infer<typeof faqFileSchema>['faqs'][number];

// ---- privacy.json ---------------------------------------------------------------------------

/** The schema lives in privacyContent.ts (notice, controller, retention, erasure words). */
const privacySchema = privacyContentSchema;

export type PrivacyNotice = PrivacyContent;

// ---- Intents every conversation needs ---------------------------------------------------------

/** Intents the dialogs act on, besides one `faq.<id>` per FAQ and one `signpost.<topic>` per topic. */
export const FIXED_INTENTS = [
  'referral.start',
  'talk_to_person',
  'command.help',
  'command.back',
  'command.restart',
  'command.stop',
  'greeting',
  'thanks',
  'goodbye',
  'data.erase',
] as const;

// ---- Loading --------------------------------------------------------------------------------

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

export class ContentError extends Error {
  constructor(
    readonly file: string,
    readonly problems: string[],
  ) {
    super(`Content file ${file} is invalid: ${problems.join('; ')}`);
    this.name = 'ContentError';
  }
}

async function readJson<T>(directory: string, file: string, schema: z.ZodType<T>): Promise<T> {
  const fullPath = path.join(directory, file);
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(fullPath, 'utf8'));
  } catch (err) {
    throw new ContentError(file, [err instanceof Error ? err.message : String(err)]);
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    throw new ContentError(
      file,
      parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`),
    );
  }
  return parsed.data;
}

/** Collects problems per file, then throws for the first file that has any. */
class Problems {
  private readonly byFile = new Map<string, string[]>();

  add(file: string, fieldPath: Array<string | number>, message: string): void {
    const list = this.byFile.get(file) ?? [];
    list.push(`${fieldPath.join('.') || '(root)'}: ${message}`);
    this.byFile.set(file, list);
  }

  throwIfAny(): void {
    for (const [file, problems] of this.byFile) throw new ContentError(file, problems);
  }
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
function resolveAgencyNumbers<T>(
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
    readJson(directory, 'privacy.json', privacySchema),
    readJson(directory, path.join('nlu', 'utterances.json'), trainingDataSchema),
    readJson(directory, 'sms.json', smsCopySchema),
    readJson(directory, 'handoff.json', handoffCopySchema),
    // Every category is checked by the schema, so the record is complete.
    readJson(directory, 'concerns.json', concernsSchema) as Promise<ConcernsContent>,
  ]);
  const { topics } = topicsFile;
  const { agencies } = agenciesFile;
  const problems = new Problems();
  const utterancesFile = path.join('nlu', 'utterances.json');

  // Topics and agencies refer to each other and to the areas.
  const topicIds = new Set(topics.map((t) => t.id));
  const areaIds = new Set(schools.areas.map((a) => a.id));
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
    faqFile.faqs.map((f) => f.id),
    'faq.json',
    'faqs',
    'id',
    problems,
  );
  const intents = new Set(utterances.intents.map((i) => i.intent));
  faqFile.faqs.forEach((faq, i) => {
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
    ...faqFile.faqs.map((f) => `faq.${f.id}`),
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

function checkUnique(ids: string[], file: string, list: string, field: string, problems: Problems): void {
  const seen = new Set<string>();
  ids.forEach((id, i) => {
    if (seen.has(id)) problems.add(file, [list, i, field], `duplicate ${field} "${id}"`);
    seen.add(id);
  });
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
