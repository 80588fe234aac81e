import {
  type DialogTurnResult,
  type FoundChoice,
  type PromptValidatorContext,
  type WaterfallStepContext,
} from 'botbuilder-dialogs';
import { fillTemplate } from '../src/content/fillTemplate';
import type { Faq } from '../src/content/loadContent';
import type { ConversationDeps, TaskResult } from './ConversationDeps';
import { ParentChoicePrompt } from './parentChoice';
import { answerFaq } from './faqAnswers';
import { choiceOptions, messageText, yesNoChoices } from './prompts';
import { TaskDialog } from './waterfall';

export const FAQ_DIALOG = 'faqDialog';
const FAQ_WATERFALL = 'faqWaterfall';
const DID_YOU_MEAN_PROMPT = 'faqDidYouMeanPrompt';
/** The list of questions; it also understands a question typed in words. */
export const FAQ_MENU_PROMPT = 'faqMenuPrompt';

export interface FaqOptions {
  faqId?: string;
  /** Not sure: ask "did you mean" this one first. */
  candidateFaqId?: string;
}

/** Answers questions about the service: directly, after "did you mean…", or from the list. */
export class FaqDialog extends TaskDialog {
  constructor(deps: ConversationDeps) {
    super(FAQ_DIALOG, deps);
    this.waterfall(
      FAQ_WATERFALL,
      [
        new ParentChoicePrompt(DID_YOU_MEAN_PROMPT),
        new ParentChoicePrompt(FAQ_MENU_PROMPT, this.understandQuestion.bind(this)),
      ],
      [this.didYouMeanStep.bind(this), this.menuStep.bind(this), this.answerStep.bind(this)],
    );
  }

  private async didYouMeanStep(step: WaterfallStepContext<FaqOptions>): Promise<DialogTurnResult> {
    const { copy } = this.deps.content;
    const known = this.faq(step.options.faqId);
    if (known) return await this.answer(step, known);
    const candidate = this.faq(step.options.candidateFaqId);
    if (!candidate) return await step.next();
    const prompt = fillTemplate(copy.faq.didYouMean, { question: candidate.question });
    return await step.prompt(DID_YOU_MEAN_PROMPT, choiceOptions(copy, prompt, yesNoChoices(copy)));
  }

  private async menuStep(step: WaterfallStepContext<FaqOptions>): Promise<DialogTurnResult> {
    const candidate = this.faq(step.options.candidateFaqId);
    if (candidate) {
      if ((step.result as FoundChoice).index === 0) return await this.answer(step, candidate);
      await step.context.sendActivity(this.deps.content.copy.faq.noMatch);
    }
    const { copy, faqs } = this.deps.content;
    return await step.prompt(
      FAQ_MENU_PROMPT,
      choiceOptions(
        copy,
        copy.faq.menuPrompt,
        faqs.map((f) => f.question),
      ),
    );
  }

  private async answerStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const faq = this.deps.content.faqs[(step.result as FoundChoice).index];
    if (!faq) return await step.endDialog({} satisfies TaskResult);
    return await this.answer(step, faq);
  }

  private async answer(step: WaterfallStepContext, faq: Faq): Promise<DialogTurnResult> {
    await step.context.sendActivity(await answerFaq(this.deps, step.context, faq));
    return await step.endDialog({} satisfies TaskResult);
  }

  private faq(id: string | undefined): Faq | undefined {
    return id === undefined ? undefined : this.deps.content.faqs.find((f) => f.id === id);
  }

  /** At the list, a question typed in words counts as choosing it. */
  private async understandQuestion(prompt: PromptValidatorContext<FoundChoice>): Promise<boolean> {
    if (prompt.recognized.succeeded) return true;
    const understood = await this.deps.understander.understand(messageText(prompt.context));
    if (understood.kind !== 'faq') return false;
    const index = this.deps.content.faqs.findIndex((f) => f.id === understood.faqId);
    if (index < 0) return false;
    prompt.recognized.value = { value: this.deps.content.faqs[index]?.question ?? '', index, score: 1 };
    return true;
  }
}
