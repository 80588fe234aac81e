import { buttons, contentAndModel, expectReplies, startChat, texts, type Chat } from './harness';

describe('signposting', () => {
  let chat: Chat;
  beforeEach(async () => {
    chat = await startChat();
    await chat.say('hi');
  });
  afterEach(() => chat.dispose());

  it('offers every signposting topic', async () => {
    const { content } = await contentAndModel();
    const replies = await chat.say('Find other help');
    expect(buttons(replies)).toEqual(content.topics.filter((t) => t.signposting).map((t) => t.label));
  });

  it('shows the right agencies for every topic, then offers a PSW referral', async () => {
    const { content } = await contentAndModel();
    for (const topic of content.topics.filter((t) => t.signposting)) {
      await chat.say('Find other help');
      const replies = await chat.say(topic.label);
      const shown = texts(replies).join('\n');
      const expected = content.agencies.filter((a) => a.topics.includes(topic.id));
      for (const agency of expected) {
        expect(shown).toContain(`${agency.name}: ${agency.helpsWith}`);
        if (agency.phone) expect(shown).toContain(`Call ${agency.phone}`);
        expect(shown).toContain(agency.website);
      }
      for (const other of content.agencies.filter((a) => !a.topics.includes(topic.id))) {
        expect(shown).not.toContain(`${other.name}: `);
      }
      if (topic.id === 'under_fives') {
        // PSWs are for families of school-age children: the under-5s answer, no PSW offer.
        expectReplies(replies, [content.copy.signposting.underFives, content.copy.menu.promptAgain]);
        continue;
      }
      expectReplies(replies, [content.copy.signposting.offerReferral]);
      await chat.say('No');
    }
  });

  it("shows the area's children's social care front door for a child's safety", async () => {
    await chat.say('Find other help');
    const shown = texts(await chat.say("Worried about a child's safety")).join('\n');
    expect(shown).toContain("Liverpool Children's Advice and Support Service (CASS): call 0151 459 2606");
    expect(shown).toContain('0808 800 5000');
  });

  it('shows evidence-based parenting programmes when asked in words', async () => {
    const shown = texts(await chat.say('are there any parenting courses?')).join('\n');
    expect(shown).toContain("Understanding Your Child's Behaviour (Solihull Approach)");
    expect(shown).toContain('Triple P Online');
  });

  it('meets a problem told in words with a PSW first, its help on request, and a referral about it', async () => {
    const { described } = chat.content.copy;
    const replies = await chat.say('we cannot pay the rent and are in debt');
    expectReplies(replies, [described.acknowledge, described.offer]);
    expect(texts(replies).join('\n')).not.toContain('StepChange Debt Charity');
    expect(buttons(replies)).toEqual([described.yes, described.otherHelp, described.no]);
    expect(texts(await chat.say('show other help')).join('\n')).toContain('StepChange Debt Charity');
    await chat.say('Yes');
    await chat.say('Yes, I agree');
    await chat.say('Oakfield Primary School');
    // The topic and the parent's words are already known: no need to ask them again.
    for (const say of ['Sam Sample', 'Text message', '07700 900321', 'Any time', 'skip']) await chat.say(say);
    // The 0 to 10 question, asked at referral, skipped; then the check of the answers.
    expect(texts(await chat.say('skip')).join('\n')).toContain('On a scale of 0 to 10');
    const check = texts(await chat.say('skip')).join('\n');
    expect(check).toContain('Help with: Money or housing');
    expect(check).toContain('Your words: we cannot pay the rent and are in debt');
  });

  it('gives websites only (no number) for agencies whose numbers are not confirmed', async () => {
    await chat.say('Find other help');
    const shown = texts(await chat.say('Behaviour')).join('\n');
    expect(shown).toContain('Family Lives');
    expect(shown).not.toContain('0808 800 2222');
  });
});
