import { cp, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { ContentError, loadContent, reportContentReviews, type Content } from '../../src/content/loadContent';
import { parentFacingTexts } from '../../src/content/parentFacingTexts';
import { readability } from '../../src/content/readability';
import { CONTENT_DIR } from '../../src/config/paths';
import { captureLogger } from '../support/logger';
import { makeTempDir } from '../support/tempDir';

/** Copies the real content to a temp dir, lets the test change one file, and loads it. */
async function loadWith(file: string, change: (json: Record<string, unknown>) => void): Promise<unknown> {
  const temp = await makeTempDir('psa-content-');
  try {
    await cp(CONTENT_DIR, temp.dir, { recursive: true });
    const target = path.join(temp.dir, file);
    const json = JSON.parse(await readFile(target, 'utf8')) as Record<string, unknown>;
    change(json);
    await writeFile(target, JSON.stringify(json));
    return await loadContent(temp.dir).then(
      () => undefined,
      (err: unknown) => err,
    );
  } finally {
    await temp.remove();
  }
}

type Json = Record<string, unknown> & { [key: string]: unknown };
const list = (json: Json, key: string) => json[key] as Json[];

describe('content loading', () => {
  let content: Content;
  beforeAll(async () => {
    content = await loadContent(CONTENT_DIR);
  });

  it("loads the repository's content", () => {
    expect(content.faqs.length).toBeGreaterThanOrEqual(10);
    expect(content.agencies.length).toBeGreaterThanOrEqual(20);
    expect(content.topics.filter((t) => t.referral).map((t) => t.id)).toEqual([
      'attendance',
      'behaviour',
      'routines_sleep',
      'worry_low_mood',
      'family_changes',
      'money_housing',
      'send',
      'something_else',
    ]);
  });

  it('fills agency numbers into the copy and the FAQ answers', () => {
    const { help } = content.copy.safeguarding;
    expect(help.child).toContain('0808 800 5000');
    expect(help.crisis).toContain('116 123');
    expect(help.crisis).toContain('SHOUT to 85258');
    expect(help.domesticAbuse).toContain('0808 2000 247');
    expect(content.faqs.find((f) => f.id === 'emergency')?.answer).toContain('0808 800 5000');
    expect(JSON.stringify(content)).not.toMatch(/\{(phone|text):/);
  });

  it('shows a phone or text number only for agencies the research marks confidence A', () => {
    for (const agency of content.agencies) {
      if (agency.phone || agency.text) expect(agency.confidence).toBe('A');
      if (agency.confidence !== 'A') expect(agency.needsReview).toBe(true);
      expect(agency.source.length).toBeGreaterThan(0);
      expect(agency.lastReviewed).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    }
  });

  it('says "within child protection guidelines" whenever it says confidential', () => {
    const texts = [
      ...content.faqs.flatMap((f) => [f.answer, f.smsAnswer]),
      ...content.privacy.summary,
      ...Object.values(content.copy).flatMap((v) => (typeof v === 'string' ? [v] : [])),
    ];
    for (const t of texts.filter((t) => /confidential/i.test(t))) {
      expect(t).toMatch(/within child protection guidelines/i);
    }
  });

  it('stops on a bad file, naming the file and the field', async () => {
    const err = await loadWith('faq.json', (json) => {
      delete list(json, 'faqs')[2]!.answer;
    });
    expect(err).toBeInstanceOf(ContentError);
    expect((err as ContentError).file).toBe('faq.json');
    expect((err as ContentError).problems.join()).toMatch(/^faqs\.2\.answer: /);
  });

  it('stops when a file is not JSON', async () => {
    const temp = await makeTempDir('psa-content-');
    try {
      await cp(CONTENT_DIR, temp.dir, { recursive: true });
      await writeFile(path.join(temp.dir, 'topics.json'), '{ "topics": [ ');
      const err = await loadContent(temp.dir).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ContentError);
      expect((err as ContentError).file).toBe('topics.json');
    } finally {
      await temp.remove();
    }
  });

  it.each<[string, string, (json: Json) => void, RegExp]>([
    [
      'an agency number the research did not confirm',
      'agencies.json',
      (json) => {
        const familyLives = list(json, 'agencies').find((a) => a.id === 'family-lives')!;
        familyLives.phone = '0808 800 2222';
      },
      /agencies\.\d+\.phone: only numbers the research marks confidence A/,
    ],
    [
      'a phone number typed into an FAQ answer',
      'faq.json',
      (json) => {
        list(json, 'faqs')[0]!.answer = 'Call us on 0151 000 0000.';
      },
      /faqs\.0\.answer: contains the number "0151 000 0000"/,
    ],
    [
      'a placeholder naming an unknown agency',
      'copy.json',
      (json) => {
        (json.person as Json).emergencyNumbers = 'Call {phone:no-such-agency}.';
      },
      /person\.emergencyNumbers: \{phone:no-such-agency\}: no agency "no-such-agency"/,
    ],
    [
      'a misspelt template placeholder',
      'copy.json',
      (json) => {
        (json.referral as Json).submitted = 'Your reference is {refrence}.';
      },
      /referral\.submitted: unknown placeholder \{refrence\}/,
    ],
    [
      'an emergency message without 999',
      'copy.json',
      (json) => {
        (json.safeguarding as Json).emergency = ['Call {frontDoor.phone}.'];
      },
      /safeguarding\.emergency: must tell the parent to call 999/,
    ],
    [
      'a web chat safety line without 999',
      'copy.json',
      (json) => {
        (json.webchat as Json).safety = 'This chat is not an emergency service.';
      },
      /webchat\.safety: must tell the parent to call 999/,
    ],
    [
      'an agency with an unknown topic',
      'agencies.json',
      (json) => {
        list(json, 'agencies')[0]!.topics = ['knitting'];
      },
      /agencies\.0\.topics\.0: unknown topic "knitting"/,
    ],
    [
      'an FAQ the language model was not trained for',
      'faq.json',
      (json) => {
        list(json, 'faqs').push({
          id: 'parking',
          question: 'Where do I park?',
          answer: 'Anywhere.',
          smsAnswer: 'Anywhere.',
        });
      },
      /faqs\.15\.id: no utterances for intent "faq\.parking"/,
    ],
    [
      'an intent the dialogs do not know',
      path.join('nlu', 'utterances.json'),
      (json) => {
        list(json, 'intents').push({ intent: 'faq.parking', utterances: ['a', 'b', 'c', 'd', 'e'] });
      },
      /intents\.\d+\.intent: "faq\.parking" is not an FAQ/,
    ],
    [
      'an SMS answer with curly quotes',
      'faq.json',
      (json) => {
        list(json, 'faqs')[1]!.smsAnswer = 'It’s free.';
      },
      /faqs\.1\.smsAnswer: plain characters only/,
    ],
  ])('stops on %s', async (_what, file, change, expected) => {
    const err = await loadWith(file, change);
    expect(err).toBeInstanceOf(ContentError);
    expect((err as ContentError).file).toBe(file);
    expect((err as ContentError).problems.join('\n')).toMatch(expected);
  });

  it('reports agencies past their review date, and those marked for review, through the logger', () => {
    const { logger, lines } = captureLogger();
    const stale: Content = {
      ...content,
      agencies: content.agencies.map((a) => (a.id === 'samaritans' ? { ...a, reviewBy: '2026-01-01' } : a)),
    };
    const report = reportContentReviews(stale, logger, new Date('2026-11-23T09:00:00Z'));
    expect(report.overdue).toEqual(['samaritans']);
    const logged = lines().map((l) => JSON.parse(l) as { level: string; msg: string; agency?: string });
    expect(logged).toContainEqual(
      expect.objectContaining({
        level: 'warn',
        agency: 'samaritans',
        msg: expect.stringMatching(/past its review date/) as unknown,
      }),
    );
    expect(report.marked).toContain('family-lives');
  });
});

describe('plain English', () => {
  let content: Content;
  beforeAll(async () => {
    content = await loadContent(CONTENT_DIR);
  });

  it('keeps every sentence a parent reads to 20 words or fewer, at about a reading age of 9 to 11', () => {
    for (const [file, texts] of Object.entries(parentFacingTexts(content))) {
      const measured = readability(texts);
      expect({ file, long: measured.longSentences }).toEqual({ file, long: [] });
      expect(measured.fleschKincaidGrade).toBeLessThanOrEqual(6);
    }
  });

  it('uses only plain characters, so no text message falls out of the GSM alphabet', () => {
    for (const [file, texts] of Object.entries(parentFacingTexts(content))) {
      const odd = texts.filter((t) => !/^[\x20-\x7e\n]*$/.test(t));
      expect({ file, odd }).toEqual({ file, odd: [] });
    }
  });

  it('spells out "Parent Support Worker (PSW)" in the first message, by SMS too', () => {
    expect(content.copy.welcome[0]).toContain('Parent Support Worker (PSW)');
    expect(content.sms.welcome).toContain('Parent Support Worker (PSW)');
  });
});
