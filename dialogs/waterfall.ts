import { ComponentDialog, WaterfallDialog, type Dialog, type WaterfallStep } from 'botbuilder-dialogs';
import type { ConversationDeps } from './ConversationDeps';

/**
 * The usual shape of a task's dialog: the prompts it asks and one waterfall of steps. Returns the
 * waterfall's id, for `initialDialogId`. The ids are kept in conversation state: changing one
 * strands a conversation in progress.
 */
export function addWaterfall<O extends object>(
  dialog: ComponentDialog<O>,
  waterfallId: string,
  prompts: Dialog[],
  steps: WaterfallStep<O>[],
): string {
  for (const prompt of prompts) dialog.addDialog(prompt);
  dialog.addDialog(new WaterfallDialog<O>(waterfallId, steps));
  return waterfallId;
}

/**
 * A task's dialog (FAQ, signposting, talk to a person, privacy, erasure…): it keeps the
 * conversation's deps and starts with one waterfall, added by `waterfall(...)` in its constructor.
 */
export abstract class TaskDialog<O extends object = object> extends ComponentDialog<O> {
  protected constructor(
    id: string,
    protected readonly deps: ConversationDeps,
  ) {
    super(id);
  }

  /** Adds the prompts (and child dialogs) and the waterfall the dialog starts with. */
  protected waterfall(waterfallId: string, prompts: Dialog[], steps: WaterfallStep<O>[]): void {
    this.initialDialogId = addWaterfall(this, waterfallId, prompts, steps);
  }
}
