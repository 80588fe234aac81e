/**
 * What conversations cost by SMS: the texts and segments the service sends (what Twilio bills)
 * for whole conversations with the real bot, over signed webhooks to a local fake Twilio.
 * Counts, not timings; they change when content/ changes. The privacy notice's data controller is
 * filled in with a fictional council (FICTIONAL_CONTROLLER), as a service must before going live:
 * the repository's "[to be filled in ...]" placeholders are longer than a real name.
 *
 *   npx tsx benchmarks/smsCost.ts [--show]   (--show prints every text)
 */
import { SegmentedMessage } from 'sms-segments-calculator';
import { contentWithController } from '../test/support/content';
import { startFakeTwilio } from '../test/support/fakeTwilio';
import { smsParent, twilioEnv } from '../test/support/smsParent';
import { startTestApp } from '../test/support/testApp';

/** Monday 23 November 2026, 10:00 UK time: in term and in the demo schools' PSW hours. */
const IN_HOURS = new Date('2026-11-23T10:00:00Z');
const show = process.argv.includes('--show');

/** Issue 11's budget: a whole self-referral in at most this many texts from the service. */
const REFERRAL_TEXT_BUDGET = 12;

/** Oakfield Primary's own number (content/schools.json smsNumbers): the school is known. */
const OAKFIELD_NUMBER = '+447700900011';

interface Conversation {
  script: string[];
  /** The number texted (default: the service's number, school not known). */
  to?: string;
}

const CONVERSATIONS: Record<string, Conversation | string[]> = {
  "self-referral to a school's number, the problem told first, in own words": {
    to: OAKFIELD_NUMBER,
    script: [
      "my son won't go to school, I don't know what to do anymore",
      'yes',
      'I agree',
      'Sam Sample',
      'text me, not before 10 as im doing the school run',
      'Jo, year 3',
      'about a 4',
      'send it',
      'no thanks',
    ],
  },
  "self-referral to a school's number, 'yes' to a PSW, phone call, every question answered": {
    to: OAKFIELD_NUMBER,
    script: [
      'Hello',
      'yes',
      'yes',
      'Sam Sample',
      'phone, after 3',
      'texts only',
      'Jo, year 2',
      'Bedtime takes hours and mornings are a battle.',
      '6',
      'send it',
    ],
  },
  'self-referral: phone call, own number, every question answered': [
    'Hello',
    'yes',
    'yes',
    '1',
    'Sam Sample',
    'Phone call',
    'afternoon',
    '2',
    'Jo, Year 2',
    'Bedtime takes hours and mornings are a battle.',
    '7 - getting better',
    '1',
  ],
  'self-referral: text message, own number, optional questions skipped': [
    'Hello',
    'yes',
    'yes',
    '1',
    'Sam Sample',
    'Text message',
    '1',
    'skip',
    'He will not go to school.',
    'skip',
    '1',
  ],
  // From the list: the first text asks "Want a PSW to contact you?", so the parent texts MENU.
  'a question about the service (from the list)': ['Hello', 'menu', '2', '3'],
  'find other help: money or housing': ['Hello', 'menu', '3', '6', '2'],
  'talk to a person (in hours)': ['Hello', 'menu', '4', '1', '1'],
  'a risk message as the first text': ['my partner hits me'],
  'HELP, then STOP': ['Hello', 'HELP', 'STOP'],
};

async function main(): Promise<void> {
  const fake = await startFakeTwilio();
  const content = await contentWithController();
  const app = await startTestApp(twilioEnv(fake), { now: () => IN_HOURS, contentDir: content.dir });
  try {
    console.log('conversation'.padEnd(90), 'turns  texts  segments  most segments in a text');
    const overBudget: string[] = [];
    let n = 0;
    for (const [name, conversation] of Object.entries(CONVERSATIONS)) {
      const { script, to } = Array.isArray(conversation)
        ? { script: conversation, to: undefined }
        : conversation;
      const parent = smsParent({
        app: app.app,
        url: app.url,
        twilio: fake,
        from: `+447700900${String(200 + n++).padStart(3, '0')}`,
        ...(to ? { to } : {}),
      });
      let texts = 0;
      let segments = 0;
      let most = 0;
      for (const said of script) {
        const replies = await parent.text(said);
        if (show) console.log(`\n> ${said}`);
        for (const body of replies) {
          const message = new SegmentedMessage(body);
          if (message.encodingName !== 'GSM-7') throw new Error(`Not GSM-7: ${body}`);
          texts++;
          segments += message.segmentsCount;
          most = Math.max(most, message.segmentsCount);
          if (show) console.log(`[${message.segmentsCount}] ${body.replace(/\n/g, '\n    ')}`);
        }
      }
      console.log(
        name.padEnd(90),
        String(script.length).padStart(5),
        String(texts).padStart(6),
        String(segments).padStart(9),
        String(most).padStart(10),
      );
      if (name.startsWith('self-referral') && texts > REFERRAL_TEXT_BUDGET)
        overBudget.push(`${name} (${texts})`);
    }
    // Issue 11's "done when": a route over the budget fails the run.
    if (overBudget.length > 0) process.exitCode = 1;
    console.log(
      overBudget.length === 0
        ? `\nEvery self-referral within ${REFERRAL_TEXT_BUDGET} texts.`
        : `\nOver the ${REFERRAL_TEXT_BUDGET}-text budget (see docs/sms.md): ${overBudget.join('; ')}`,
    );
  } finally {
    await app.dispose();
    await fake.close();
    await content.remove();
  }
}

void main();
