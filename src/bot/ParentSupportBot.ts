import { ActivityHandler, type ConversationState, type TurnContext, type UserState } from 'botbuilder';
import type { DialogState } from 'botbuilder-dialogs';
import type { MainDialog } from '../../dialogs/MainDialog';
import type { SafeguardingCheck } from '../safeguarding/SafeguardingCheck';
import { noLiveChat, type LiveChatRouter } from '../turn/LiveChatRouter';
import { mayReply } from '../turn/noReply';

export interface ParentSupportBotDeps {
  conversationState: ConversationState;
  userState: UserState;
  dialog: MainDialog;
  safeguarding: SafeguardingCheck;
  liveChat?: LiveChatRouter;
}

/**
 * The one bot every channel runs. It knows nothing of channels; adapters render its replies.
 * For each message: the safeguarding check first (its emergency message is the first reply),
 * then a live chat with a PSW if there is one, then the dialogs. A channel that may not answer
 * (`NO_REPLY`) gets the safeguarding check only.
 */
export class ParentSupportBot extends ActivityHandler {
  private readonly conversationState: ConversationState;
  private readonly userState: UserState;

  constructor(deps: ParentSupportBotDeps) {
    super();
    this.conversationState = deps.conversationState;
    this.userState = deps.userState;
    const liveChat = deps.liveChat ?? noLiveChat;
    const dialogState = this.conversationState.createProperty<DialogState>('DialogState');
    this.onMessage(async (context, next) => {
      await deps.safeguarding.check(context);
      // A channel that may not answer (SMS after STOP): read for risk, and nothing more.
      if (!mayReply(context)) return await next();
      if (!(await liveChat.routeIfLive(context))) await deps.dialog.run(context, dialogState);
      await next();
    });
    this.onMembersAdded(async (context, next) => {
      const recipientId = context.activity.recipient?.id;
      const parentJoined = (context.activity.membersAdded ?? []).some((m) => m.id !== recipientId);
      if (parentJoined) await deps.dialog.greet(context, dialogState);
      await next();
    });
    // The channel ended the conversation (e.g. the parent texted STOP): forget what was in progress.
    this.onEndOfConversation(async (context, next) => {
      await deps.dialog.end(context, dialogState);
      await next();
    });
  }

  override async run(context: TurnContext): Promise<void> {
    await super.run(context);
    await this.conversationState.saveChanges(context, false);
    await this.userState.saveChanges(context, false);
  }
}
