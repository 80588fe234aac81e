import type { StatePropertyAccessor, TurnContext } from 'botbuilder';
import {
  DialogSet,
  type Dialog,
  type DialogContext,
  type DialogState,
  type DialogStateManagerConfiguration,
} from 'botbuilder-dialogs';

/** Where botbuilder-dialogs keeps a turn's DialogStateManagerConfiguration (its turn-state key). */
const STATE_CONFIGURATION = 'DialogStateManagerConfiguration';

/**
 * The root dialog context of each turn. botbuilder-dialogs builds its memory scopes and path
 * resolvers (a service collection, about twenty objects, a zod parse) afresh for every turn unless
 * the turn already holds them; they keep no turn's data (each reads the dialog context it is
 * given), so the first turn's set serves every later turn.
 */
export class RootContexts {
  private stateConfiguration: DialogStateManagerConfiguration | undefined;

  constructor(private readonly root: Dialog) {}

  async create(context: TurnContext, accessor: StatePropertyAccessor<DialogState>): Promise<DialogContext> {
    const dialogSet = new DialogSet(accessor);
    dialogSet.add(this.root);
    if (this.stateConfiguration && !context.turnState.has(STATE_CONFIGURATION))
      context.turnState.set(STATE_CONFIGURATION, this.stateConfiguration);
    const dialogContext = await dialogSet.createContext(context);
    this.stateConfiguration ??= dialogContext.state.configuration;
    return dialogContext;
  }
}
