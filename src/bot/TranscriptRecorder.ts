import type { Activity, Middleware, TurnContext } from 'botbuilder';
import { conversationKeyFor } from '../domain/conversationKey';
import type { Sealer } from '../security/sealer';
import type { TranscriptSender, TranscriptStore } from '../store/ports';
import type { ConsentRegister } from '../store/privacyPorts';
import { CONVERSATION_ERASED, CONVERSATION_KEY, type SenderMark } from '../turn/conversationKey';

/**
 * Middleware that writes every message in and out to the transcript store (sealed at rest) and
 * puts the conversation key in turn state. Every adapter uses it.
 */
export class TranscriptRecorder implements Middleware {
  constructor(
    private readonly transcripts: TranscriptStore,
    private readonly sealer: Sealer,
    private readonly now: () => Date = () => new Date(),
    /** When given, messages before the parent agreed to the privacy notice are marked (kept briefly). */
    private readonly consents?: ConsentRegister,
  ) {}

  async onTurn(context: TurnContext, next: () => Promise<void>): Promise<void> {
    const { channelId, conversation } = context.activity;
    if (!channelId || !conversation?.id) return await next();
    const conversationKey = conversationKeyFor(this.sealer, channelId, conversation.id);
    context.turnState.set(CONVERSATION_KEY, conversationKey);

    // Until the conversation has agreed to a privacy notice, its entries are marked as before consent.
    // The store is asked again for a later line only if a consent was recorded or erased since
    // (the parent may agree, or the conversation be erased, during this very turn).
    const consents = this.consents;
    let known: { consented: boolean; changes: number } | undefined;
    const beforeConsent = async (): Promise<boolean> => {
      if (!consents) return false;
      const changes = consents.changes?.();
      if (known && changes !== undefined && known.changes === changes) return !known.consented;
      const consented = await consents.hasConsented(conversationKey);
      if (changes !== undefined) known = { consented, changes };
      return !consented;
    };
    const incoming = context.activity;
    // A turn for a parent's activity may run again after a crash (SMS, web chat): its lines are
    // keyed by that activity's id, so that none is written twice. Proactive turns are not keyed.
    const turnKey =
      incoming.id && (incoming.type === 'message' || incoming.type === 'conversationUpdate')
        ? `${incoming.type}:${incoming.id}`
        : undefined;
    if (incoming.type === 'message' && typeof incoming.text === 'string' && incoming.text.trim() !== '') {
      await this.transcripts.append(
        {
          conversationKey,
          channelId,
          at: this.now(),
          sender: 'parent',
          text: incoming.text,
          ...((await beforeConsent()) ? { beforeConsent: true } : {}),
        },
        turnKey ? { key: `${turnKey}:in` } : {},
      );
    }
    let replies = 0;
    context.onSendActivities(async (ctx, activities, sendNext) => {
      // Once the parent's erasure ran in this turn, nothing more of the conversation is kept.
      if (ctx.turnState.get(CONVERSATION_ERASED) !== true) {
        const marked = await beforeConsent();
        for (const activity of activities) {
          const key = turnKey ? `${turnKey}:out:${replies}` : undefined;
          if (await this.recordOutgoing(conversationKey, channelId, activity, marked, key)) replies++;
        }
      }
      return await sendNext();
    });
    await next();
  }

  /** Records a message going out; false if it was not one (typing, events). */
  private async recordOutgoing(
    conversationKey: string,
    channelId: string,
    activity: Partial<Activity>,
    beforeConsent: boolean,
    key: string | undefined,
  ): Promise<boolean> {
    const channelData = activity.channelData as SenderMark | undefined;
    const mark = channelData?.psaSender;
    if (mark && channelData) delete channelData.psaSender;
    if (activity.type !== 'message' || typeof activity.text !== 'string' || activity.text === '')
      return false;
    const sender: TranscriptSender = mark?.kind ?? 'bot';
    await this.transcripts.append(
      {
        conversationKey,
        channelId,
        at: this.now(),
        sender,
        ...(mark?.kind === 'psw' ? { senderId: mark.staffId } : {}),
        text: activity.text,
        ...(beforeConsent ? { beforeConsent: true } : {}),
      },
      key ? { key } : {},
    );
    return true;
  }
}
