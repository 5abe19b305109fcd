import type { ConsoleSessionAction } from '../audit/audit-event.js';
import type { AuditRecorder } from '../audit/audit-recorder.js';
import { createKeyedHex } from '../audit/command-hasher.js';
import type { WardgateError } from '../errors/wardgate-error.js';
import type { ConsoleUser } from './console-session.js';

/** Why a sign-in was refused (`details.reason` of a `refused` event): a closed set, never the IdP's text. */
export type SignInRefusal = 'no_console_group' | 'state_mismatch' | 'login_expired' | 'idp_error' | 'no_code' | 'token_refused';

/**
 * Writes `console.session` events. The actor is shaped as the admin API's (`user` = OIDC subject,
 * `groups`); the session is named only by a keyed hash of its store key, so the log holds no
 * cookie, token or usable session id.
 */
export class ConsoleAudit {
  private readonly keyedHex: (message: string, hexChars?: number) => string;

  constructor(private readonly recorder: AuditRecorder, hashKey: Buffer) {
    this.keyedHex = createKeyedHex(hashKey);
  }

  /** A keyed reference to a session (its store key), the same in every event of that session. */
  sessionRef(storeKey: string): string {
    return `h:${this.keyedHex(`console-session:${storeKey}`, 32)}`;
  }

  /** `admin` stakes: a sign-in that cannot be audited must not happen; the caller gets the error. */
  signedIn(user: ConsoleUser, storeKey: string): Promise<WardgateError | undefined> {
    return this.record('signed_in', user, { session: this.sessionRef(storeKey) }, 'admin');
  }

  signedOut(user: ConsoleUser, storeKey: string): Promise<WardgateError | undefined> {
    return this.record('signed_out', user, { session: this.sessionRef(storeKey) }, 'record');
  }

  expired(user: ConsoleUser, storeKey: string, why: 'idle' | 'absolute'): Promise<WardgateError | undefined> {
    return this.record(why === 'idle' ? 'expired_idle' : 'expired_absolute', user, { session: this.sessionRef(storeKey) }, 'record');
  }

  /** With `user` only when the identity provider vouched for them (`no_console_group`). */
  refused(reason: SignInRefusal, user?: ConsoleUser): Promise<WardgateError | undefined> {
    return this.record('refused', user, { reason }, 'record');
  }

  private record(action: ConsoleSessionAction, user: ConsoleUser | undefined, details: Record<string, string>, stakes: 'admin' | 'record'): Promise<WardgateError | undefined> {
    return this.recorder.record({
      kind: 'console.session',
      ...(user ? { actor: { user: user.subject, groups: [...user.groups] } } : {}),
      details: { action, source: 'console', ...details },
    }, stakes);
  }
}
