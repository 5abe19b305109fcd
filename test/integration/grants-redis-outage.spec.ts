import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SystemClock } from '../../src/clock/clock.js';
import { compileRedisConfig } from '../../src/config/redis-config.js';
import { ErrorCode, WardgateError } from '../../src/errors/wardgate-error.js';
import type { GrantLookup, NewGrant } from '../../src/grants/grant.js';
import { createRedisClient, waitForRedisReady, type RedisClient } from '../../src/grants/redis-client.js';
import { RedisGrantStore } from '../../src/grants/redis-grant-store.js';
import { startOwnRedis, type OwnRedis } from '../support/redis-harness.js';

const grant: NewGrant = {
  subject: { user: 'outage-user' },
  scope: { destinations: [], methods: [], paths: [], commandKinds: [] },
  reason: 'outage test',
  approvedBy: ['admin'],
  ttlMs: 60_000,
};
const lookup: GrantLookup = { subject: { user: 'outage-user' }, destination: 'fhir', method: 'GET', path: '/Patient/1', commandKinds: [], fingerprint: 'f' };

async function failure(op: () => Promise<unknown>): Promise<{ error: unknown; ms: number }> {
  const started = performance.now();
  const error = await op().then(
    () => undefined,
    (e: unknown) => e,
  );
  return { error, ms: performance.now() - started };
}

describe('RedisGrantStore when its Redis goes away (own redis-server)', () => {
  let redis: OwnRedis;
  let client: RedisClient;
  let store: RedisGrantStore;
  beforeAll(async () => {
    redis = await startOwnRedis();
    client = createRedisClient(compileRedisConfig({ mode: 'single', url: redis.url, commandTimeout: '300ms', connectTimeout: '500ms' }));
    await waitForRedisReady(client, 5000);
    store = new RedisGrantStore({ client, clock: new SystemClock(), ownsClient: true });
  });
  afterAll(async () => {
    await store?.close();
    await redis?.cleanup();
  });

  it('fails fast with Unavailable while Redis is down and recovers by itself', async () => {
    await store.issue(grant);
    expect(await store.useMatching(lookup)).toBeDefined();

    await redis.kill();
    // Let the client notice the closed socket.
    await new Promise((r) => setTimeout(r, 100));
    for (const op of [() => store.useMatching(lookup), () => store.issue(grant), () => store.ping(), () => store.list(), () => store.revoke('u0000000000000000.AAAAAAAAAAAAAAAAAAAAAA')]) {
      const { error, ms } = await failure(op);
      expect(error).toBeInstanceOf(WardgateError);
      expect((error as WardgateError).code).toBe(ErrorCode.Unavailable);
      expect((error as WardgateError).message).not.toMatch(/outage-user/);
      expect(ms).toBeLessThan(1000);
    }

    await redis.start();
    const deadline = Date.now() + 10_000;
    let recovered = false;
    while (!recovered && Date.now() < deadline) {
      recovered = await store.ping().then(
        () => true,
        () => false,
      );
      if (!recovered) await new Promise((r) => setTimeout(r, 100));
    }
    expect(recovered).toBe(true);
    // The restarted server is empty (no persistence): the store works again from scratch.
    expect(await store.useMatching(lookup)).toBeUndefined();
    const again = await store.issue(grant);
    expect((await store.useMatching(lookup))?.id).toBe(again.id);
  });
});
