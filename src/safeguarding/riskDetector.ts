/**
 * The offline risk detector. It reads a parent's message and says whether it suggests someone is
 * at immediate risk: violence, abuse by a partner, sexual abuse, self-harm or suicide, a missing
 * child, exploitation, a parent afraid they will harm a child, or danger right now.
 *
 * It is plain pattern matching over a normalised copy of the message: no network, no model, the
 * same answer every time. It errs on the side of caution (a false alarm costs a parent one
 * extra message; a miss could cost a child's safety), but it knows everyday idioms such as
 * "he's killing it at football" or "the homework is killing me". Every rule is covered by
 * test/safeguarding/riskDetector.test.ts (risk phrasings and near-misses).
 */

import { RISK_CATEGORIES, type RiskAssessment, type RiskCategory } from './riskCategories';

export type { RiskAssessment, RiskCategory } from './riskCategories';

// ---- Normalisation ---------------------------------------------------------------------------

/** Text-speak and contractions (after apostrophes are removed), word by word. */
const WORD_MAP: Record<string, string> = {
  u: 'you',
  ur: 'your',
  r: 'are',
  '2': 'to',
  '4': 'for',
  b4: 'before',
  wanna: 'want to',
  wana: 'want to',
  gonna: 'going to',
  gunna: 'going to',
  gna: 'going to',
  gon: 'going to',
  tryna: 'trying to',
  bf: 'boyfriend',
  gf: 'girlfriend',
  hubby: 'husband',
  hubbie: 'husband',
  fella: 'partner',
  ex: 'ex partner',
  im: 'i am',
  ive: 'i have',
  ill: 'i will',
  id: 'i would',
  hes: 'he is',
  shes: 'she is',
  theyre: 'they are',
  isnt: 'is not',
  arent: 'are not',
  wasnt: 'was not',
  dont: 'do not',
  doesnt: 'does not',
  didnt: 'did not',
  cant: 'can not',
  cannot: 'can not',
  wont: 'will not',
  hasnt: 'has not',
  havent: 'have not',
  aint: 'is not',
  pls: 'please',
  plz: 'please',
  kms: 'kill myself',
  kys: 'kill yourself',
  unalive: 'kill',
  unalived: 'killed',
  unaliving: 'killing',
  sewerslide: 'suicide',
  selfharm: 'self harm',
  selfharming: 'self harming',
  selfharms: 'self harms',
  od: 'overdose',
  oding: 'overdosing',
  ovrdose: 'overdose',
  overdos: 'overdose',
  overdoze: 'overdose',
  // Misspellings seen in real messages.
  sucide: 'suicide',
  suicde: 'suicide',
  suiside: 'suicide',
  suicid: 'suicide',
  suiscide: 'suicide',
  suacide: 'suicide',
  sucicide: 'suicide',
  siucide: 'suicide',
  suecide: 'suicide',
  sucidal: 'suicidal',
  suicdal: 'suicidal',
  suisidal: 'suicidal',
  sucidle: 'suicidal',
  suicidle: 'suicidal',
  kil: 'kill',
  kll: 'kill',
  killin: 'killing',
  hert: 'hurt',
  hurted: 'hurt',
  hurrt: 'hurt',
  hurtin: 'hurting',
  hitin: 'hitting',
  hittin: 'hitting',
  beatin: 'beating',
  punchin: 'punching',
  cuttin: 'cutting',
  touchin: 'touching',
  touchd: 'touched',
  groomin: 'grooming',
  abuce: 'physical_abuse',
  abuced: 'abused',
  abued: 'abused',
  abussed: 'abused',
  abbused: 'abused',
  abusin: 'abusing',
  abuseing: 'abusing',
  rapeing: 'raping',
  molestd: 'molested',
  molestid: 'molested',
  threatend: 'threatened',
  thretened: 'threatened',
  threatning: 'threatening',
  thretening: 'threatening',
  strangld: 'strangled',
  strangeled: 'strangled',
  chokd: 'choked',
  punchd: 'punched',
  slappd: 'slapped',
  smackd: 'smacked',
  missin: 'missing',
  misssing: 'missing',
  mising: 'missing',
  dissapeared: 'disappeared',
  disapeared: 'disappeared',
  dissappeared: 'disappeared',
  knifes: 'knives',
  paedo: 'paedophile',
  pedo: 'paedophile',
  peado: 'paedophile',
  nonce: 'paedophile',
};

