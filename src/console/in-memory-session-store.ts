import type { Clock } from '../clock/clock.js';
import type { ConsoleSession, PendingLogin } from './console-session.js';
import type { SessionStore } from './session-store.js';

interface Entry<T> {
  value: T;
  expiresAt: number;
  dueAt?: number;
}

// A bound so that a flood of sign-in starts cannot grow memory without limit.
const maxEntries = 100_000;

/** Sessions in this process; they end with it. For one replica and for tests. */
export class InMemorySessionStore implements SessionStore {
  private readonly sessions = new Map<string, Entry<ConsoleSession>>();
  private readonly logins = new Map<string, Entry<PendingLogin>>();

  constructor(private readonly clock: Clock) {}

  put(id: string, session: ConsoleSession, ttlMs: number, dueAt: number): Promise<void> {
    this.bound(this.sessions);
    this.sessions.set(id, { value: structuredClone(session), expiresAt: this.clock.now() + ttlMs, dueAt });
    return Promise.resolve();
  }

  get(id: string): Promise<ConsoleSession | undefined> {
    return Promise.resolve(this.read(this.sessions, id));
  }

  delete(id: string): Promise<boolean> {
    return Promise.resolve(this.sessions.delete(id));
  }

  due(now: number, limit: number): Promise<string[]> {
    const ids: string[] = [];
    for (const [id, entry] of this.sessions) {
      if (ids.length >= limit) break;
      if ((entry.dueAt ?? entry.expiresAt) <= now) ids.push(id);
    }
    return Promise.resolve(ids);
  }

  putLogin(id: string, login: PendingLogin, ttlMs: number): Promise<void> {
    this.bound(this.logins);
    this.logins.set(id, { value: { ...login }, expiresAt: this.clock.now() + ttlMs });
    return Promise.resolve();
  }

  takeLogin(id: string): Promise<PendingLogin | undefined> {
    const login = this.read(this.logins, id);
    this.logins.delete(id);
    return Promise.resolve(login);
  }

  ping(): Promise<void> {
    return Promise.resolve();
  }

  close(): Promise<void> {
    this.sessions.clear();
    this.logins.clear();
    return Promise.resolve();
  }

  private read<T>(map: Map<string, Entry<T>>, id: string): T | undefined {
    const entry = map.get(id);
    if (entry === undefined) return undefined;
    if (entry.expiresAt <= this.clock.now()) {
      map.delete(id);
      return undefined;
    }
    return structuredClone(entry.value);
  }

  private bound<T>(map: Map<string, Entry<T>>): void {
    if (map.size < maxEntries) return;
    const now = this.clock.now();
    for (const [key, entry] of map) if (entry.expiresAt <= now) map.delete(key);
    // Still full: drop the oldest (Map keeps insertion order).
    while (map.size >= maxEntries) map.delete(map.keys().next().value as string);
  }
}
