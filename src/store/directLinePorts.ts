/**
 * The local Direct Line's store: its conversations and the activity log of each, so that a page
 * reload, a restart or another instance (on MongoDB) continues a web chat where it was. Activities
 * hold what a parent wrote and are sealed at rest; they expire after the history retention.
 */

export interface DirectLineConversation {
  /** Random and unguessable; also the Bot Framework conversation id. */
  id: string;
  /** The school whose widget started it, when known. */
  schoolId?: string;
  /** The Bot Framework user id of the parent in this conversation. */
  userId: string;
  /** Keyed hash of the conversation (see `conversationKeyFor`), so an erasure by key can find it. */
  conversationKey: string;
  createdAt: Date;
  updatedAt: Date;
  /** The last watermark given out; 0 before the first activity. */
  watermark: number;
}

/** An activity as JSON carries it to a client (dates as ISO strings). */
export interface WireActivity {
  id: string;
  type: string;
  [field: string]: unknown;
}

export interface DirectLineEntry {
  conversationId: string;
  /** 1, 2, 3… in the order the log accepted them. */
  watermark: number;
  at: Date;
  /** The activity as clients receive it (sealed at rest). */
  activity: WireActivity;
  /** A parent's activity whose bot turn has not finished yet (see `claimTurn`, `finishTurn`). */
  pendingTurn?: boolean;
  /** Returned by `append` for an activity already logged under the same `dedupeKey`. */
  duplicate?: boolean;
}

export interface AppendOptions {
  /**
   * Unique within the conversation (a client's activity id, or a turn's n-th reply): if an entry
   * was logged under it already, `append` returns that entry (with `duplicate`) and logs nothing.
   */
  dedupeKey?: string;
  /** The activity is a parent's, and its bot turn is still to run. */
  pendingTurn?: boolean;
}

export interface DirectLineStore {
  /** Throws DuplicateKeyError if the id is taken. */
  createConversation(
    conversation: Omit<DirectLineConversation, 'watermark' | 'updatedAt'>,
  ): Promise<DirectLineConversation>;
  getConversation(id: string): Promise<DirectLineConversation | null>;
  /** Keeps a conversation (and its history) from expiring while its parent is still there. */
  touchConversation(id: string, at: Date): Promise<void>;
  /**
   * Gives the next watermark of the conversation to the activity `build` returns and appends it,
   * atomically across instances. Resolves null when the conversation does not exist.
   */
  append(
    conversationId: string,
    build: (watermark: number) => WireActivity,
    at: Date,
    options?: AppendOptions,
  ): Promise<DirectLineEntry | null>;
  /**
   * Claims the pending turn of an entry until `until`, unless it is finished or another runner
   * holds an unexpired claim. Resolves with the entry when claimed, otherwise null.
   */
  claimTurn(
    conversationId: string,
    watermark: number,
    until: Date,
    now: Date,
  ): Promise<DirectLineEntry | null>;
  /** The entry's bot turn has run. */
  finishTurn(conversationId: string, watermark: number): Promise<void>;
  /** Entries whose bot turn has not finished, logged before `before`, oldest first. */
  pendingTurns(before: Date, limit: number): Promise<DirectLineEntry[]>;
  /**
   * Drops every claim on a pending turn. Only for a store one process owns (the embedded one), at
   * start: any claim found then was left by a process that died.
   */
  dropTurnClaims(): Promise<number>;
  /**
   * Entries after the watermark, oldest first, at most `limit`. Never skips over a watermark
   * that was given out but whose entry is still being written (it stops before it instead), so a
   * client that resumes from the last watermark it saw misses nothing.
   */
  listAfter(conversationId: string, watermark: number, limit: number): Promise<DirectLineEntry[]>;
  /** Called with the conversation id when an entry is appended (by any instance where the backend can tell). */
  onAppend(listener: (conversationId: string) => void): () => void;
  /** Erases a conversation and its log (a parent's erasure request); returns how many entries went. */
  eraseByConversationKey(conversationKey: string): Promise<number>;
  /** Removes conversations and entries whose history expired by `now` (retention sweep); returns entries. */
  eraseExpired(now: Date): Promise<number>;
}
