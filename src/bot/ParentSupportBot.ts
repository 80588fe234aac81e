import { ActivityHandler, type ConversationState, type TurnContext, type UserState } from 'botbuilder';
import type { DialogState } from 'botbuilder-dialogs';
import type { MainDialog } from '../../dialogs/MainDialog';
import { noLiveChat, type LiveChatRouter } from './LiveChatRouter';

/** The one bot every channel runs. It knows nothing of channels; adapters render its replies. */
export class ParentSupportBot extends ActivityHandler {
  constructor(
    private readonly conversationState: ConversationState,
    private readonly userState: UserState,
    private readonly dialog: MainDialog,
    private readonly liveChat: LiveChatRouter = noLiveChat,
  ) {
    super();
    const dialogState = this.conversationState.createProperty<DialogState>('DialogState');
    this.onMessage(async (context, next) => {
      if (!(await this.liveChat.routeIfLive(context))) await this.dialog.run(context, dialogState);
      await next();
    });
  }

  override async run(context: TurnContext): Promise<void> {
    await super.run(context);
    await this.conversationState.saveChanges(context, false);
    await this.userState.saveChanges(context, false);
  }
}
