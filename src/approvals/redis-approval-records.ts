import { ErrorCode, WardgateError } from '../errors/wardgate-error.js';
import { callRedis, describeRedisError, pingRedis, runRedisScript, toRedisStoreError, waitForRedisReady, type RedisClient } from '../grants/redis-client.js';
import type { Logger } from '../logging/logger.js';
import type { ApprovalRequest, ApprovalStatus } from './approval.js';
import type { ApprovalRecords, CommitMode, CommitResult, StoredApproval } from './approval-records.js';

/**
 * Key layout. Approvals arrive at human speed, so all of them share ONE hash tag (one Cluster
 * slot): the compare-and-set script can then touch the record, its pending key and the
 * indexes atomically, and MGET works in a Cluster.
 *
 *   <prefix>{approvals}:req:<id>      STRING request JSON; PX = pending ttl + retention (7 d);
 *                                      rewritten with KEEPTTL, so a vote never extends it
 *   <prefix>{approvals}:pending:<id>  STRING "1"; PX = pending ttl. Its existence IS the
 *                                      pending window: Redis's own clock expires requests
 *   <prefix>{approvals}:index         ZSET id -> end of retention (for list; pruned on read)
 *   <prefix>{approvals}:due           ZSET id -> expiresAt (pending ones, for the expiry sweep)
 *   <prefix>{approvals}:events        pub/sub channel: {"id","status"} on every change (insert,
 *                                      vote, final outcome, expiry); waiters act on final ones,
 *                                      the console's event stream on all of them
 */
const insertLua = `
if not redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[3], 'NX') then
  return redis.error_reply('ERR approval id already exists')
end
redis.call('SET', KEYS[2], '1', 'PX', ARGV[2])
redis.call('ZADD', KEYS[3], ARGV[5], ARGV[4])
redis.call('ZADD', KEYS[4], ARGV[6], ARGV[4])
redis.call('PUBLISH', ARGV[7], ARGV[8])
return 1
`;

/**
 * Compare-and-set. KEYS: record, pending key, due index. ARGV: expected JSON, new JSON, mode,
 * channel, message, id. The record must still be byte-identical to what the caller read.
 */
const commitLua = `
local current = redis.call('GET', KEYS[1])
if not current then return 'gone' end
if current ~= ARGV[1] then return 'stale' end
local pending = redis.call('EXISTS', KEYS[2]) == 1
if ARGV[3] == 'expire' then
  if pending then return 'not_due' end
elseif not pending then
  return 'not_pending'
end
redis.call('SET', KEYS[1], ARGV[2], 'KEEPTTL')
if ARGV[3] ~= 'vote' then
  redis.call('DEL', KEYS[2])
  redis.call('ZREM', KEYS[3], ARGV[6])
end
redis.call('PUBLISH', ARGV[4], ARGV[5])
return 'ok'
`;

const commands = { insert: 'wardgateApprovalInsert', commit: 'wardgateApprovalCommit' } as const;

export interface RedisApprovalRecordsOptions {
  client: RedisClient;
  logger: Logger;
  /** @default 'wardgate:' */
  keyPrefix?: string;
  /** How long `ready()` waits for the subscriber connection. @default 5000 */
  subscribeTimeoutMs?: number;
  now: () => number;
}

export class RedisApprovalRecords implements ApprovalRecords {
  private readonly client: RedisClient;
  private readonly base: string;
  private readonly channel: string;
  private readonly changeListeners: Array<(id: string, status: ApprovalStatus) => void> = [];
  private readonly resyncListeners: Array<() => void> = [];
  private subscriber: RedisClient | undefined;
  private subscribed: Promise<void> | undefined;
  private closed = false;

  constructor(private readonly options: RedisApprovalRecordsOptions) {
    this.client = options.client;
    this.base = `${options.keyPrefix ?? 'wardgate:'}{approvals}:`;
    this.channel = `${this.base}events`;
    this.client.defineCommand(commands.insert, { lua: insertLua, numberOfKeys: 4 });
    this.client.defineCommand(commands.commit, { lua: commitLua, numberOfKeys: 3 });
  }

  async insert(record: ApprovalRequest, pendingTtlMs: number, retentionMs: number): Promise<void> {
    const id = record.id;
    await this.run(commands.insert, this.key('req', id), this.key('pending', id), `${this.base}index`, `${this.base}due`,
      JSON.stringify(record), pendingTtlMs, pendingTtlMs + retentionMs, id, record.createdAt + pendingTtlMs + retentionMs, record.expiresAt,
      this.channel, JSON.stringify({ id, status: record.status }));
  }

