/**
 * Makes a whole self-referral by talking to the real bot, on any channel: it answers whatever
 * question the bot asks last (so it does not depend on the order of the questions, or on a
 * channel skipping one), and stops at the reference. Fake details only.
 */
export interface ReferralAnswers {
  school: string;
  name: string;
  contactMethod: string;
  phone: string;
  /** Answer to "is this the number to use?" if a channel already knows it. */
  confirmNumber: string;
  time: string;
  safeToText: string;
  safeToLeaveMessage: string;
  childName: string;
  yearGroup: string;
  topic: string;
  words: string;
  /** "On a scale of 0 to 10, how are things at home at the moment?" */
  wellbeing: string;
}

export const SAMPLE_REFERRAL: ReferralAnswers = {
  school: 'Oakfield Primary School',
  name: 'Sam Sample',
  contactMethod: 'Phone call',
  phone: '07700 900123',
  confirmNumber: 'Yes',
  time: 'Afternoon',
  safeToText: 'Yes',
  safeToLeaveMessage: 'No',
  childName: 'Alex',
  yearGroup: 'Year 3',
  topic: 'Routines and sleep',
  words: 'Bedtime is a battle every night and he is tired at school.',
  wellbeing: '6',
};

/** The one question for texts and voicemail, answered from the two answers. */
function textOrVoicemail(answers: ReferralAnswers): string {
  const text = /^y/i.test(answers.safeToText);
  const voicemail = /^y/i.test(answers.safeToLeaveMessage);
  if (text && voicemail) return 'Texts and voicemail';
  if (text) return 'Texts only';
  return voicemail ? 'Voicemail only' : 'Neither';
}

/** Which answer a question asks for: the first rule whose pattern the bot's last message matches. */
const RULES: Array<[RegExp, keyof ReferralAnswers | 'agree' | 'send' | 'textOrVoicemail']> = [
  [/Is this right\?/, 'send'],
  // By SMS with a public address, the short notice asks "Do you agree? Reply YES or NO, ...".
  [/Do you agree( to this)?\?/, 'agree'],
  [/Which school/, 'school'],
  [/What is your name\?/, 'name'],
  // By SMS the contact question also names the number texting from.
  [/How (would you like|should) the PSW (to )?contact you/, 'contactMethod'],
  [/safe for us to text you, or to leave you a voicemail/, 'textOrVoicemail'],
  [/scale of 0 to 10/, 'wellbeing'],
  [/(this|that) number|same number|number you are texting/i, 'confirmNumber'],
  [/What phone number/, 'phone'],
  [/best time to contact you/, 'time'],
  [/safe for us to send you a text/, 'safeToText'],
  [/safe for us to leave you a voicemail/, 'safeToLeaveMessage'],
  [/your child's first name/, 'childName'],
  [/Which year is your child in\?/, 'yearGroup'],
  [/What would you like help with\?/, 'topic'],
  [/In your own words/, 'words'],
];

/** Whether a reply is where a turn of the referral ends: a question makeReferral answers, or the reference. */
export function endsReferralTurn(reply: string): boolean {
  return /Your reference is/.test(reply) || RULES.some(([pattern]) => pattern.test(reply));
}

export interface MadeReferral {
  reference: string;
  /** Every message of the conversation, "parent: ..." and "bot: ...", for failure messages. */
  transcript: string[];
}

/**
 * `say` sends one message as the parent and resolves with the bot's replies to it. Starts from
 * wherever the conversation is by asking for a PSW to contact them.
 */
export async function makeReferral(
  say: (text: string) => Promise<string[]>,
  answers: Partial<ReferralAnswers> = {},
): Promise<MadeReferral> {
  const all = { ...SAMPLE_REFERRAL, ...answers };
  const given = {
    ...all,
    agree: 'Yes, I agree',
    send: 'Yes, send it',
    textOrVoicemail: textOrVoicemail(all),
  };
  const transcript: string[] = [];
  let message = 'Ask a PSW to contact me';
  for (let turn = 0; turn < 30; turn++) {
    transcript.push(`parent: ${message}`);
    const replies = await say(message);
    transcript.push(...replies.map((r) => `bot: ${r}`));
    const all = replies.join('\n');
    const reference = /Your reference is ([2-9A-Z]{3}-[2-9A-Z]{3})/.exec(all)?.[1];
    if (reference) return { reference, transcript };
    const last = replies.at(-1) ?? '';
    const rule = RULES.find(([pattern]) => pattern.test(last));
    if (!rule)
      throw new Error(`No answer for the bot's question. The conversation:\n${transcript.join('\n')}`);
    message = given[rule[1]];
  }
  throw new Error(`The referral did not finish. The conversation:\n${transcript.join('\n')}`);
}
