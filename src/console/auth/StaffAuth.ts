import { randomBytes, timingSafeEqual } from 'node:crypto';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import type { Request, Response } from 'restify';
import type { Config } from '../../config';
import type { Content } from '../../content/loadContent';
import { HttpError, forbidden, unauthorized } from '../../http/errors';
import type { AuditLog, SessionStore, StaffAccount, StaffSession, StaffStore } from '../../store/ports';
import { scopeOf, type SchoolScope } from '../access';
import { hashPassword, verifyPassword } from './passwords';

export interface SignedIn {
  account: StaffAccount;
  session: StaffSession;
  scope: SchoolScope;
}

export interface StaffAuthDeps {
  staff: StaffStore;
  sessions: SessionStore;
  audit: AuditLog;
  content: Pick<Content, 'schools'>;
  settings: Config['console'];
  now?: () => Date;
}

const WRONG_CREDENTIALS = 'That e-mail address and password do not match an account.';
/** Requests a page makes by itself (live refreshes) send this, so they do not count as activity. */
export const BACKGROUND_HEADER = 'x-console-background';
export const CSRF_HEADER = 'x-csrf-token';

const token = () => randomBytes(32).toString('base64url');

/**
 * Console sign-in: argon2 password check, lockout after repeated failures, sessions in the store
 * (HttpOnly, SameSite=Strict cookie; Secure with the `__Host-` prefix over https) with an idle
 * timeout and an absolute limit, and a per-session CSRF token for every state-changing request.
 */
export class StaffAuth {
  readonly cookieName: string;
  private readonly now: () => Date;
  private dummyHash: Promise<string> | undefined;

  private readonly perAddress: RateLimiterMemory;
  private readonly perAccount: RateLimiterMemory;

  constructor(private readonly deps: StaffAuthDeps) {
    this.cookieName = deps.settings.secureCookies ? '__Host-psa_console' : 'psa_console';
    this.now = deps.now ?? (() => new Date());
    const duration = Math.ceil(deps.settings.lockoutMs / 1000);
    this.perAddress = new RateLimiterMemory({ points: deps.settings.loginAttemptsPerAddress, duration });
    this.perAccount = new RateLimiterMemory({ points: deps.settings.loginAttemptsPerAccount, duration });
  }

  /** 429 when the address or the e-mail has used its attempts for now (memory is bounded by both limits' windows). */
  private async limit(address: string, email: string): Promise<void> {
    try {
      await this.perAddress.consume(address);
      await this.perAccount.consume(email.trim().toLowerCase());
    } catch (err) {
      if (!(err instanceof RateLimiterRes)) throw err;
      const minutes = Math.max(1, Math.ceil(err.msBeforeNext / 60_000));
      throw new HttpError(
        429,
        'TooManySignInAttempts',
        `Too many sign-in attempts. Try again in ${minutes} minute${minutes === 1 ? '' : 's'}.`,
      );
    }
  }

  /**
   * Checks an e-mail and password from `address`. Both the address and the e-mail (whether or not
   * it has an account) have a limited number of attempts per lockout period, taken before any
   * work; an account's attempt is counted in the store before its password is checked, so guesses
   * sent in parallel cannot get past the lockout.
   */
  async login(email: string, password: string, address: string): Promise<SignedIn> {
    const { staff, audit, settings } = this.deps;
    const now = this.now();
    await this.limit(address, email);
    const account = await staff.getByEmail(email);
    if (!account || account.disabled) {
      // Same work as a real check, so timing does not tell whether the e-mail has an account.
      this.dummyHash ??= hashPassword(token());
      await verifyPassword(await this.dummyHash, password);
      await audit.record({ at: now, actorId: 'unknown', action: 'auth.login_failed', detail: 'no_account' });
      throw unauthorized(WRONG_CREDENTIALS);
    }
    const attempt = await staff.countLoginAttempt(account.id, now);
    if (attempt === null || attempt > settings.lockoutAttempts) {
      const lockedUntil =
        account.lockedUntil && account.lockedUntil > now
          ? account.lockedUntil
          : new Date(now.getTime() + settings.lockoutMs);
      await audit.record({ at: now, actorId: account.id, action: 'auth.login_refused', detail: 'locked' });
      throw lockedError(lockedUntil, now);
    }
    if (!(await verifyPassword(account.passwordHash, password))) {
      await audit.record({
        at: now,
        actorId: account.id,
        action: 'auth.login_failed',
        detail: `failures:${attempt}`,
      });
      if (attempt >= settings.lockoutAttempts) {
        const lockedUntil = new Date(now.getTime() + settings.lockoutMs);
        await staff.lock(account.id, lockedUntil);
        await audit.record({ at: now, actorId: account.id, action: 'auth.locked' });
        throw lockedError(lockedUntil, now);
      }
      throw unauthorized(WRONG_CREDENTIALS);
    }
    await staff.clearFailedLogins(account.id);
    const session = await this.deps.sessions.create({
      token: token(),
      staffId: account.id,
      csrfToken: token(),
      createdAt: now,
      lastSeenAt: now,
      expiresAt: new Date(now.getTime() + Math.min(settings.sessionIdleMs, settings.sessionMaxMs)),
      absoluteExpiresAt: new Date(now.getTime() + settings.sessionMaxMs),
    });
    await audit.record({ at: now, actorId: account.id, action: 'auth.login' });
    return { account, session, scope: scopeOf(account, this.deps.content) };
  }

