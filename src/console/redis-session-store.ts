import { ErrorCode, WardgateError } from '../errors/wardgate-error.js';
import type { RedisClient } from '../grants/redis-client.js';
import type { ConsoleSession, PendingLogin } from './console-session.js';
import type { SessionStore } from './session-store.js';

export interface RedisSessionStoreOptions {
  client: RedisClient;
  /** @default 'wardgate:' */
  keyPrefix?: string;
}

/**
 * Sessions as JSON strings with a Redis TTL (PX), so Redis forgets them by itself, and a sorted
 * set of ids by `dueAt` for the expiry sweep. Two commands, not MULTI: the keys may sit in
 * different cluster slots; the sweep drops index entries whose session is gone. `takeLogin`
 * is GETDEL: two callbacks racing with one state cannot both use it. Failures are Unavailable:
 * the console answers 503 and nobody is signed in by accident.
 */
export class RedisSessionStore implements SessionStore {
  private readonly base: string;

  constructor(private readonly options: RedisSessionStoreOptions) {
    this.base = `${options.keyPrefix ?? 'wardgate:'}console:`;
  }

  async put(id: string, session: ConsoleSession, ttlMs: number, dueAt: number): Promise<void> {
    await this.call(() => this.options.client.set(`${this.base}session:${id}`, JSON.stringify(session), 'PX', Math.max(1, Math.ceil(ttlMs))));
    await this.call(() => this.options.client.zadd(`${this.base}session-due`, dueAt, id));
  }

  async get(id: string): Promise<ConsoleSession | undefined> {
    const text = await this.call(() => this.options.client.get(`${this.base}session:${id}`));
    return text === null ? undefined : (JSON.parse(text) as ConsoleSession);
  }

  async delete(id: string): Promise<boolean> {
    const removed = await this.call(() => this.options.client.del(`${this.base}session:${id}`));
    await this.call(() => this.options.client.zrem(`${this.base}session-due`, id));
    return removed === 1;
  }

  async due(now: number, limit: number): Promise<string[]> {
    return this.call(() => this.options.client.zrangebyscore(`${this.base}session-due`, '-inf', now, 'LIMIT', 0, limit));
  }

  async putLogin(id: string, login: PendingLogin, ttlMs: number): Promise<void> {
    await this.call(() => this.options.client.set(`${this.base}login:${id}`, JSON.stringify(login), 'PX', Math.max(1, Math.ceil(ttlMs))));
  }

  async takeLogin(id: string): Promise<PendingLogin | undefined> {
    const text = await this.call(() => this.options.client.getdel(`${this.base}login:${id}`));
    return text === null ? undefined : (JSON.parse(text) as PendingLogin);
  }

  async ping(): Promise<void> {
    await this.call(() => this.options.client.ping());
  }

  /** The client is shared with grants and approvals; whoever created it closes it. */
  close(): Promise<void> {
    return Promise.resolve();
  }

  private async call<T>(run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (cause) {
      throw new WardgateError(ErrorCode.Unavailable, 'console session store unavailable', { cause });
    }
  }
}
