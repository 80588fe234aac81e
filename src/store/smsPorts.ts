/**
 * Store ports of the SMS channel. Phone numbers and message text are personal data: the
 * implementations seal them at rest; callers pass and receive plain values. Conversations and
 * opt-outs are found by keyed hashes (`Sealer.lookupHash`), never by a number in clear.
 */

export type SmsTransportKind = 'twilio' | 'simulator';

// ---- Conversations: who to text back, the last choices offered, and who is running a turn --------

export interface SmsChoiceRecord {
  title: string;
  text: string;
  value?: unknown;
  /** Listed without a number: a reply of a number does not select it. */
  unnumbered?: boolean;
}

export interface SmsConversation {
  /** Keyed hash of (transport, parent's number, service number); also the bot's conversation id. */
  id: string;
  /** Keyed hash of the parent's number; also the bot's user id. */
  userId: string;
  /** Keyed hash of the parent's number for opt-out lookups. */
  phoneHash: string;
  /** The parent's number, E.164 (sealed at rest). */
  phone: string;
  /** Our number the parent texted (or a simulator pseudo-number). Not personal data. */
  serviceNumber: string;
  transport: SmsTransportKind;
  schoolId?: string;
  /** The choices offered by the last bot turn, numbered from 1 (sealed at rest). */
  lastChoices: SmsChoiceRecord[];
  createdAt: Date;
  lastInboundAt: Date;
}

export interface SmsConversationStore {
  /** Creates the conversation, or refreshes its number, school and last inbound time. */
  upsert(
    conversation: Omit<SmsConversation, 'lastChoices' | 'createdAt' | 'lastInboundAt'> & { at: Date },
  ): Promise<SmsConversation>;
  get(id: string): Promise<SmsConversation | null>;
  setLastChoices(id: string, choices: SmsChoiceRecord[]): Promise<void>;
  /**
   * Takes (or renews) the conversation's lease for `owner` until `until`, if no one else holds an
   * unexpired one. Only the holder runs the conversation's turns. The conversation record need not
   * exist yet.
   */
  tryLease(id: string, owner: string, until: Date, now: Date): Promise<boolean>;
  releaseLease(id: string, owner: string): Promise<void>;
  /**
   * Drops every lease. Only for a store one process owns (the embedded one), at start: any lease
   * found then was left by a process that died, and its conversations need not wait for it to expire.
   */
  dropAllLeases(): Promise<number>;
  erase(id: string): Promise<boolean>;
  /** Conversations with no text from the parent since the date (retention), at most `limit`. */
  listIdleBefore(date: Date, limit: number): Promise<SmsConversation[]>;
  /** Every conversation with this number (a subject access request by phone number). */
  listByPhoneHash(phoneHash: string): Promise<SmsConversation[]>;
}

// ---- Inbox: received texts, stored before they are acknowledged ---------------------------------

export interface InboundSms {
  from: string;
  to: string;
  body: string;
  numMedia: number;
  /** Set by Twilio's Advanced Opt-Out when it recognised a keyword: STOP, START or HELP. */
  optOutType?: string;
  /** Which way it came, and so which way replies go. */
  transport: SmsTransportKind;
  /** The school, when the number texted is one of a school's own. */
  schoolId?: string;
}

/** A reply the bot gave during the message's turn, flattened for SMS (kept until the turn's texts are composed). */
export interface SmsReplyPart {
  text: string;
  choices: SmsChoiceRecord[];
  requestedList: boolean;
  unnumberedChoices?: boolean;
}

export type InboxStatus = 'pending' | 'done';

/** Who answered a text, recorded once its turn ran (its replies are then kept, ready to send). */
export interface InboxTaken {
  /** 'bot': the dialogs answered; 'channel': the SMS channel itself did (STOP, HELP, ...). */
  by: 'bot' | 'channel';
  /** The replies go even to a number that opted out (the answer to STOP). */
  evenIfOptedOut: boolean;
}
/**
 * 'abandoned': the turn itself failed too often; 'expired': the replies could not be handed to
 * the provider within the retry horizon, and were dropped.
 */
export type InboxOutcome = 'replied' | 'keyword' | 'ignored' | 'failed' | 'abandoned' | 'expired';

export interface InboxMessage {
  /** Twilio's MessageSid (or the simulator's). */
  messageSid: string;
  conversationId: string;
  receivedAt: Date;
  status: InboxStatus;
  outcome?: InboxOutcome;
  /** How many times the turn was started (before it was taken). */
  attempts: number;
  /** How many times its replies could not be handed over (the provider down); see `deferRetry`. */
  sendTries?: number;
  /** Not retried by the sweep before this time (backoff while the provider is down). */
  retryAt?: Date;
  /** Sealed at rest. */
  message: InboundSms;
  /** Sealed at rest. */
  replyParts: SmsReplyPart[];
  /** Set once the turn ran; a retry then only sends the kept replies. */
  taken?: InboxTaken;
  doneAt?: Date;
}

