import type { Sealer } from '../../security/sealer';

const VERSION = 'dl1';
/** A stream token only opens a WebSocket, straight after it was handed out. */
const STREAM_TOKEN_SECONDS = 120;

export interface ConversationGrant {
  conversationId: string;
  userId: string;
  schoolId?: string;
}

export interface VerifiedToken extends ConversationGrant {
  kind: 'conversation' | 'stream';
  expiresAt: Date;
}

interface Payload {
  k: 'c' | 's';
  c: string;
  u: string;
  s?: string;
  /** Expiry, in seconds since the epoch. */
  e: number;
}

export type TokenProblem = 'malformed' | 'bad_signature' | 'expired' | 'wrong_kind';

export class TokenError extends Error {
  constructor(readonly problem: TokenProblem) {
    super(`Direct Line token refused: ${problem}`);
    this.name = 'TokenError';
  }
}

/**
 * Short-lived signed tokens for the local Direct Line, each bound to one conversation, its user
 * and school: `dl1.<payload>.<signature>`, the payload being base64url JSON and the signature
 * `Sealer.sign` (an HMAC under the data key, so every instance accepts every other's tokens).
 * They hold no personal data. Refreshing issues a new token with a later expiry.
 */
export class DirectLineTokens {
  constructor(
    private readonly sealer: Sealer,
    readonly ttlSeconds: number,
    private readonly now: () => Date = () => new Date(),
  ) {}

  issue(grant: ConversationGrant): { token: string; expiresIn: number } {
    return { token: this.encode('c', grant, this.ttlSeconds), expiresIn: this.ttlSeconds };
  }

  /** A token that only opens the WebSocket stream of the conversation, for a couple of minutes. */
  issueStream(grant: ConversationGrant): string {
    return this.encode('s', grant, STREAM_TOKEN_SECONDS);
  }

  /** Throws TokenError when the token is not one of ours, not of that kind, or expired. */
  verify(token: string, kind: VerifiedToken['kind']): VerifiedToken {
    const parts = token.split('.');
    if (parts.length !== 3 || parts[0] !== VERSION || !parts[1] || !parts[2]) {
      throw new TokenError('malformed');
    }
    if (!this.sealer.verify(`${VERSION}.${parts[1]}`, parts[2])) throw new TokenError('bad_signature');
    let payload: Payload;
    try {
      payload = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8')) as Payload;
    } catch {
      throw new TokenError('malformed');
    }
    if (typeof payload.c !== 'string' || typeof payload.u !== 'string' || typeof payload.e !== 'number') {
      throw new TokenError('malformed');
    }
    if ((payload.k === 'c' ? 'conversation' : 'stream') !== kind) throw new TokenError('wrong_kind');
    if (payload.e * 1000 <= this.now().getTime()) throw new TokenError('expired');
    return {
      kind,
      conversationId: payload.c,
      userId: payload.u,
      ...(typeof payload.s === 'string' ? { schoolId: payload.s } : {}),
      expiresAt: new Date(payload.e * 1000),
    };
  }

  private encode(kind: Payload['k'], grant: ConversationGrant, seconds: number): string {
    const payload: Payload = {
      k: kind,
      c: grant.conversationId,
      u: grant.userId,
      ...(grant.schoolId !== undefined ? { s: grant.schoolId } : {}),
      e: Math.floor(this.now().getTime() / 1000) + seconds,
    };
    const body = Buffer.from(JSON.stringify(payload), 'utf8').toString('base64url');
    return `${VERSION}.${body}.${this.sealer.sign(`${VERSION}.${body}`)}`;
  }
}