  async read(id: string): Promise<StoredApproval | undefined> {
    const [raw, pending] = await this.call(() => this.client.mget(this.key('req', id), this.key('pending', id)));
    return raw ? { record: JSON.parse(raw) as ApprovalRequest, pending: pending !== null && pending !== undefined, version: raw } : undefined;
  }

  async commit(id: string, expectedVersion: string, next: ApprovalRequest, mode: CommitMode): Promise<CommitResult> {
    const message = JSON.stringify({ id, status: next.status });
    const result = await this.run(commands.commit, this.key('req', id), this.key('pending', id), `${this.base}due`,
      expectedVersion, JSON.stringify(next), mode, this.channel, message, id);
    return result as CommitResult;
  }

  async list(): Promise<StoredApproval[]> {
    const index = `${this.base}index`;
    const ids = await this.call(async () => {
      await this.client.zremrangebyscore(index, '-inf', this.options.now());
      return this.client.zrange(index, 0, -1);
    });
    const result: StoredApproval[] = [];
    for (let i = 0; i < ids.length; i += 200) {
      const chunk = ids.slice(i, i + 200);
      const values = await this.call(() => this.client.mget(...chunk.map((id) => this.key('req', id)), ...chunk.map((id) => this.key('pending', id))));
      chunk.forEach((_, n) => {
        const raw = values[n];
        if (raw) result.push({ record: JSON.parse(raw) as ApprovalRequest, pending: values[chunk.length + n] != null, version: raw });
      });
    }
    return result;
  }

  async due(now: number, limit: number): Promise<string[]> {
    return this.call(() => this.client.zrangebyscore(`${this.base}due`, '-inf', now, 'LIMIT', 0, limit));
  }

  onChange(listener: (id: string, status: ApprovalStatus) => void): void {
    this.changeListeners.push(listener);
  }

  onResync(listener: () => void): void {
    this.resyncListeners.push(listener);
  }

  /**
   * One dedicated subscriber connection per instance, multiplexing all waiters. After a
   * reconnect ioredis re-subscribes by itself and we ask the coordinator to re-read what its
   * waiters wait for (a message published during the gap is lost).
   */
  ready(): Promise<void> {
    if (this.closed) return Promise.reject(new WardgateError(ErrorCode.Unavailable, 'approval service closed'));
    this.subscribed ??= this.subscribe().catch((err: unknown) => {
      this.subscribed = undefined;
      throw toRedisStoreError(err);
    });
    return this.subscribed;
  }

  ping(): Promise<void> {
    return pingRedis(this.client);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const subscriber = this.subscriber;
    this.subscriber = undefined;
    if (subscriber) await subscriber.quit().catch(() => subscriber.disconnect());
  }

  private async subscribe(): Promise<void> {
    if (!this.subscriber) {
      const subscriber: RedisClient = this.client.duplicate();
      this.subscriber = subscriber;
      subscriber.on('error', (err: unknown) => this.options.logger.warn({ err: describeRedisError(err) }, 'approval subscriber connection error'));
      subscriber.on('message', (channel: string, message: string) => this.onMessage(channel, message));
      let firstReady = true;
      subscriber.on('ready', () => {
        if (firstReady) firstReady = false;
        else for (const listener of this.resyncListeners) listener();
      });
    }
    await waitForRedisReady(this.subscriber, this.options.subscribeTimeoutMs ?? 5000);
    await this.subscriber.subscribe(this.channel);
  }

  private onMessage(channel: string, message: string): void {
    if (channel !== this.channel) return;
    try {
      const { id, status } = JSON.parse(message) as { id: string; status: ApprovalStatus };
      for (const listener of this.changeListeners) listener(id, status);
    } catch {
      this.options.logger.warn('unreadable approval outcome message');
    }
  }

  private key(kind: 'req' | 'pending', id: string): string {
    return `${this.base}${kind}:${id}`;
  }

  private run(name: string, ...args: Array<string | number>): Promise<unknown> {
    return runRedisScript(this.client, name, args);
  }

  private call<T>(op: () => Promise<T>): Promise<T> {
    return callRedis(op);
  }
}
