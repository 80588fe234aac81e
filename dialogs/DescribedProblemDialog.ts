import { type DialogTurnResult, type FoundChoice, type WaterfallStepContext } from 'botbuilder-dialogs';
import type { ConversationDeps, TaskResult } from './ConversationDeps';
import { ParentChoicePrompt } from './parentChoice';
import { bySms, choiceOptions } from './prompts';
import { normaliseWords, wordCount } from './understanding';
import { TaskDialog } from './waterfall';

export const DESCRIBED_PROBLEM_DIALOG = 'describedProblemDialog';
const DESCRIBED_WATERFALL = 'describedProblemWaterfall';
const OFFER_PROMPT = 'describedProblemOfferPrompt';

/** The referral topic used when the problem is not one of the referral topics. */
const OTHER_REFERRAL_TOPIC = 'something_else';

export interface DescribedProblemOptions {
  /** The signposting topic the words were understood as, if any. */
  topicId?: string;
  /** The parent's own words: kept as their words in a referral. */
  words: string;
}

/** A message that tells of a problem in the parent's own life ("my son won't go to school, I don't know what to do"). */
const PERSONAL =
  /\b(i|im|ive|id|my|me|we|were|our|us|he|hes|she|shes|they|theyre|son|daughter|child|kids?|children|husband|wife|partner|family|baby)\b/;

/** Words of trouble: without a topic understood, a personal message needs one to be a problem told. */
const TROUBLE =
  /\b(won ?t|wont|cant|can ?t|doesnt|dont know|no idea|struggl\w*|worr\w*|problem\w*|hard|difficult|stress\w*|upset|angry|anger|bull(y|ied|ying)|scared|afraid|refus\w*|fight\w*|argu\w*|tantrum\w*|cry\w*|sad|lonely|cope|coping|help|anymore|exhausted|at my wits end|kick\w* off|hit\w*|shout\w*|swear\w*|lie|lies|lying|steal\w*|excluded|suspended|truant\w*|skipping)\b/;

/**
 * Whether a message tells of a problem in the parent's own life: 4 words or more, about them or
 * their family, and (unless a topic was understood from it) with a word of trouble in it.
 */
export function describesProblem(text: string, topicUnderstood = false): boolean {
  const said = normaliseWords(text);
  return wordCount(text) >= 4 && PERSONAL.test(said) && (topicUnderstood || TROUBLE.test(said));
}

/**
 * A problem described in the parent's own words is met as a person would meet it: one line of
 * acknowledgement, then the offer of a PSW (the topic and their words filled in), then the most
 * relevant other help if they want it.
 */
export class DescribedProblemDialog extends TaskDialog<DescribedProblemOptions> {
  constructor(deps: ConversationDeps) {
    super(DESCRIBED_PROBLEM_DIALOG, deps);
    this.waterfall(
      DESCRIBED_WATERFALL,
      [new ParentChoicePrompt(OFFER_PROMPT)],
      [this.offerStep.bind(this), this.answerStep.bind(this)],
    );
  }

  private async offerStep(step: WaterfallStepContext<DescribedProblemOptions>): Promise<DialogTurnResult> {
    const { copy } = this.deps.content;
    const d = copy.described;
    // By SMS the acknowledgement and the offer are one line (one text with the welcome).
    const sms = bySms(step.context);
    if (!sms) await step.context.sendActivity(d.acknowledge);
    return await step.prompt(
      OFFER_PROMPT,
      choiceOptions(copy, sms ? this.deps.content.sms.describedOffer : d.offer, [
        { value: d.yes, synonyms: [...copy.choiceWords.menu.referral, ...copy.yesWords] },
        { value: d.otherHelp, synonyms: [...copy.choiceWords.menu.signposting, 'other', 'help first'] },
        { value: d.no, synonyms: copy.noWords },
      ]),
    );
  }

  private async answerStep(step: WaterfallStepContext<DescribedProblemOptions>): Promise<DialogTurnResult> {
    const { topicId, words } = step.options;
    const { topics } = this.deps.content;
    const choice = (step.result as FoundChoice).index;
    if (choice === 0) {
      const referralTopic = topics.find((t) => t.id === topicId && t.referral)?.id ?? OTHER_REFERRAL_TOPIC;
      return await step.endDialog({
        next: { task: 'referral', topicId: referralTopic, words },
      } satisfies TaskResult);
    }
    if (choice === 1) {
      const signposting = topics.find((t) => t.id === topicId && t.signposting);
      return await step.endDialog({
        next: { task: 'signposting', words, ...(signposting ? { topicId: signposting.id } : {}) },
      } satisfies TaskResult);
    }
    return await step.endDialog({} satisfies TaskResult);
  }
}
