import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Clock } from '../clock/clock.js';
import { ErrorCode, WardgateError } from '../errors/wardgate-error.js';
import type { ConsoleAudit } from './console-audit.js';
import type { ConsoleSession, ConsoleUser, PendingLogin } from './console-session.js';
import { LOGIN_COOKIE, parseCookies, SESSION_COOKIE } from './cookies.js';
import { randomToken } from './oidc-client.js';
import type { SessionStore } from './session-store.js';

/** A sign-in that is not finished in this time starts over. */
export const LOGIN_TTL_MS = 10 * 60_000;
/** Background calls (the page polling) do not count as activity for the idle timeout. */
export const BACKGROUND_HEADER = 'x-wardgate-background';
/** Idle time is written back at most this often (or a quarter of the idle timeout), not on every call. */
const touchEveryMs = 15_000;
/**
 * A session stays in the store this long past its absolute timeout, so that the sweep (or the
 * next lookup) still finds it and records how it ended, even after an outage of this length.
 */
export const EXPIRY_RECORD_GRACE_MS = 10 * 60_000;
/** Sessions ended per sweep; the rest wait for the next one. */
const sweepBatch = 500;

export interface ConsoleSessionsOptions {
  store: SessionStore;
  clock: Clock;
  idleTimeoutMs: number;
  absoluteTimeoutMs: number;
  /** Records sign-in, sign-out and expiry (`console.session`); unset in specs that do not look. */
  audit?: ConsoleAudit;
}

/** Store key of a cookie value: a dump of the store gives no usable cookie. */
export function storeKeyOf(cookieValue: string): string {
  return createHash('sha256').update(cookieValue).digest('base64url');
}

/** Compares two secrets in constant time (lengths may differ). */
export function sameSecret(a: string, b: string): boolean {
  const x = createHash('sha256').update(a).digest();
  const y = createHash('sha256').update(b).digest();
  return timingSafeEqual(x, y) && a.length === b.length;
}

/** Sessions over a store: start on sign-in, find from the cookie with both timeouts, end on logout. */
export class ConsoleSessions {
  constructor(private readonly options: ConsoleSessionsOptions) {}

  /** A new session (never reusing an earlier id: no fixation); returns the cookie value. */
  async start(user: ConsoleUser): Promise<{ cookieValue: string; session: ConsoleSession }> {
    const now = this.options.clock.now();
    const cookieValue = randomToken();
    const session: ConsoleSession = { user, csrfToken: randomToken(), createdAt: now, lastSeenAt: now, absoluteExpiresAt: now + this.options.absoluteTimeoutMs };
    const key = storeKeyOf(cookieValue);
    await this.options.store.put(key, session, this.ttlOf(session), this.dueAtOf(session));
    const unaudited = await this.options.audit?.signedIn(user, key);
    if (unaudited !== undefined) {
      // A sign-in nobody can see later does not happen.
      await this.options.store.delete(key);
      throw unaudited;
    }
    return { cookieValue, session };
  }

  /** The session the request's cookie names, still inside both timeouts; undefined otherwise. Counts as activity unless the call is a background one. */
  find(req: IncomingMessage): Promise<ConsoleSession | undefined> {
    return this.lookup(req, req.headers[BACKGROUND_HEADER] === undefined);
  }

  /**
   * As `find`, but never counts as activity: for what the browser holds open or repeats by
   * itself (the live approvals stream and its re-checks), which must not keep an idle session alive.
   */
  peek(req: IncomingMessage): Promise<ConsoleSession | undefined> {
    return this.lookup(req, false);
  }

