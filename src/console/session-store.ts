import type { ConsoleSession, PendingLogin } from './console-session.js';

/**
 * Server-side console state. Ids are the SHA-256 of the cookie values (see session-ids.ts), so a
 * dump of the store does not hand out live cookies. Implementations: in-memory (one replica) and
 * Redis (several replicas, sessions survive a restart).
 */
export interface SessionStore {
  /**
   * Stores `session` under `id` until `ttlMs` from now (the store forgets it by itself after);
   * `dueAt` is when it expires unless used again, the order `due` lists it in.
   */
  put(id: string, session: ConsoleSession, ttlMs: number, dueAt: number): Promise<void>;
  get(id: string): Promise<ConsoleSession | undefined>;
  /** True when this call removed it: of replicas racing to end one session, one records the end. */
  delete(id: string): Promise<boolean>;
  /** Ids of sessions whose `dueAt` is at or before `now`, at most `limit` of them (for the expiry sweep). */
  due(now: number, limit: number): Promise<string[]>;
  /** A sign-in under way, kept `ttlMs`. */
  putLogin(id: string, login: PendingLogin, ttlMs: number): Promise<void>;
  /** Reads and removes in one step: a callback can use a pending login once. */
  takeLogin(id: string): Promise<PendingLogin | undefined>;
  ping(): Promise<void>;
  close(): Promise<void>;
}
