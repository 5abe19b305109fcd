import { Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { compileRedisConfig } from '../config/redis-config.js';
import { ErrorCode, WardgateError } from '../errors/wardgate-error.js';
import { createRedisClient, reconnectDelayMs, toRedisStoreError } from './redis-client.js';

class ReplyError extends Error {
  override name = 'ReplyError';
}

describe('toRedisStoreError', () => {
  it.each([
    { name: 'closed connection', error: new Error('Connection is closed.'), code: ErrorCode.Unavailable },
    { name: 'no offline queue', error: new Error("Stream isn't writeable and enableOfflineQueue options is false"), code: ErrorCode.Unavailable },
    { name: 'command timeout', error: new Error('Command timed out'), code: ErrorCode.Unavailable },
    { name: 'refused', error: Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }), code: ErrorCode.Unavailable },
    { name: 'cluster down', error: new ReplyError('CLUSTERDOWN The cluster is down'), code: ErrorCode.Unavailable },
    { name: 'loading', error: new ReplyError('LOADING Redis is loading the dataset in memory'), code: ErrorCode.Unavailable },
    { name: 'script bug', error: new ReplyError('ERR Error running script'), code: ErrorCode.Internal },
  ])('maps $name to $code without leaking the cause in the message', ({ error, code }) => {
    const mapped = toRedisStoreError(error);
    expect(mapped).toBeInstanceOf(WardgateError);
    expect(mapped.code).toBe(code);
    expect(mapped.message).not.toContain(error.message);
    expect(mapped.cause).toBe(error);
  });
});

describe('reconnectDelayMs', () => {
  it('backs off exponentially with jitter and stays capped', () => {
    for (let attempt = 0; attempt < 40; attempt++) {
      const cap = Math.min(2000, 50 * 2 ** Math.min(attempt, 10));
      const delay = reconnectDelayMs(attempt);
      expect(delay).toBeGreaterThanOrEqual(cap / 2);
      expect(delay).toBeLessThanOrEqual(cap);
    }
  });
});

describe('createRedisClient', () => {
  it('builds a Sentinel client with fail-fast options (construction only: no sentinel is started here)', () => {
    const client = createRedisClient(
      compileRedisConfig({ mode: 'sentinel', sentinels: ['127.0.0.1:1', '127.0.0.1:2'], name: 'wardgate', commandTimeout: '250ms' }),
    );
    try {
      expect(client).toBeInstanceOf(Redis);
      const options = (client as Redis).options;
      expect(options.sentinels).toEqual([{ host: '127.0.0.1', port: 1 }, { host: '127.0.0.1', port: 2 }]);
      expect(options.name).toBe('wardgate');
      expect(options.enableOfflineQueue).toBe(false);
      expect(options.maxRetriesPerRequest).toBe(1);
      expect(options.commandTimeout).toBe(250);
    } finally {
      client.disconnect();
    }
  });

  it.each([
    { name: 'single without url', input: { mode: 'single' }, message: /needs url/ },
    { name: 'sentinel without name', input: { mode: 'sentinel', sentinels: ['h:1'] }, message: /needs sentinels and name/ },
    { name: 'cluster without nodes', input: { mode: 'cluster' }, message: /needs nodes/ },
    { name: 'bad node', input: { mode: 'cluster', nodes: ['nohost'] }, message: /host:port/ },
    { name: 'unknown field', input: { mode: 'single', url: 'redis://h:1', pasword: 'x' }, message: /pasword/ },
    { name: 'unreadable password file', input: { mode: 'single', url: 'redis://h:1', passwordFile: '/nonexistent/secret' }, message: /redis.passwordFile: cannot read/ },
  ])('refuses config with $name', ({ input, message }) => {
    expect(() => compileRedisConfig(input)).toThrow(message);
  });
});
