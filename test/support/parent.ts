import { TurnContext, type Activity } from 'botbuilder';
import type { App } from '../../src/app';
import type { OpenCaseProps } from '../../src/domain/CaseService';
import { conversationKeyFor } from '../../src/domain/conversationKey';
import type { Case } from '../../src/domain/model/case';

/**
 * A parent on the Bot Framework channel (`/api/messages`, as the Emulator talks to it), whose
 * replies go to a reply sink on loopback.
 */
export class TestParent {
  private count = 0;

  constructor(
    readonly baseUrl: string,
    readonly serviceUrl: string,
    readonly conversationId = `parent-${Math.random().toString(36).slice(2, 10)}`,
  ) {}

  activity(text: string): Partial<Activity> {
    this.count++;
    return {
      type: 'message',
      id: `${this.conversationId}-${this.count}`,
      channelId: 'emulator',
      serviceUrl: this.serviceUrl,
      from: { id: `user-${this.conversationId}`, name: 'Parent' },
      recipient: { id: 'bot', name: 'Parent Support Assistant' },
      conversation: { id: this.conversationId, isGroup: false, conversationType: 'personal', name: '' },
      text,
      timestamp: new Date(),
      locale: 'en-GB',
      channelData: { schoolId: 'oakfield-primary' },
    };
  }

  /** Sends a message; resolves when the bot's turn is over. */
  async says(text: string): Promise<number> {
    const res = await fetch(`${this.baseUrl}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(this.activity(text)),
    });
    await res.text();
    return res.status;
  }

  /**
   * Opens a case for this conversation directly in the store, with details shaped as the referral
   * dialog writes them (`ReferralDetails`). For the whole path, let the parent talk to the bot.
   */
  async opensCase(app: App, props: Partial<OpenCaseProps> = {}): Promise<Case> {
    const activity = this.activity('(reference)');
    return await app.cases.open({
      kind: 'referral',
      schoolId: 'oakfield-primary',
      channelId: 'emulator',
      conversationKey: conversationKeyFor(app.sealer, 'emulator', this.conversationId),
      conversationRef: TurnContext.getConversationReference(activity),
      details: {
        parentName: 'Sam Sample',
        topic: 'routines_sleep',
        words: 'Bedtime is a battle every night.',
        contactMethod: 'phone',
        phone: '07700 900123',
        contactTime: 'afternoon',
        safeToText: true,
        safeToLeaveMessage: true,
      },
      urgent: false,
      openedBy: 'parent',
      ...props,
    });
  }
}
