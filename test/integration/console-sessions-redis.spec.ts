import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/clock/clock.js';
import { compileRedisConfig } from '../../src/config/redis-config.js';
import { ConsoleAudit } from '../../src/console/console-audit.js';
import { ConsoleSessions, EXPIRY_RECORD_GRACE_MS, storeKeyOf } from '../../src/console/console-sessions.js';
import type { ConsoleSession } from '../../src/console/console-session.js';
import { RedisSessionStore } from '../../src/console/redis-session-store.js';
import { createRedisClient, waitForRedisReady, type RedisClient } from '../../src/grants/redis-client.js';
import { ConsoleHarness } from '../support/console-harness.js';
import { RecordingAuditSink } from '../support/recording-fakes.js';
import { deleteKeysWithPrefix } from '../support/redis-harness.js';
import { stackEnv } from '../support/stack-env.js';

const session = (subject: string): ConsoleSession => ({
  user: { subject, groups: ['approvers'] },
  csrfToken: randomUUID(),
  createdAt: Date.now(),
  lastSeenAt: Date.now(),
  absoluteExpiresAt: Date.now() + 60_000,
});

describe('console sessions in the real Redis of the stack', () => {
  const keyPrefix = `wgconsole:${randomUUID()}:`;
  let redis: RedisClient;
  let store: RedisSessionStore;

  beforeAll(async () => {
    redis = createRedisClient(compileRedisConfig({ mode: 'single', url: stackEnv('WARDGATE_TEST_REDIS_URL') }));
    await waitForRedisReady(redis, 5000);
    store = new RedisSessionStore({ client: redis, keyPrefix });
  });

  afterAll(async () => {
    await deleteKeysWithPrefix(redis, keyPrefix);
    await redis.quit();
  });

  it('keeps a session until its TTL and lets Redis forget it after', async () => {
    await store.put('s1', session('alice'), 300, Date.now() + 300);
    expect((await store.get('s1'))?.user.subject).toBe('alice');
    const ttl = await redis.pttl(`${keyPrefix}console:session:s1`);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(300);
    await new Promise((resolve) => setTimeout(resolve, 450));
    expect(await store.get('s1')).toBeUndefined();
  });

  it('deletes a session (logout) for every replica at once', async () => {
    await store.put('s2', session('bob'), 60_000, Date.now() + 60_000);
    const otherReplica = new RedisSessionStore({ client: redis, keyPrefix });
    expect((await otherReplica.get('s2'))?.user.subject).toBe('bob');
    await store.delete('s2');
    expect(await otherReplica.get('s2')).toBeUndefined();
  });

  it('hands a pending sign-in to exactly one of two racing callbacks', async () => {
    await store.putLogin('l1', { state: 'st', nonce: 'n', codeVerifier: 'v', createdAt: Date.now() }, 60_000);
    const results = await Promise.all(Array.from({ length: 8 }, () => store.takeLogin('l1')));
    expect(results.filter((r) => r !== undefined)).toHaveLength(1);
  });

  it('stores only hashes of the cookie values as keys', async () => {
    const sessions = new ConsoleSessions({ store, clock: new ManualClock(Date.now()), idleTimeoutMs: 60_000, absoluteTimeoutMs: 120_000 });
    const { cookieValue } = await sessions.start({ subject: 'carol', groups: ['auditors'] });
    const keys = await redis.keys(`${keyPrefix}*`);
    expect(keys.some((k) => k.includes(cookieValue))).toBe(false);
    const found = await sessions.find({ headers: { cookie: `__Host-wardgate-console=${cookieValue}` } } as never);
    expect(found?.user.subject).toBe('carol');
  });

  it('keeps console sessions of a real Wardgate in Redis: they survive a restart, logout removes them', async () => {
    const prefix = `${keyPrefix}wardgate:`;
    const harness = new ConsoleHarness({ config: { redis: { url: stackEnv('WARDGATE_TEST_REDIS_URL'), keyPrefix: prefix } } });
    await harness.start();
    try {
      const alice = await harness.signIn('alice');
      expect(await redis.keys(`${prefix}console:session:*`)).toHaveLength(1);
      // A restart (or another replica) finds the same session in Redis.
      await harness.wardgate.stop();
      await harness.wardgate.start();
      await harness.ready();
      expect(await alice.loadSession()).toBe(true);
      expect((await alice.call('GET', '/v1/approvals')).status).toBe(200);
      expect((await alice.call('POST', '/console/logout')).status).toBe(200);
      expect(await redis.keys(`${prefix}console:session:*`)).toHaveLength(0);
    } finally {
      await harness.stop();
    }
  });

  it('records idle and absolute expiry with nobody calling back, once across two replicas sweeping at once', async () => {
    const clock = new ManualClock(Date.now());
    const sink = new RecordingAuditSink();
    const prefix = `${keyPrefix}sweep:`;
    const replica = () => new ConsoleSessions({ store: new RedisSessionStore({ client: redis, keyPrefix: prefix }), clock, idleTimeoutMs: 60_000, absoluteTimeoutMs: 120_000, audit: new ConsoleAudit(sink, Buffer.alloc(32, 3)) });
    const [a, b] = [replica(), replica()];
    const idle = await a.start({ subject: 'idle-user', groups: ['auditors'] });
    const busy = await a.start({ subject: 'busy-user', groups: ['approvers'] });
    // Redis keeps the entry past the absolute timeout, so that its end can still be told apart.
    const ttl = await redis.pttl(`${prefix}console:session:${storeKeyOf(idle.cookieValue)}`);
    expect(ttl).toBeGreaterThan(120_000);
    expect(ttl).toBeLessThanOrEqual(120_000 + EXPIRY_RECORD_GRACE_MS);
    for (let t = 0; t < 100_000; t += 20_000) {
      clock.advance(20_000);
      expect(await b.find({ headers: { cookie: `__Host-wardgate-console=${busy.cookieValue}` } } as never)).toBeDefined();
    }
    clock.advance(21_000);
    const ended = await Promise.all([a.sweep(), b.sweep(), a.sweep(), b.sweep()]);
    expect(ended.reduce((x, y) => x + y, 0)).toBe(2);
    const ends = sink.events.filter((e) => e.kind === 'console.session' && e.details?.action !== 'signed_in');
    expect(ends.map((e) => [e.details?.action, e.actor?.user]).sort()).toEqual([['expired_absolute', 'busy-user'], ['expired_idle', 'idle-user']]);
    expect(await redis.keys(`${prefix}console:session:*`)).toEqual([]);
    expect(await redis.zcard(`${prefix}console:session-due`)).toBe(0);
  });

  it('records sign-in, sign-out and idle expiry of a real Wardgate (OIDC sign-in, Redis sessions, the sweep on its timer)', async () => {
    const prefix = `${keyPrefix}audit:`;
    const harness = new ConsoleHarness({ config: { redis: { url: stackEnv('WARDGATE_TEST_REDIS_URL'), keyPrefix: prefix } }, console: { sessionStore: 'redis', idleTimeout: '2s' } });
    await harness.start();
    try {
      const alice = await harness.signIn('alice');
      expect((await alice.call('POST', '/console/logout')).status).toBe(200);
      await harness.signIn('carol');
      const consoleEvents = async () => (await harness.wardgate.auditEvents()).filter((e) => e.kind === 'console.session') as Array<{ actor?: unknown; details: Record<string, unknown> }>;
      const deadline = Date.now() + 10_000;
      while (!(await consoleEvents()).some((e) => e.details.action === 'expired_idle') && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 250));
      const events = await consoleEvents();
      expect(events.map((e) => [e.details.action, (e.actor as { user?: string } | undefined)?.user])).toEqual([
        ['signed_in', 'alice'], ['signed_out', 'alice'], ['signed_in', 'carol'], ['expired_idle', 'carol'],
      ]);
      expect(events[0]!.actor).toEqual({ user: 'alice', groups: ['approvers', 'wardgate-admins'] });
      expect(events[0]!.details.session).toBe(events[1]!.details.session);
      expect(events[2]!.details.session).not.toBe(events[0]!.details.session);
      const text = JSON.stringify(events);
      for (const value of [...alice.cookies.values(), alice.csrfToken]) expect(text).not.toContain(value);
      expect(await redis.keys(`${prefix}console:session:*`)).toEqual([]);
    } finally {
      await harness.stop();
    }
  });

  it('answers Unavailable when Redis cannot be reached (nobody is signed in by accident)', async () => {
    const dead = createRedisClient(compileRedisConfig({ mode: 'single', url: 'redis://127.0.0.1:1', connectTimeout: '200ms' }));
    const broken = new RedisSessionStore({ client: dead, keyPrefix });
    await expect(broken.get('x')).rejects.toMatchObject({ code: 'unavailable' });
    dead.disconnect();
  });
});