/**
 * Long words that no everyday word is one letter away from: a single typo still counts.
 * (Not "overdose", which is one letter from "overdone"; not "abused", one from "amused".)
 */
const FUZZY_WORDS = [
  'suicide',
  'suicidal',
  'molested',
  'paedophile',
  'pedophile',
  'trafficked',
  'strangled',
  'strangling',
  'kidnapped',
  'threatened',
  'threatening',
];

function withinOneEdit(a: string, b: string): boolean {
  if (a === b) return true;
  if (Math.abs(a.length - b.length) > 1) return false;
  let i = 0;
  let j = 0;
  let edits = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      i++;
      j++;
      continue;
    }
    if (++edits > 1) return false;
    if (a.length > b.length) i++;
    else if (b.length > a.length) j++;
    else {
      // A swap of two neighbouring letters ("suicdie") counts as one edit.
      if (a[i + 1] === b[j] && a[i] === b[j + 1]) {
        i++;
        j++;
      }
      i++;
      j++;
    }
  }
  return edits + (a.length - i) + (b.length - j) <= 1;
}

function normaliseWord(word: string): string {
  let w = word;
  // Leetspeak inside words that also have letters: "k1ll", "su1cide", "r@pe".
  if (/[a-z]/.test(w) && /[013@$]/.test(w)) {
    w = w.replace(/1/g, 'i').replace(/3/g, 'e').replace(/0/g, 'o').replace(/@/g, 'a').replace(/\$/g, 's');
  }
  // "killlll" -> "kill", "hurrrrt" -> "hurrt".
  w = w.replace(/(.)\1{2,}/g, '$1$1');
  const mapped = WORD_MAP[w];
  if (mapped !== undefined) return mapped;
  if (w.length >= 7) {
    const near = FUZZY_WORDS.find((f) => withinOneEdit(w, f));
    if (near) return near;
  }
  return w;
}