  private async lookup(req: IncomingMessage, activity: boolean): Promise<ConsoleSession | undefined> {
    const cookieValue = parseCookies(req.headers.cookie).get(SESSION_COOKIE);
    if (cookieValue === undefined || cookieValue.length > 128) return undefined;
    const key = storeKeyOf(cookieValue);
    const session = await this.options.store.get(key);
    if (session === undefined) return undefined;
    const now = this.options.clock.now();
    if (now >= this.dueAtOf(session)) {
      await this.expire(key, session);
      return undefined;
    }
    if (activity && now - session.lastSeenAt >= Math.min(touchEveryMs, this.options.idleTimeoutMs / 4)) {
      const touched = { ...session, lastSeenAt: now };
      await this.options.store.put(key, touched, this.ttlOf(touched), this.dueAtOf(touched));
      return touched;
    }
    return session;
  }

  /**
   * Ends the sessions that timed out with nobody calling back, recording each one's expiry.
   * Returns how many it ended. Safe on several replicas at once: one of them removes each.
   */
  async sweep(): Promise<number> {
    const now = this.options.clock.now();
    let ended = 0;
    for (const key of await this.options.store.due(now, sweepBatch)) {
      const session = await this.options.store.get(key);
      // Gone (the store forgot it): drop its index entry. Used again since: not due after all.
      if (session === undefined) await this.options.store.delete(key);
      else if (now >= this.dueAtOf(session) && (await this.expire(key, session))) ended++;
    }
    return ended;
  }

  /** Which timeout ended it is the one that came first. */
  private async expire(key: string, session: ConsoleSession): Promise<boolean> {
    if (!(await this.options.store.delete(key))) return false;
    const why = session.absoluteExpiresAt <= session.lastSeenAt + this.options.idleTimeoutMs ? 'absolute' : 'idle';
    await this.options.audit?.expired(session.user, key, why);
    return true;
  }

  /** Whether the request carries a session cookie at all (to tell "signed out" from "no console user"). */
  static hasCookie(req: IncomingMessage): boolean {
    return parseCookies(req.headers.cookie).has(SESSION_COOKIE);
  }

  /** Signs out the session the request names (found with `find`); records it once. */
  async end(req: IncomingMessage, session: ConsoleSession): Promise<void> {
    const cookieValue = parseCookies(req.headers.cookie).get(SESSION_COOKIE);
    if (cookieValue === undefined) return;
    const key = storeKeyOf(cookieValue);
    if (await this.options.store.delete(key)) await this.options.audit?.signedOut(session.user, key);
  }

  async beginLogin(): Promise<{ loginId: string; login: PendingLogin }> {
    const loginId = randomToken();
    const login: PendingLogin = { state: randomToken(), nonce: randomToken(), codeVerifier: randomToken(), createdAt: this.options.clock.now() };
    await this.options.store.putLogin(storeKeyOf(loginId), login, LOGIN_TTL_MS);
    return { loginId, login };
  }

  /** The pending login of this browser, used once; refused when `state` is not the one it was sent with. */
  async finishLogin(req: IncomingMessage, state: string | null): Promise<PendingLogin> {
    const loginId = parseCookies(req.headers.cookie).get(LOGIN_COOKIE);
    if (loginId === undefined) throw new WardgateError(ErrorCode.Unauthenticated, 'no sign-in under way in this browser', { details: { refusal: 'login_expired' } });
    const login = await this.options.store.takeLogin(storeKeyOf(loginId));
    if (login === undefined) throw new WardgateError(ErrorCode.Unauthenticated, 'the sign-in expired or was already used', { details: { refusal: 'login_expired' } });
    if (state === null || !sameSecret(state, login.state)) throw new WardgateError(ErrorCode.Unauthenticated, 'the sign-in state does not match', { details: { refusal: 'state_mismatch' } });
    return login;
  }

  /** When the session ends unless used again: whichever timeout comes first. */
  private dueAtOf(session: ConsoleSession): number {
    return Math.min(session.lastSeenAt + this.options.idleTimeoutMs, session.absoluteExpiresAt);
  }

  /** The store keeps an entry past its timeouts (see EXPIRY_RECORD_GRACE_MS); lookups refuse it from `dueAt` on. */
  private ttlOf(session: ConsoleSession): number {
    return Math.max(1, session.absoluteExpiresAt + EXPIRY_RECORD_GRACE_MS - this.options.clock.now());
  }
}
