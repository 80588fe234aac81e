import { detectRisk, normaliseForRisk, type RiskCategory } from '../../src/safeguarding/riskDetector';

/** Messages that must get the emergency reply. Misspellings and text-speak on purpose. */
const RISK: Array<[message: string, category: RiskCategory]> = [
  // Suicide (the writer or a child) and self-harm
  ['I want to kill myself', 'parent_suicidal'],
  ['i wanna die', 'parent_suicidal'],
  ['i want 2 die', 'parent_suicidal'],
  ['kms', 'parent_suicidal'],
  ['I feel sucidal', 'parent_suicidal'],
  ['my son said he feels suicidle', 'child_suicidal'],
  ['she talks about suicde all the time', 'child_suicidal'],
  ['i dont want to be here anymore', 'parent_suicidal'],
  ["I don't want to live any more", 'parent_suicidal'],
  ['my daughter is self harming', 'child_self_harm'],
  ['she selfharms', 'child_self_harm'],
  ['he has been cutting himself', 'child_self_harm'],
  ['found cuts, shes been cuttin her arms', 'child_self_harm'],
  ['she took an overdose last night', 'child_suicidal'],
  ['he has taken loads of tablets', 'child_suicidal'],
  ['everyone would be better off without me', 'parent_suicidal'],
  ["I'm going to end it all tonight", 'parent_suicidal'],
  ['i cant go on anymore', 'parent_suicidal'],
  ['my boy says he wants to unalive himself', 'child_suicidal'],
  ['thinking of jumping off the bridge', 'parent_suicidal'],
  ['he tried to hang himself', 'child_suicidal'],
  ['i wish i was dead', 'parent_suicidal'],
  ['no point in living', 'parent_suicidal'],
  ['he said he would take his own life', 'child_suicidal'],
  ['she hurts herself when she is upset', 'child_self_harm'],
  // Violence and abuse
  ['he hit me', 'physical_abuse'],
  ['my dad beats me', 'physical_abuse'],
  ['he punched my son in the face', 'physical_abuse'],
  ['she slapped him so hard he has a mark', 'physical_abuse'],
  ['he threatened to kill us', 'physical_abuse'],
  ["he's got a knife", 'physical_abuse'],
  ['he is waving a knife about', 'physical_abuse'],
  ['i am scared to go home', 'physical_abuse'],
  ['my child is not safe at home', 'physical_abuse'],
  ['i dont feel safe', 'physical_abuse'],
  ['he strangled me last week', 'physical_abuse'],
  ['she is terrified of her stepdad', 'physical_abuse'],
  ['he is trying to break in', 'physical_abuse'],
  ['my son is being abused', 'physical_abuse'],
  ['i think my neighbours kids are being neglected', 'neglect'],
  ['child abuse', 'physical_abuse'],
  ['he is abusive to the kids', 'physical_abuse'],
  // Domestic abuse by a partner
  ['my partner hits me', 'domestic_abuse'],
  ['my husband hit me again last night', 'domestic_abuse'],
  ['my bf beat me up', 'domestic_abuse'],
  ['my ex keeps threatening me', 'domestic_abuse'],
  ['my hubby is violent when he drinks', 'domestic_abuse'],
  ["I'm scared of my husband", 'domestic_abuse'],
  ['domestic violence', 'domestic_abuse'],
  ['i am in an abusive relationship', 'domestic_abuse'],
  ['my boyfriend choked me', 'domestic_abuse'],
  ['my partner wont let me see my friends or have money', 'domestic_abuse'],
  // Sexual abuse
  ['my daughter was raped', 'sexual_abuse'],
  ['he touched her inappropriately', 'sexual_abuse'],
  ['my son was sexually abused', 'sexual_abuse'],
  ['a man online is asking her for pictures', 'online_grooming_sextortion'],
  ['someone sent my son nudes', 'sexual_abuse'],
  ['i think she is being groomed', 'sexual_abuse'],
  ['my uncle molested me', 'sexual_abuse'],
  ['a man has touched my daughter', 'sexual_abuse'],
  ['he makes her touch him', 'sexual_abuse'],
  ['she is 13 and having sex with a 20 year old man. sex with a child', 'sexual_abuse'],
  // Missing child
  ['my son is missing', 'missing_child'],
  ['my daughter has gone missing', 'missing_child'],
  ["she hasn't come home since yesterday", 'missing_child'],
  ['he didnt come home last night', 'missing_child'],
  ['my 12 year old has run away', 'missing_child'],
  ['i cant find my son anywhere', 'missing_child'],
  ['i dont know where my daughter is', 'missing_child'],
  ['my ex has kidnapped the kids', 'missing_child'],
  ['my son has been missin since friday', 'missing_child'],
  // Exploitation
  ['i think hes involved in county lines', 'criminal_exploitation'],
  ['older lads are giving him money and trainers', 'criminal_exploitation'],
  ['he is selling drugs for a gang', 'criminal_exploitation'],
  ['he owes money to a dealer', 'criminal_exploitation'],
  ['they are exploiting my son', 'criminal_exploitation'],
  ['my daughter is being blackmailed over photos', 'criminal_exploitation'],
  // A parent afraid they will harm their child
  ["I'm scared I'll hurt him", 'parent_fear_harming_child'],
  ['i am afraid i might hurt my baby', 'parent_fear_harming_child'],
  ['i feel like i could kill him', 'parent_fear_harming_child'],
  ['i lost my temper and hit him', 'parent_fear_harming_child'],
  ['I slapped my son', 'parent_fear_harming_child'],
  ['i cant stop myself from hitting her', 'parent_fear_harming_child'],
  ['im worried i will shake the baby', 'parent_fear_harming_child'],
  // Danger now
  ['we are in danger', 'immediate_danger'],
  ['my childs life is in danger', 'immediate_danger'],
  // Leetspeak and letters held down
  ['i want to k1ll myself', 'parent_suicidal'],
  ['he hurrrrt me', 'physical_abuse'],
];

