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
 * Sessions as JSON strings with a Redis TTL (PX), so Redis forgets them by itself. `takeLogin`
 * is GETDEL: two callbacks racing with one state cannot both use it. Failures are Unavailable:
 * the console answers 503 and nobody is signed in by accident.
 */
export class RedisSessionStore implements SessionStore {
  private readonly base: string;

  constructor(private readonly options: RedisSessionStoreOptions) {
    this.base = `${options.keyPrefix ?? 'wardgate:'}console:`;
  }

  async put(id: string, session: ConsoleSession, ttlMs: number): Promise<void> {
    await this.call(() => this.options.client.set(`${this.base}session:${id}`, JSON.stringify(session), 'PX', Math.max(1, Math.ceil(ttlMs))));
  }

  async get(id: string): Promise<ConsoleSession | undefined> {
    const text = await this.call(() => this.options.client.get(`${this.base}session:${id}`));
    return text === null ? undefined : (JSON.parse(text) as ConsoleSession);
  }

  async delete(id: string): Promise<void> {
    await this.call(() => this.options.client.del(`${this.base}session:${id}`));
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
