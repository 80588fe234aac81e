import { z } from 'zod';
import { plain, plainLines, template, text } from './fields';

// ---- copy.json: every sentence the bot says that is not an FAQ, agency or privacy text --------

const words = z.array(text).min(1);

export const copySchema = z.object({
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
