import type { StatePropertyAccessor, TurnContext } from 'botbuilder';
import {
  ComponentDialog,
  DialogSet,
  DialogTurnStatus,
  TextPrompt,
  WaterfallDialog,
  type DialogState,
  type WaterfallStepContext,
  type DialogTurnResult,
} from 'botbuilder-dialogs';
import type { BotCopy } from '../src/content/loadContent';

export const MAIN_DIALOG = 'mainDialog';
const MAIN_WATERFALL = 'mainWaterfall';
const TEXT_PROMPT = 'textPrompt';

/** The conversation's root dialog. */
export class MainDialog extends ComponentDialog {
  constructor(private readonly copy: BotCopy) {
    super(MAIN_DIALOG);
    this.addDialog(new TextPrompt(TEXT_PROMPT));
    this.addDialog(
      new WaterfallDialog(MAIN_WATERFALL, [this.welcomeStep.bind(this), this.acknowledgeStep.bind(this)]),
    );
    this.initialDialogId = MAIN_WATERFALL;
  }

  /** Runs the dialog for one turn, starting it if nothing is active. */
  async run(context: TurnContext, accessor: StatePropertyAccessor<DialogState>): Promise<void> {
    const dialogSet = new DialogSet(accessor);
    dialogSet.add(this);
    const dialogContext = await dialogSet.createContext(context);
    const result = await dialogContext.continueDialog();
    if (result.status === DialogTurnStatus.empty) await dialogContext.beginDialog(this.id);
  }

  private async welcomeStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    for (const line of this.copy.welcome) await step.context.sendActivity(line);
    return await step.prompt(TEXT_PROMPT, { prompt: this.copy.menu.prompt });
  }

  private async acknowledgeStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    await step.context.sendActivity(this.copy.notUnderstood);
    return await step.endDialog();
  }
}
