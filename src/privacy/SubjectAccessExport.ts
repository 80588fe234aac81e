import { phoneHashOf, SMS_CHANNEL_ID } from '../domain/smsIdentity';
import { toE164 } from '../text/phoneNumbers';
import type { Content } from '../content/loadContent';
import { conversationKeyFor } from '../domain/conversationKey';
import type { Sealer } from '../security/sealer';
import type { Case } from '../domain/model/case';
import type { Stores } from '../store/ports';

/** The school ids a manager may see, or undefined for all. */
export type ExportScope = string[] | undefined;

export interface ExportedConversation {
  channelId: string;
  /** Present for SMS: the number, the service number texted, the school. */
  sms?: { phone: string; serviceNumber: string; schoolId?: string; firstText: string; lastText: string };
  transcript: Array<{ at: string; sender: string; text: string }>;
  consents: Array<{ version: string; at: string; channelId: string; schoolId?: string }>;
}

export interface ExportedCase {
  case: Omit<Case, 'conversationRef'>;
  feedback: Array<{ at: string; rating: number; comment?: string }>;
  /** Who in the service looked at or changed the case. */
  accessLog: Array<{ at: string; actorId: string; action: string; detail?: string }>;
}

/** One file with every record held about one case or one phone number (a subject access request). */
export interface SubjectAccessFile {
  kind: 'subject-access-export';
  exportedAt: string;
  request: { by: 'case'; reference: string } | { by: 'phone' };
  controller: Content['privacy']['controller'];
  cases: ExportedCase[];
  conversations: ExportedConversation[];
}

export class SubjectAccessExport {
  constructor(
    private readonly props: { stores: Stores; sealer: Sealer; content: Content; now: () => Date },
  ) {}

  /** Everything held for a case: the case, its conversation, feedback and access log. */
  async forCase(theCase: Case): Promise<SubjectAccessFile> {
    return {
      ...this.header({ by: 'case', reference: theCase.reference }),
      cases: [await this.exportCase(theCase)],
      conversations: [await this.exportConversation(theCase.channelId, theCase.conversationKey)],
    };
  }

  /**
   * Everything held for a phone number: its SMS conversations (and their cases), and cases in the
   * manager's schools where the parent gave that number. Throws on something that is not a number.
   */
  async forPhone(typed: string, scope: ExportScope): Promise<SubjectAccessFile> {
    const phone = toE164(typed);
    const { stores, sealer } = this.props;
    const conversations: ExportedConversation[] = [];
    const cases = new Map<string, Case>();
    for (const sms of await stores.sms.conversations.listByPhoneHash(phoneHashOf(sealer, phone))) {
      const key = conversationKeyFor(sealer, SMS_CHANNEL_ID, sms.id);
      const exported = await this.exportConversation(SMS_CHANNEL_ID, key);
      exported.sms = {
        phone: sms.phone,
        serviceNumber: sms.serviceNumber,
        ...(sms.schoolId ? { schoolId: sms.schoolId } : {}),
        firstText: sms.createdAt.toISOString(),
        lastText: sms.lastInboundAt.toISOString(),
      };
      conversations.push(exported);
      for (const c of await stores.cases.list({ conversationKey: key })) cases.set(c.id, c);
    }
    // A number given in a referral (any channel) is sealed inside the case: look through the cases.
    for (const c of await stores.cases.list(scope ? { schoolIds: scope } : {})) {
      if (!cases.has(c.id) && samePhone(c.details.phone, phone)) {
        cases.set(c.id, c);
        conversations.push(await this.exportConversation(c.channelId, c.conversationKey));
      }
    }
    const visible = [...cases.values()].filter((c) => !scope || scope.includes(c.schoolId));
    return {
      ...this.header({ by: 'phone' }),
      cases: await Promise.all(visible.map((c) => this.exportCase(c))),
      conversations,
    };
  }

  private header(request: SubjectAccessFile['request']) {
    return {
      kind: 'subject-access-export' as const,
      exportedAt: this.props.now().toISOString(),
      request,
      controller: this.props.content.privacy.controller,
    };
  }

  private async exportCase(theCase: Case): Promise<ExportedCase> {
    const { stores } = this.props;
    const { conversationRef: _reference, ...rest } = theCase;
    const [feedback, audit] = await Promise.all([
      stores.feedback.list({ caseId: theCase.id }),
      stores.audit.list({ caseId: theCase.id }, { limit: 10_000 }),
    ]);
    return {
      case: rest,
      feedback: feedback.map((f) => ({
        at: f.at.toISOString(),
        rating: f.rating,
        ...(f.comment ? { comment: f.comment } : {}),
      })),
      accessLog: audit.map((e) => ({
        at: e.at.toISOString(),
        actorId: e.actorId,
        action: e.action,
        ...(e.detail ? { detail: e.detail } : {}),
      })),
    };
  }

  private async exportConversation(
    channelId: string,
    conversationKey: string,
  ): Promise<ExportedConversation> {
    const { stores } = this.props;
    const [transcript, consents] = await Promise.all([
      stores.transcripts.list(conversationKey),
      stores.privacy.consents.list({ conversationKey }),
    ]);
    return {
      channelId,
      transcript: transcript.map((e) => ({ at: e.at.toISOString(), sender: e.sender, text: e.text })),
      consents: consents.map((c) => ({
        version: c.version,
        at: c.at.toISOString(),
        channelId: c.channelId,
        ...(c.schoolId ? { schoolId: c.schoolId } : {}),
      })),
    };
  }
}

function samePhone(given: unknown, phone: string): boolean {
  if (typeof given !== 'string' || given.trim() === '') return false;
  try {
    return toE164(given) === phone;
  } catch {
    return false;
  }
}