/** Everyday things parents say that must NOT get the emergency reply. */
const NEAR_MISSES: string[] = [
  "He's killing it at football",
  'the homework is killing me',
  'my feet are killing me',
  'this traffic is killing me',
  'she killed it in her exams',
  "I'm dying to know what the PSW thinks",
  'the cake was to die for',
  "I'm bored to death of the school run",
  'my phone died so I missed your call',
  'my battery is dead',
  'shoot me an email with the details',
  'hit me up when you are free',
  'it hit me that he is growing up fast',
  'he beat me at chess again',
  'she beat him to it',
  'he keeps missing school',
  'she is missing her dad since he moved out',
  'he missed the bus this morning',
  'his PE kit has gone missing again',
  'my keys have gone missing',
  'he is in danger of failing maths',
  'I could murder a cup of tea',
  'we are grooming the dog on Saturday',
  'he shot a goal at the weekend',
  'he kicked off at school today',
  'she hit her head on the table',
  'he hurt his knee playing football',
  "I don't want to hurt her feelings",
  'is it confidential?',
  'is this an emergency service?',
  'no, it is not safe to text me',
  'it is safe to leave a message',
  'please do not text, it is not safe to text',
  'he is scared of the dark',
  'she is scared of her teacher',
  'my son is scared of dogs',
  'I cut his hair at the weekend',
  'we got a knife block for christmas',
  'she cut her finger on a knife',
  "I can't go on the school trip",
  'I want a PSW to call me',
  'my son will not go to bed',
  'he is struggling with his behaviour',
  'she worries a lot about tests',
  'we have money worries',
  'my daughter has special educational needs',
  'my husband and I split up',
  'he gets angry when I take his phone away',
  'she is really low and tired',
  'he is dead tired after swimming',
  'my son has stopped eating breakfast',
  'she cries before school',
  'her grandad died last year',
  'he is obsessed with knives in his cooking class',
  'we had a fight about homework',
  'the drug abuse programme at school',
  'my partner works nights',
  'my ex picks the kids up on Fridays',
  'my son is missing out on trips because of money',
  'i am missing home',
  '2',
  'yes',
  'talk to a person',
  'Ask a PSW to contact me',
];

describe('risk detector', () => {
  it.each(RISK)('flags "%s" (%s)', (message, category) => {
    const result = detectRisk(message);
    expect(result.atRisk).toBe(true);
    expect(result.categories).toContain(category);
  });

  it.each(NEAR_MISSES.map((m) => [m]))('does not flag the everyday phrase "%s"', (message) => {
    expect(detectRisk(message)).toEqual({ atRisk: false, categories: [], evidence: [] });
  });

  it('has at least 50 risk phrasings and 50 near-misses', () => {
    expect(RISK.length).toBeGreaterThanOrEqual(50);
    expect(NEAR_MISSES.length).toBeGreaterThanOrEqual(50);
  });

  it('reads text-speak, curly apostrophes and one-letter typos', () => {
    expect(normaliseForRisk('U r gonna hurt ur self')).toBe('you are going to hurt your self');
    expect(normaliseForRisk('I’m scared')).toBe('i am scared');
    expect(normaliseForRisk('suicdie')).toBe('suicide');
  });

  it('names abuse by a partner as domestic abuse, and not other violence', () => {
    expect(detectRisk('my partner hit me').categories).toContain('domestic_abuse');
    expect(detectRisk('a boy at school hit him').categories).not.toContain('domestic_abuse');
  });
});