/** Lower-case words separated by single spaces, text-speak expanded, common typos fixed. */
export function normaliseForRisk(text: string): string {
  const words = text
    .toLowerCase()
    .replace(/[\u2018\u2019\u02bc`´]/g, "'")
    .replace(/'/g, '')
    .replace(/[^a-z0-9@$]+/g, ' ')
    .trim()
    .split(' ')
    .filter((w) => w.length > 0)
    .map(normaliseWord);
  return words.join(' ');
}

// ---- Everyday idioms, removed before the rules run --------------------------------------------

const THINGS =
  '(?:homework|work|job|feet|foot|back|head|knees?|legs?|neck|hips?|teeth|tooth|this|that|it|traffic|heat|weather|commute|school run|noise|suspense|waiting|queue|wait|cost|costs|price|prices|bills?|rent|shift|shifts|exam|exams|revision|hangover|cold|flu|diet|gym|training|period|cramps|shoes|boots|hay fever|stairs|washing|ironing|paperwork|admin|term|week|day|heatwave)';

const LOST_THINGS =
  '(?:kit|keys?|phone|bag|coat|shoes?|jumper|cardigan|book|books|homework|lunchbox|lunch box|money|purse|wallet|remote|uniform|glasses|bike|letter|form|water bottle|bottle|trainers|blazer|tie|hat|gloves|scarf|charger|ipad|tablet|laptop|headphones|socks?|sock|pencil case|pen|ruler|library book|reading book|toy|teddy|card|ticket|passport|dinner money)';

const IDIOMS: RegExp[] = [
  // "he's killing it at football", "she killed it in her exams"
  /\b(?:killing|killed|kills|kill) it\b/g,
  // "the homework is killing me", "my feet are killing me"
  new RegExp(
    `\\b${THINGS} (?:is|are|was|were|has been|have been|keeps|keep|will be|is going to be) (?:literally |actually |really |absolutely |just )?(?:killing|kill) (?:me|us|him|her|them)\\b`,
    'g',
  ),
  /\b(?:dying|die) (?:to|for) (?:know|see|go|try|hear|get|have|meet|a|an|the|some)\b/g,
  /\bto die for\b/g,
  /\b(?:bored|scared|worried|tickled|sick) to death\b/g,
  /\b(?:kill|killing|killed) (?:time|the lights|two birds|the battery|the mood|the engine|the music)\b/g,
  /\b(?:battery|phone|laptop|tablet|car|ipad|charger|telly|tv) (?:is |has |was )?(?:dead|died)\b/g,
  /\bshoot (?:me|us|you) (?:an?|the) (?:email|message|text|line|note|call)\b/g,
  /\bhit (?:me|us|him|her) up\b/g,
  /\bit (?:hit|hits|has hit) (?:me|us|him|her)\b/g,
  /\b(?:beat|beats|beaten|beating) (?:me|us|him|her|them) (?:at|in|to|on)\b/g,
  /\b(?:missing|misses|miss|missed) (?:you|out|home|school|class|lessons?|the bus|his|her|their|my|our|the|a|an)\b/g,
  new RegExp(
    `\\b${LOST_THINGS} (?:\\w+ )?(?:has|have|had|keeps?|is|are|was|were) (?:gone|been|going|went|always going) missing\\b`,
    'g',
  ),
  /\b(?:in danger|danger) of (?:failing|missing|falling behind|being late|losing|getting|running|not)\b/g,
  /\b(?:i|we) could (?:murder|kill) (?:a|an|some) (?:cup|brew|pint|drink|coffee|tea|pizza|burger|sandwich|curry)\b/g,
  /\b(?:dog|cat|pet|horse|puppy|pony) (?:grooming|groomer|groomers|groomed)\b/g,
  /\bgroom(?:ing|ed|s)? (?:the |our |my )?(?:dog|cat|pet|horse|puppy|pony|hair|beard)\b/g,
  /\b(?:shot|shoot|shooting) (?:a )?(?:hoops|goal|goals|photos|video|pictures)\b/g,
  /\bsafe to (?:text|call|email|ring|phone|leave a message|leave messages|message)\b/g,
];

function removeIdioms(normalised: string): string {
  return IDIOMS.reduce((text, idiom) => text.replace(idiom, ' '), normalised)
    .replace(/ +/g, ' ')
    .trim();
}

// ---- Rules --------------------------------------------------------------------------------

const CHILD =
  '(?:(?:my|our|the|his|her|their) )?(?:son|sons|daughter|daughters|child|kid|kids|children|boy|boys|girl|girls|lad|teenager|teen|baby|toddler|little one|stepson|stepdaughter|step son|step daughter|grandson|granddaughter|nephew|niece|youngest|eldest|oldest|little boy|little girl|\\d+ year old|\\d+ yr old)';
const PARTNER =
  '(?:(?:my|our|her|his|the) )?(?:partner|husband|wife|boyfriend|girlfriend|ex partner|ex husband|ex wife|fiance|fiancee|other half|baby dad|baby daddy|babys dad|babys father|kids dad|kids father|childrens father|stepdad|step dad|stepfather|stepmum|step mum)';
/** "her" as a person, not as in "her teacher" or "her feelings". */
const HER =
  'her(?! (?:teacher|teachers|tutor|coach|exams?|tests?|homework|shadow|own|friends?|classmates?|class|school|work|dog|cat|pet|spellings?|maths|reading|swimming|lessons?|new|first|big|sats|feelings|pride|head|knee|toe|elbow|phone|tablet|toys?|bike|room|dinner|tea|lunch|hair|shoes|coat|bag))';
const FAMILY =
  '(?:my|our|his|her|their) (?:mum|mom|mother|dad|father|sister|brother|nan|gran|grandad|uncle|auntie|aunt|cousin)';
const PERSON = `(?:me|him|${HER}|them|us|you|myself|${CHILD}|${PARTNER}|${FAMILY})`;
/** Someone a person could be afraid of. */
const FEARED = `(?:me|him|${HER}|${CHILD}|${PARTNER}|${FAMILY})`;
const SUBJECT_PERSON = `(?:he|she|they|someone|somebody|a man|a woman|${CHILD}|${PARTNER})`;

interface RiskRule {
  category: RiskCategory;
  pattern: RegExp;
}

const rule = (category: RiskCategory, source: string): RiskRule => ({
  category,
  pattern: new RegExp(source),
});

const RULES: RiskRule[] = [
  // Suicide and self-harm (the parent, a child or anyone).
  rule('child_self_harm', '\\bsuicid(?:e|al|es)\\b'),
  rule(
    'child_self_harm',
    '\\b(?:kill|killing|killed|kills|hurt|hurting|hurts|harm|harming|harms|cut|cuts|cutting|hang|hanging|hanged|strangle|strangling|starve|starving|burn|burning|burnt|burned) (?:myself|himself|herself|themselves|themself|meself|my self|yourself)\\b',
  ),
  rule(
    'child_self_harm',
    '\\bend(?:ing|ed|s)? (?:it all|my life|his life|her life|their life|my own life|his own life|her own life|it tonight|everything)\\b',
  ),
  rule('child_self_harm', '\\btak(?:e|ing|en) (?:my|his|her|their) (?:own )?life\\b'),
  rule(
    'child_self_harm',
    '\\b(?:do not|does not|not|never) want(?:s)? to (?:live|be alive|be here any ?more|exist|wake up|be around|go on)\\b',
  ),
  rule('child_self_harm', '\\bwant(?:s|ed|ing)? to (?:die|be dead|disappear for ever|disappear forever)\\b'),
  rule(
    'child_self_harm',
    '\\bwish(?:es|ed)? (?:i|he|she|they|we) (?:was|were|had|could be) (?:dead|never born|not here|gone)\\b',
  ),
  rule(
    'child_self_harm',
    '\\bbetter off (?:dead|without me|without him|without her|if i was gone|if i were gone)\\b',
  ),
  rule(
    'child_self_harm',
    '\\bno (?:point|reason) (?:in )?(?:living|to live|going on|being alive|carrying on)\\b',
  ),
  rule('child_self_harm', '\\bself harm(?:s|ing|ed)?\\b'),
  rule('child_self_harm', '\\bcut(?:s|ting)? (?:his|her|their|my) (?:arms?|wrists?|legs?|thighs?|skin)\\b'),
  rule('child_self_harm', '\\bslit(?:s|ting)? (?:my|his|her|their) wrists?\\b'),
  rule('child_self_harm', '\\boverdos(?:e|ed|es|ing)\\b'),
  rule(
    'child_self_harm',
    '\\b(?:taken|took|take|swallowed|swallow|taking) (?:a lot of|loads of|lots of|all (?:my|his|her|the|of (?:my|his|her|the))|a bottle of|a packet of|a box of|too many|a load of|a handful of) (?:pills|tablets|paracetamol|painkillers|meds|medication|sleeping pills)\\b',
  ),
  rule(
    'child_self_harm',
    '\\bjump(?:ing|ed|s)? (?:off|in front of) (?:a|the) (?:bridge|building|train|roof|cliff|car|bus|tower)\\b',
  ),
  rule(
    'child_self_harm',
    '\\b(?:i|he|she|they) (?:can not|could not) (?:go on|carry on|do this) any ?more\\b',
  ),
  rule(
    'child_self_harm',
    '\\bi can not go on(?! (?:the|a|an|holiday|holidays|trip|it|that|this|my|his|her|their|there|school|rides?|stage|line|online))\\b',
  ),
  rule('child_self_harm', '\\bkill yourself\\b'),

  // Violence against anyone.
  rule(
    'physical_abuse',
    `\\b(?:beat|beats|beating|beaten|battered|batters|battering|punch|punches|punched|punching|strangle|strangles|strangled|strangling|choke|chokes|choked|choking|stab|stabs|stabbed|stabbing|kick|kicks|kicked|kicking|slap|slaps|slapped|slapping|burnt|burned|burns) ${PERSON}\\b`,
  ),
  rule(
    'physical_abuse',
    `\\b(?:hit|hits|hitting|hurt|hurts|hurting|attacked|attacks|attacking|assaulted|assaults|assaulting|threw|throws|thrown|pushed|pushes|shoved|shoves|grabbed|grabs|dragged|drags) ${PERSON}\\b(?! (?:feelings|pride|with the news|up))`,
  ),
  rule('physical_abuse', `\\bbeat(?:s|ing|en)? (?:${PERSON} )?up\\b`),
  rule(
    'physical_abuse',
    `\\b(?:kill|kills|killing|killed|murder|murders|murdered|murdering|shoot|shoots|shot|shooting|stab|strangle|drown|drowned|drowning) ${PERSON}\\b`,
  ),
  rule(
    'physical_abuse',
    '\\bthreat(?:en|ens|ened|ening)? (?:to )?(?:kill|hurt|harm|stab|hit|beat|shoot|burn|take|smash|batter)\\b',
  ),
  rule(
    'physical_abuse',
    `\\b(?:threat(?:en|ens|ened|ening)?|came at|went for|attacked|attacks) ${PERSON} with (?:a |an )?(?:knife|knives|gun|weapon|blade|machete|bat|hammer|bottle)\\b`,
  ),
  rule(
    'physical_abuse',
    '\\b(?:has|had|got|have|pulled|pulling|pulls|waving|waved|carries|carrying|carry|brought|bring|holding|took) (?:a |an |out a |out an )?(?:knife|knives|gun|guns|weapon|weapons|blade|machete)\\b(?! (?:and fork|block|set|sharpener|drawer|for (?:the|cooking|cutting|dinner)))',
  ),
  rule(
    'physical_abuse',
    `\\b(?:not|never) (?:feel |feeling |felt )?safe (?:at home|at ours|in (?:my|our|the) (?:home|house|flat)|with ${PERSON}|around ${PERSON}|near ${PERSON}|to go home|going home)\\b`,
  ),
  rule('physical_abuse', `\\b(?:do not|does not|did not|never) feel safe\\b`),
  rule(
    'physical_abuse',
    `\\b(?:scared|afraid|frightened|terrified|petrified) (?:of ${FEARED}\\b|to go (?:back )?home\\b|to be (?:at )?home\\b|to be alone with)`,
  ),
  rule(
    'physical_abuse',
    '\\b(?:battered|bruises|bruised|black eye|broken (?:arm|nose|ribs?|wrist)) (?:from|after|because) (?:he|she|they|him|her|my|his|the)\\b',
  ),
  rule(
    'physical_abuse',
    '\\b(?:trying to|tried to|going to) (?:get in|break in|break the door|kick the door|smash the door)\\b',
  ),
  rule('physical_abuse', '\\bkick(?:ing|ed|s)? (?:the|my|our) door (?:in|down)\\b'),

  // Abuse or neglect of anyone (not "drug abuse" or "alcohol abuse").
  rule(
    'physical_abuse',
    '(?<!(?:substance|drug|drugs|alcohol|solvent|gas|ticket|tickets|system) )\\babus(?:e|ed|es|ing|ive|er|ers)\\b',
  ),
  rule(
    'physical_abuse',
    `\\bneglect(?:s|ed|ing)? (?:${CHILD}|him|${HER}|them)\\b|\\b(?:${CHILD}|being|been|is|are|was|were) neglected\\b`,
  ),

  // Domestic abuse by a partner (also gets the domestic abuse helpline).
  rule('domestic_abuse', '\\bdomestic(?:ally)? (?:abuse|abused|abusive|violence|violent|incident)\\b'),
  rule('domestic_abuse', '\\bcoercive(?:ly)? control\\w*\\b'),
  rule(
    'domestic_abuse',
    `\\b${PARTNER} (?:\\w+ ){0,3}(?:hit|hits|hitting|beat|beats|beating|punched|punches|punching|kicked|kicks|slapped|slaps|pushed|pushes|shoved|strangled|strangles|choked|chokes|grabbed|threw|throws|hurts|hurt|hurting|attacked|attacks|raped|rapes|threatens|threatened|threatening|abuses|abused|abusing|abusive|violent|controlling|controls|batters|battered|bullies|bullied|assaulted|stalks|stalking|locks me|locked me|wont let me|will not let me|takes my money|took my money|scares me|frightens me)\\b`,
  ),
  rule('domestic_abuse', `\\b(?:scared|afraid|frightened|terrified|petrified) of ${PARTNER}\\b`),
  rule(
    'domestic_abuse',
    '\\b(?:abusive|violent|controlling) (?:relationship|partner|husband|wife|boyfriend|girlfriend|ex partner|marriage)\\b',
  ),

  // Sexual abuse.
  rule('sexual_abuse', '\\bsexual(?:ly)? (?:abus\\w*|assault\\w*|touch\\w*|exploit\\w*|harass\\w*)\\b'),
  rule('sexual_abuse', '\\brap(?:e|ed|es|ing|ist)\\b'),
  rule('sexual_abuse', '\\bmolest\\w*\\b'),
  rule('sexual_abuse', '\\bpaedophil\\w*\\b|\\bpedophil\\w*\\b'),
  rule(
    'sexual_abuse',
    '\\bincest\\b|\\bfgm\\b|\\bfemale genital mutilation\\b|\\bforced (?:marriage|to marry)\\b',
  ),
  rule(
    'sexual_abuse',
    `\\btouch(?:ed|es|ing)? ${PERSON} (?:inappropriately|down there|sexually|in (?:a|the) wrong way|in (?:his|her|my|their) private|where (?:he|she) should not)\\b`,
  ),
  rule('sexual_abuse', '\\b(?:private parts|privates|touches (?:himself|herself) in front)\\b'),
  rule(
    'sexual_abuse',
    '\\b(?:nudes|naked (?:pictures|photos|pics|selfies|videos)|sexual (?:pictures|photos|pics|messages|videos)|explicit (?:pictures|photos|pics|images|messages))\\b',
  ),
  rule(
    'sexual_abuse',
    `\\b(?:showed|shows|showing|sent|sends|sending) ${PERSON} (?:porn|pornography|his privates|her privates)\\b`,
  ),
  rule(
    'sexual_abuse',
    `\\b(?:being|been|was|is|were|are|getting) groom(?:ed|ing)\\b|\\bgroom(?:ed|ing|s)? ${PERSON}\\b|\\bgroomed by\\b|\\bgrooming (?:him|her|them|my|our|children|kids|online)\\b`,
  ),
  rule(
    'sexual_abuse',
    `\\b(?:sex|sexual) with (?:a |my |our |his |her )?(?:\\d+ year old|child|children|minor|underage|${CHILD})\\b`,
  ),
  rule(
    'sexual_abuse',
    '\\bforced (?:him|her|me|them) (?:to have sex|into sex)\\b|\\bforced (?:to have|into) sex\\b',
  ),
  rule(
    'sexual_abuse',
    `\\b(?:makes|made|making|forced|forces|forcing|tells|told) (?:me|him|her|them|${CHILD}) (?:to )?touch (?:him|her|his|them|their)\\b`,
  ),
  rule(
    'sexual_abuse',
    `\\b(?:asking|asked|asks|ask) (?:him|her|them|${CHILD}) (?:for|to send) (?:\\w+ )?(?:pictures|photos|pics|videos|selfies)\\b`,
  ),
  rule(
    'sexual_abuse',
    `\\b(?:someone|somebody|a man|a boy|an adult|a teacher|a stranger|he|an older \\w+) (?:has )?touched (?:him|her|me|${CHILD})\\b(?! (?:arm|shoulder|hand|hair|bag|phone|stuff|things|food|work|books?|toys?))`,
  ),

  // A missing child.
  rule(
    'missing_child',
    `\\b${SUBJECT_PERSON} (?:is|are|has been|have been|has gone|have gone|went|gone|been) missing\\b`,
  ),
  rule('missing_child', '\\b(?:gone|been|went|go|goes) missing\\b'),
  rule(
    'missing_child',
    `\\b${SUBJECT_PERSON} (?:has|have|had|did) (?:not|never) (?:come|came|got|gotten|been) (?:home|back)\\b`,
  ),
  rule('missing_child', `\\b${SUBJECT_PERSON} (?:never|not) (?:came|come|got|get) (?:home|back)\\b`),
  rule(
    'missing_child',
    `\\b${SUBJECT_PERSON} (?:has |have |had )?(?:run|ran|runs|running) away\\b|\\brun(?:ning)? away from home\\b|\\brunaway\\b`,
  ),
  rule(
    'missing_child',
    `\\b(?:can not|could not|can t) find (?:${CHILD}|him|them|her(?= anywhere| and| since| at all| now|$))`,
  ),
  rule(
    'missing_child',
    `\\b(?:do not|does not|no one|nobody|no idea|not sure) (?:know )?where (?:${CHILD}|he|she|they) (?:is|are|has gone|went|have gone)\\b`,
  ),
  rule('missing_child', '\\b(?:kidnap\\w*|abduct\\w*)\\b'),
  rule('missing_child', `\\b(?:reported|report) (?:${CHILD}|him|her|them) missing\\b`),
  rule('missing_child', `\\b${SUBJECT_PERSON} (?:has |have )?disappeared\\b`),

  // Exploitation.
  rule('criminal_exploitation', '\\bcounty lines?\\b'),
  rule('criminal_exploitation', '\\b(?:exploit|exploited|exploiting|exploitation)\\b'),
  rule(
    'criminal_exploitation',
    '\\btraffick\\w*\\b|\\bcuckoo(?:ed|ing)\\b|\\bsextort\\w*\\b|\\bmodern slavery\\b',
  ),
  rule(
    'criminal_exploitation',
    `\\bblackmail\\w* (?:${PERSON})\\b|\\b(?:being|been|is being) blackmailed\\b`,
  ),
  rule(
    'criminal_exploitation',
    '\\b(?:running|selling|dealing|carrying|holding|moving|delivering|hiding) (?:drugs|weed|cocaine|crack|heroin|gear|packages|parcels) (?:for|to)\\b',
  ),
  rule(
    'criminal_exploitation',
    '\\b(?:owes|owe|owing|in debt to) (?:money to )?(?:a |the |some )?(?:dealer|dealers|gang|gangs)\\b|\\bdrug debt\\b',
  ),
  rule(
    'criminal_exploitation',
    '\\bgangs? (?:are |is |have |has )?(?:making|forcing|threatening|using|recruit\\w*|groom\\w*|made|forced)\\b',
  ),
  rule(
    'criminal_exploitation',
    `\\b(?:forced|forcing|made|making|makes) ${PERSON} (?:to )?(?:sell|carry|deliver|steal|hold|move)\\b`,
  ),
  rule(
    'criminal_exploitation',
    '\\bolder (?:men|man|boys|lads|guys|blokes) (?:are |is |keep |have been |has been )?(?:giving|buying|picking|messaging|texting|driving|taking|collecting)\\b',
  ),

  // A parent afraid they will harm a child.
  rule(
    'parent_fear_harming_child',
    `\\b(?:afraid|scared|worried|frightened|terrified|petrified|fear) (?:that )?(?:i|i will|i might|i may|i could|i am going to|i would) (?:\\w+ )?(?:hurt|harm|hit|kill|shake|smack|strangle|batter|lash out at|do something to)\\b`,
  ),
  rule(
    'parent_fear_harming_child',
    `\\bi (?:want to|feel like|am going to|will|might|could|may|am scared i will|am afraid i will) (?:\\w+ )?(?:hurt|harm|kill|strangle|shake|batter|smother|suffocate|throttle) ${PERSON}\\b`,
  ),
  rule(
    'parent_fear_harming_child',
    `\\bi (?:have )?(?:hit|slapped|smacked|punched|shook|shaken|hurt|kicked|strangled|choked|burnt|burned|bruised) ${PERSON}\\b`,
  ),
  rule(
    'parent_fear_harming_child',
    '\\bi (?:lost|lose) (?:it|my temper|control) and (?:hit|slapped|smacked|punched|shook|hurt|kicked|grabbed|pushed)\\b',
  ),
  rule(
    'parent_fear_harming_child',
    '\\bi (?:can not|could not) stop (?:myself )?(?:from )?(?:hitting|hurting|smacking|shaking|lashing out)\\b',
  ),

  // Danger right now.
  rule('immediate_danger', '\\bin (?:immediate |real |serious |great )?danger\\b(?! of)'),
  rule('immediate_danger', '\\b(?:life|lives) (?:is |are )?(?:at risk|in danger)\\b'),
  rule('immediate_danger', '\\bat risk of (?:harm|being (?:hurt|harmed|killed|abused|taken))\\b'),
];

/** Reads one message; no network, no state. */
export function detectRisk(text: string): RiskAssessment {
  const normalised = removeIdioms(normaliseForRisk(text));
  if (normalised === '') return { atRisk: false, categories: [], evidence: [] };
  const found = new Set<RiskCategory>();
  for (const { category, pattern } of RULES) {
    if (pattern.test(normalised)) found.add(category);
  }
  const categories = RISK_CATEGORIES.filter((c) => found.has(c));
  const evidence = categories.length > 0 ? [text.trim().slice(0, 500)] : [];
  return { atRisk: categories.length > 0, categories, evidence };
}
