import { Cluster, Redis, type ClusterOptions, type RedisOptions } from 'ioredis';
import type { RedisConfig } from '../config/redis-config.js';
import { ErrorCode, WardgateError } from '../errors/wardgate-error.js';
import type { Logger } from '../logging/logger.js';

/** Either deployment shape; the stores only use commands that work on both. */
export type RedisClient = Redis | Cluster;

/** Reconnect forever with capped, jittered exponential backoff: the store heals when Redis returns. */
export function reconnectDelayMs(attempt: number): number {
  const base = Math.min(2000, 50 * 2 ** Math.min(attempt, 10));
  return Math.round(base / 2 + Math.random() * (base / 2));
}

/**
 * Creates a connecting client. Options favour failing fast on the hot path: no offline queue
 * (commands fail at once while disconnected instead of piling up), one retry, bounded command
 * and connect timeouts. Callers map failures to WardgateError(Unavailable).
 */
export function createRedisClient(config: RedisConfig, logger?: Logger): RedisClient {
  const common: RedisOptions = {
    connectTimeout: config.connectTimeoutMs,
    commandTimeout: config.commandTimeoutMs,
    maxRetriesPerRequest: 1,
    ...(config.username !== undefined ? { username: config.username } : {}),
    ...(config.password !== undefined ? { password: config.password } : {}),
    ...(config.tls ? { tls: { ...(config.tls.ca ? { ca: config.tls.ca } : {}), ...(config.tls.serverName ? { servername: config.tls.serverName } : {}) } } : {}),
  };
  let client: RedisClient;
  switch (config.mode) {
    case 'single': {
      if (!config.url) throw new WardgateError(ErrorCode.InvalidArgument, 'redis mode single needs a url');
      client = new Redis(config.url, { ...common, enableOfflineQueue: false, retryStrategy: reconnectDelayMs });
      break;
    }
    case 'sentinel': {
      if (!config.sentinels || !config.name) throw new WardgateError(ErrorCode.InvalidArgument, 'redis mode sentinel needs sentinels and name');
      client = new Redis({
        ...common,
        sentinels: config.sentinels,
        name: config.name,
        ...(config.sentinelPassword !== undefined ? { sentinelPassword: config.sentinelPassword } : {}),
        enableOfflineQueue: false,
        retryStrategy: reconnectDelayMs,
        sentinelRetryStrategy: reconnectDelayMs,
      });
      break;
    }
    case 'cluster': {
      if (!config.nodes) throw new WardgateError(ErrorCode.InvalidArgument, 'redis mode cluster needs nodes');
      const { connectTimeout, commandTimeout, maxRetriesPerRequest, username, password, tls } = common;
      const options: ClusterOptions = {
        enableOfflineQueue: false,
        clusterRetryStrategy: reconnectDelayMs,
        redisOptions: { connectTimeout, commandTimeout, maxRetriesPerRequest, username, password, tls },
      };
      client = new Cluster(config.nodes, options);
      break;
    }
  }
  // Without a listener ioredis reports every failed reconnect as an unhandled 'error' event.
  client.on('error', (err: unknown) => logger?.warn({ err: describeRedisError(err) }, 'redis connection error'));
  return client;
}

/** Resolves once the client can take commands; WardgateError(Unavailable) after `timeoutMs`. */
export async function waitForRedisReady(client: RedisClient, timeoutMs: number): Promise<void> {
  if (client.status === 'ready') return;
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      client.off('ready', onReady);
      reject(new WardgateError(ErrorCode.Unavailable, `redis not ready within ${timeoutMs}ms`));
    }, timeoutMs);
    const onReady = (): void => {
      clearTimeout(timer);
      resolve();
    };
    client.once('ready', onReady);
  });
}

/** Safe to log: name and message of a client error, never command arguments. */
export function describeRedisError(err: unknown): { name?: string; message?: string; code?: unknown } {
  if (!(err instanceof Error)) return {};
  return { name: err.name, message: err.message, code: (err as { code?: unknown }).code };
}

const unavailableReplies = /^(CLUSTERDOWN|TRYAGAIN|LOADING|MASTERDOWN|READONLY|NOREPLICAS|BUSY)\b/;

/**
 * The one mapping from client failures to our codes. Anything that is not a reply from Redis
 * (closed socket, timeout, cluster not ready, no offline queue) means "Redis unavailable";
 * a reply error is ours (a bug) unless Redis says it is failing over or loading.
 */
export function toRedisStoreError(err: unknown): WardgateError {
  if (err instanceof WardgateError) return err;
  const isReply = err instanceof Error && err.name === 'ReplyError';
  const code = !isReply || unavailableReplies.test(err.message) ? ErrorCode.Unavailable : ErrorCode.Internal;
  return WardgateError.from(err, code);
}

/** Readiness: PING, and for a Cluster also `cluster_state:ok`. Throws WardgateError(Unavailable). */
export async function pingRedis(client: RedisClient): Promise<void> {
  try {
    if (client instanceof Cluster) {
      const info = await client.cluster('INFO');
      if (!/cluster_state:ok/.test(info)) throw new WardgateError(ErrorCode.Unavailable, 'redis cluster state is not ok');
    } else {
      await client.ping();
    }
  } catch (err) {
    throw toRedisStoreError(err);
  }
}

type ScriptFn = (...args: Array<string | number>) => Promise<unknown>;

/** Runs an operation, mapping any Redis failure to WardgateError (Unavailable for outages). */
export async function callRedis<T>(op: () => Promise<T>): Promise<T> {
  try {
    return await op();
  } catch (err) {
    throw toRedisStoreError(err);
  }
}

/** Calls a Lua script registered on the client with `defineCommand`. */
export function runRedisScript(client: RedisClient, name: string, args: Array<string | number>): Promise<unknown> {
  const fn = (client as unknown as Record<string, ScriptFn>)[name];
  if (!fn) throw new Error(`redis script ${name} is not defined`);
  return callRedis(() => fn.apply(client, args));
}
