import {
  ActivityTypes,
  BotAdapter,
  TurnContext,
  type Activity,
  type ConversationReference,
} from 'botbuilder';

/**
 * What the project's own adapters (SMS, the local Direct Line) share: a message, once sent, can be
 * neither changed nor deleted, and a proactive turn (a PSW's reply, a feedback request) starts from
 * the same event.
 */
export abstract class ChannelAdapter extends BotAdapter {
  protected constructor(private readonly cannot: { update: string; delete: string }) {
    super();
  }

  updateActivity(): Promise<void> {
    return Promise.reject(new Error(this.cannot.update));
  }

  deleteActivity(): Promise<void> {
    return Promise.reject(new Error(this.cannot.delete));
  }
}

/** The activity a proactive turn starts from, addressed by the conversation's reference. */
export function proactiveActivity(reference: Partial<ConversationReference>): Partial<Activity> {
  return TurnContext.applyConversationReference(
    { type: ActivityTypes.Event, name: 'continueConversation' },
    reference,
    true,
  );
}