  /**
   * The signed-in account for a request, or 401. State-changing requests must carry the session's
   * CSRF token. A request counts as activity (moves the idle timeout) unless the page marked it as
   * a background refresh.
   */
  async authenticate(req: Request, options: { csrf: boolean }): Promise<SignedIn> {
    const sessionToken = readCookie(req.headers.cookie, this.cookieName);
    if (!sessionToken) throw unauthorized();
    const now = this.now();
    const background = req.headers[BACKGROUND_HEADER] === '1';
    const session = background
      ? await this.deps.sessions.get(sessionToken, now)
      : await this.deps.sessions.touch(sessionToken, now, this.deps.settings.sessionIdleMs);
    if (!session) throw unauthorized('Your session has ended. Sign in again.');
    if (options.csrf && !sameSecret(req.headers[CSRF_HEADER], session.csrfToken)) {
      throw forbidden(
        'This request is missing its security token. Reload the page and try again.',
        'CsrfTokenInvalid',
      );
    }
    const account = await this.deps.staff.get(session.staffId);
    if (!account || account.disabled) {
      await this.deps.sessions.delete(sessionToken);
      throw unauthorized();
    }
    return { account, session, scope: scopeOf(account, this.deps.content) };
  }

  /** Whether the session behind a long-lived request (a live update stream) is still valid. */
  async stillSignedIn(signedIn: SignedIn): Promise<boolean> {
    return (await this.deps.sessions.get(signedIn.session.token, this.now())) !== null;
  }

  async logout(signedIn: SignedIn): Promise<void> {
    await this.deps.sessions.delete(signedIn.session.token);
    await this.deps.audit.record({ at: this.now(), actorId: signedIn.account.id, action: 'auth.logout' });
  }

  setSessionCookie(res: Response, session: StaffSession): void {
    res.header('Set-Cookie', this.cookie(session.token, []));
  }

  clearSessionCookie(res: Response): void {
    res.header('Set-Cookie', this.cookie('', ['Max-Age=0']));
  }

  private cookie(value: string, extra: string[]): string {
    return [
      `${this.cookieName}=${value}`,
      'Path=/',
      'HttpOnly',
      'SameSite=Strict',
      ...(this.deps.settings.secureCookies ? ['Secure'] : []),
      ...extra,
    ].join('; ');
  }
}

function lockedError(until: Date, now: Date): HttpError {
  const minutes = Math.max(1, Math.ceil((until.getTime() - now.getTime()) / 60_000));
  return new HttpError(
    423,
    'AccountLocked',
    `This account is locked after too many wrong passwords. Try again in ${minutes} minute${minutes === 1 ? '' : 's'}, or ask an admin to unlock it.`,
  );
}

export function readCookie(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq === -1) continue;
    if (part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim() || undefined;
  }
  return undefined;
}

function sameSecret(given: string | string[] | undefined, expected: string): boolean {
  if (typeof given !== 'string') return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