export interface SmsInbox {
  /** Stores a received text as pending. Returns false (and changes nothing) if its MessageSid is already stored. */
  add(props: {
    messageSid: string;
    conversationId: string;
    receivedAt: Date;
    message: InboundSms;
  }): Promise<boolean>;
  get(messageSid: string): Promise<InboxMessage | null>;
  /** The conversation's oldest pending text (arrival order). */
  nextPending(conversationId: string): Promise<InboxMessage | null>;
  /**
   * Conversations with pending texts, those waiting longest first; with `now`, only those whose
   * oldest pending text is not waiting for a later retry (`retryAt` after `now`).
   */
  conversationsWithPending(limit: number, now?: Date): Promise<string[]>;
  /** Counts one more attempt at processing; returns the new count. */
  recordAttempt(messageSid: string): Promise<number>;
  /** Its replies could not be handed over: counts the try and sets when to try again; returns the count. */
  deferRetry(messageSid: string, retryAt: Date): Promise<number>;
  appendReplyPart(messageSid: string, part: SmsReplyPart): Promise<void>;
  clearReplyParts(messageSid: string): Promise<void>;
  markTaken(messageSid: string, taken: InboxTaken): Promise<void>;
  markDone(messageSid: string, outcome: InboxOutcome, at: Date): Promise<void>;
  /** Removes finished texts received before the date (retention). */
  eraseDoneBefore(date: Date): Promise<number>;
  eraseConversation(conversationId: string): Promise<number>;
}

// ---- Outbox: texts we send, and what Twilio says became of them ---------------------------------

export type SmsPurpose = 'reply' | 'proactive' | 'staff_alert' | 'parent';

/** Twilio's message statuses, plus ours for texts not handed to Twilio. */
export type OutboundStatus =
  | 'composed'
  | 'accepted'
  | 'scheduled'
  | 'queued'
  | 'sending'
  | 'sent'
  | 'delivered'
  | 'undelivered'
  | 'failed'
  | 'read'
  | 'canceled'
  | 'suppressed';

export interface OutboundSms {
  /** `${turnKey}#${index}`. */
  id: string;
  /** Groups the texts of one turn: the inbound MessageSid, or an id for a proactive turn or alert. */
  turnKey: string;
  index: number;
  conversationId?: string;
  /** Keyed hash of the recipient's number (so a late "unsubscribed" error can record the opt-out). */
  phoneHash: string;
  purpose: SmsPurpose;
  transport: SmsTransportKind;
  /** Sealed at rest. */
  body: string;
  /** Set once the transport accepted it. */
  providerSid?: string;
  /**
   * Set just before it is handed to the transport. A text with this set and no `providerSid` may
   * or may not have been sent (a crash or a time-out in between): it is looked up before it is
   * sent again.
   */
  attemptedAt?: Date;
  status: OutboundStatus;
  errorCode?: number;
  createdAt: Date;
  updatedAt: Date;
}

export interface SmsOutbox {
  /**
   * Records the texts composed for a turn, keeping any already recorded under the same turn key
   * (so that a turn retried after a crash sends nothing twice). Returns the turn's texts in order.
   */
  compose(
    turnKey: string,
    texts: Array<
      Pick<OutboundSms, 'body' | 'purpose' | 'transport' | 'phoneHash'> & { conversationId?: string }
    >,
    at: Date,
  ): Promise<OutboundSms[]>;
  listTurn(turnKey: string): Promise<OutboundSms[]>;
  /** Records that the text is about to be handed to the transport. */
  markAttempted(id: string, at: Date): Promise<void>;
  markSent(id: string, providerSid: string, status: OutboundStatus, at: Date): Promise<void>;
  markUnsent(
    id: string,
    status: 'failed' | 'suppressed',
    errorCode: number | undefined,
    at: Date,
  ): Promise<void>;
  /**
   * Records a delivery status from a status callback. A status that arrives after a later one
   * (callbacks can arrive out of order) is ignored. Returns the text, or null if unknown.
   */
  recordStatus(
    providerSid: string,
    status: OutboundStatus,
    errorCode: number | undefined,
    at: Date,
  ): Promise<OutboundSms | null>;
  getByProviderSid(providerSid: string): Promise<OutboundSms | null>;
  eraseBefore(date: Date): Promise<number>;
  /** Removes every text of a conversation (a parent's erasure request). */
  eraseConversation(conversationId: string): Promise<number>;
}

// ---- Opt-outs (STOP / START) ---------------------------------------------------------------------

export interface SmsOptOut {
  /** Keyed hash of the phone number. */
  phoneHash: string;
  optedOut: boolean;
  /** The keyword or reason that set the current state, e.g. "STOP", "START", "twilio:21610". */
  reason: string;
  updatedAt: Date;
}

export interface SmsOptOutStore {
  optOut(phoneHash: string, reason: string, at: Date): Promise<void>;
  optIn(phoneHash: string, reason: string, at: Date): Promise<void>;
  isOptedOut(phoneHash: string): Promise<boolean>;
  get(phoneHash: string): Promise<SmsOptOut | null>;
}

export interface SmsStores {
  conversations: SmsConversationStore;
  inbox: SmsInbox;
  outbox: SmsOutbox;
  optOuts: SmsOptOutStore;
}
