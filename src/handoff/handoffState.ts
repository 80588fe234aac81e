import type { Storage } from 'botbuilder';

/**
 * The handoff's per-conversation memory, kept in the store (botbuilder `Storage`, sealed at rest)
 * so that any instance can answer a parent's next message. Two separate keys, so that a proactive
 * close and a parent's turn never overwrite each other's part.
 */
export interface FeedbackAsk {
  caseId: string;
  schoolId: string;
  channelId: string;
  /** The rating, its comment, then "how are things at home, 0 to 10". */
  step: 'rating' | 'comment' | 'wellbeing';
  feedbackId?: string;
  /** The parent's score at the start of the episode (kept beside the one at the end). */
  wellbeingStart?: number;
  /** A rating or comment was given (the last words thank them for it). */
  gaveFeedback?: boolean;
  /** The scaling question was asked again after an answer that was not a score. */
  wellbeingReasked?: boolean;
  askedAt: string;
}

export interface WaitingNotice {
  caseId: string;
  sentAt: string;
}

export class HandoffState {
  constructor(private readonly storage: Storage) {}

  async feedbackAsk(conversationKey: string): Promise<FeedbackAsk | undefined> {
    return await this.read<FeedbackAsk>(`handoff/feedback/${conversationKey}`);
  }

  async setFeedbackAsk(conversationKey: string, ask: FeedbackAsk | undefined): Promise<void> {
    await this.write(`handoff/feedback/${conversationKey}`, ask);
  }

  async waitingNotice(conversationKey: string): Promise<WaitingNotice | undefined> {
    return await this.read<WaitingNotice>(`handoff/notice/${conversationKey}`);
  }

  async setWaitingNotice(conversationKey: string, notice: WaitingNotice | undefined): Promise<void> {
    await this.write(`handoff/notice/${conversationKey}`, notice);
  }

  private async read<T>(key: string): Promise<T | undefined> {
    const items = await this.storage.read([key]);
    const item = items[key] as (T & { eTag?: string }) | undefined;
    if (!item) return undefined;
    const { eTag: _eTag, ...value } = item;
    return value as T;
  }

  private async write(key: string, value: object | undefined): Promise<void> {
    if (value === undefined) await this.storage.delete([key]);
    else await this.storage.write({ [key]: { ...value, eTag: '*' } });
  }
}
