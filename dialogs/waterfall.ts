import { WaterfallDialog, type ComponentDialog, type Dialog, type WaterfallStep } from 'botbuilder-dialogs';

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
