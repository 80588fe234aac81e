import { cp, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { RiskDetector } from '../../src/safeguarding/riskReaders';
import { detectRisk } from '../../src/safeguarding/riskDetector';
import { loadRuleSet, removeIdioms, SAFEGUARDING_CONTENT_DIR } from '../../src/safeguarding/riskRules';
import { everydayMessages } from '../../scripts/safeguarding/trainingSet';
import { makeTempDir } from '../support/tempDir';

/** The rules alone (no model), as a safeguarding lead reviews them. */
const ruleSet = loadRuleSet(SAFEGUARDING_CONTENT_DIR);
const rulesOnly = new RiskDetector(ruleSet, undefined);

describe('the rules in content/safeguarding/rules/', () => {
  const examples = ruleSet.rules.flatMap((rule) =>
    rule.examples.map((example) => [rule.id, example, rule] as const),
  );

  it.each(examples)('%s catches its example "%s"', (_id, example, rule) => {
    const found = rulesOnly.byRules(example);
    expect(found.ruleIds).toContain(rule.id);
    expect(found.categories.some((c) => c === rule.category || c === rule.ifAboutChild)).toBe(true);
  });

  // The model's rule floor never quiets what a safeguarding lead wrote a rule for.
  it.each(examples)('%s: the whole check raises the alarm on its example "%s"', (_id, example) => {
    expect(detectRisk(example).atRisk).toBe(true);
  });

  it.each(ruleSet.idioms.flatMap((i) => i.examples.map((e) => [i.id, e, i] as const)))(
    'idiom %s is removed from "%s" and the rules stay quiet',
    (_id, example, idiom) => {
      const normalised = rulesOnly.normalise(example);
      expect(removeIdioms(normalised, [idiom])).not.toBe(normalised);
      expect(rulesOnly.byRules(example).categories).toEqual([]);
    },
  );

  it.each(ruleSet.contexts.flatMap((c) => c.examples.map((e) => [c.id, e, c] as const)))(
    'context %s matches "%s" and the rules stay quiet',
    (_id, example, context) => {
      expect(context.regex.test(rulesOnly.normalise(example))).toBe(true);
      expect(rulesOnly.byRules(example).categories).toEqual([]);
    },
  );

  it.each(everydayMessages().map((m) => [m]))(
    'the whole check stays quiet on the everyday message "%s"',
    (m) => {
      expect(detectRisk(m)).toEqual({ atRisk: false, categories: [], evidence: [] });
    },
  );

  it('tells the writer from a child for suicide', () => {
    expect(rulesOnly.byRules('I feel suicidal').categories).toEqual(['parent_suicidal']);
    expect(rulesOnly.byRules('I am worried my son is suicidal').categories).toEqual(['child_suicidal']);
  });
});

describe('reading each sentence of a long message', () => {
  it('finds a disclosure in the middle of an ordinary question and gives that sentence as evidence', () => {
    const message =
      'Hi, can I ask about the school trip on Friday? My partner hit my son last night and he has a bruise. Also what time is pick-up?';
    const result = detectRisk(message);
    expect(result.atRisk).toBe(true);
    expect(result.categories).toEqual(expect.arrayContaining(['physical_abuse', 'domestic_abuse']));
    expect(result.evidence).toEqual(['My partner hit my son last night and he has a bruise.']);
  });

  it('does not raise the alarm on a resolved past event told before an ordinary question', () => {
    const message =
      'Years ago my ex used to hit me but that is all in the past. Now I just want help with my son not sleeping.';
    expect(rulesOnly.byRules(message).categories).toEqual([]);
  });

  it('still raises the alarm when the name of a harm is not about a lesson or a book', () => {
    expect(
      rulesOnly.byRules('I think my daughter had FGM when she stayed with her gran').categories,
    ).toContain('fgm');
    expect(rulesOnly.byRules('Her PSHE homework is about FGM and the law').categories).toEqual([]);
  });
});

describe('wordings from issue 17 that the old check missed', () => {
  // Written for this test, not taken from the blind corpus.
  const cases: Array<[string, string]> = [
    ['my little one said grandad puts his hand in her pants when she sits on his knee', 'sexual_abuse'],
    ['she came back from her dads with a black eye and wont say how she got it', 'physical_abuse'],
    ['the kids upstairs have been left on their own for two days and the baby keeps crying', 'neglect'],
    ['honestly the kids would have a better life without me', 'parent_suicidal'],
    ['my 14 year old has a new boyfriend who is 23 and buys her vodka', 'child_sexual_exploitation'],
    ['he says if i leave he will take the kids and i will never see them again', 'domestic_abuse'],
    ['my mother in law says my daughter will be made clean when we go back home this summer', 'fgm'],
    ['he has been watching videos that say immigrants are invaders and need to be stopped', 'radicalisation'],
  ];
  it.each(cases)('"%s" (%s)', (message, category) => {
    expect(detectRisk(message).categories).toContain(category);
  });
});

describe('the second opinion (model)', () => {
  it('catches text-speak that no rule matches, with the sentence as evidence', () => {
    const message = 'he keeps coming in2 my room at nite n i dont like wot he does';
    expect(rulesOnly.byRules(message).categories).toEqual([]);
    const result = detectRisk(message);
    expect(result.atRisk).toBe(true);
    expect(result.evidence).toEqual([message]);
  });
});

describe('loading content/safeguarding/', () => {
  async function loadWith(
    file: string,
    change: (json: { [key: string]: unknown }) => void,
  ): Promise<unknown> {
    const temp = await makeTempDir('psa-safeguarding-');
    try {
      await cp(SAFEGUARDING_CONTENT_DIR, temp.dir, { recursive: true });
      const target = path.join(temp.dir, file);
      const json = JSON.parse(await readFile(target, 'utf8')) as { [key: string]: unknown };
      change(json);
      await writeFile(target, JSON.stringify(json));
      try {
        loadRuleSet(temp.dir);
        return undefined;
      } catch (err) {
        return err;
      }
    } finally {
      await temp.remove();
    }
  }
  type Rule = { [key: string]: unknown };
  const SUICIDAL = path.join('rules', 'parent-suicidal.json');
  const firstRule = (json: { [key: string]: unknown }) => (json.rules as Rule[])[0]!;

  it('stops on an unknown category, naming the file and the field', async () => {
    const err = await loadWith(SUICIDAL, (json) => (firstRule(json).category = 'sadness'));
    expect(String(err)).toMatch(/parent-suicidal\.json: rules\.0\.category/);
    const moved = await loadWith(SUICIDAL, (json) => (firstRule(json).category = 'neglect'));
    expect(String(moved)).toMatch(/parent-suicidal\.json: rule suicide-word is not parent_suicidal/);
  });

  it('stops on a broken pattern or an unknown group, naming the rule', async () => {
    expect(String(await loadWith(SUICIDAL, (json) => (firstRule(json).pattern = '(unclosed')))).toMatch(
      /rules suicide-word/,
    );
    expect(String(await loadWith(SUICIDAL, (json) => (firstRule(json).pattern = '{NOBODY} hit')))).toMatch(
      /unknown group \{NOBODY\}/,
    );
  });

  it('stops on a rule without examples and on an id used twice', async () => {
    expect(String(await loadWith(SUICIDAL, (json) => (firstRule(json).examples = [])))).toMatch(/examples/);
    const twice = await loadWith(SUICIDAL, (json) => {
      const rules = json.rules as Rule[];
      rules[1]!.id = rules[0]!.id;
    });
    expect(String(twice)).toMatch(/suicide-word is used twice/);
  });
});
