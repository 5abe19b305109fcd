import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SystemClock } from '../../src/clock/clock.js';
import { compileRedisConfig } from '../../src/config/redis-config.js';
import type { GrantScope } from '../../src/grants/grant.js';
import { createRedisClient, waitForRedisReady, type RedisClient } from '../../src/grants/redis-client.js';
import { RedisGrantStore } from '../../src/grants/redis-grant-store.js';
import { describeGrantStoreContract } from '../support/grant-store-contract.js';
import { startLocalCluster, type LocalCluster } from '../support/redis-harness.js';

// One three-master cluster for the whole file; started lazily by whichever suite runs first.
let cluster: Promise<LocalCluster> | undefined;
const localCluster = (): Promise<LocalCluster> => (cluster ??= startLocalCluster());

async function connect(): Promise<RedisClient> {
  const { ports } = await localCluster();
  const client = createRedisClient(compileRedisConfig({ mode: 'cluster', nodes: ports.map((p) => `127.0.0.1:${p}`) }));
  await waitForRedisReady(client, 20_000);
  return client;
}

afterAll(async () => {
  await (await cluster)?.cleanup();
});

describeGrantStoreContract('redis (cluster, 3 masters)', async () => {
  const client = await connect();
  return {
    store: new RedisGrantStore({ client, clock: new SystemClock(), keyPrefix: `wgtest:${randomUUID()}:` }),
    maxTtlMs: 8 * 3_600_000,
    shortTtlMs: 400,
    elapse: (ms) => new Promise((r) => setTimeout(r, ms)),
    cleanup: async () => {
      await client.quit();
    },
  };
});

describe('RedisGrantStore key layout in a cluster', () => {
  let client: RedisClient;
  const prefix = `wgtest:${randomUUID()}:`;
  beforeAll(async () => {
    client = await connect();
  });
  afterAll(async () => {
    await client.quit();
  });

  it('puts every key of one subject in one slot, and subjects spread over the masters', async () => {
    expect(client.isCluster).toBe(true);
    const store = new RedisGrantStore({ client, clock: new SystemClock(), keyPrefix: prefix });
    const scope: GrantScope = { destinations: [], methods: [], paths: [], commandKinds: [] };
    const slotsPerUser: number[] = [];
    for (let i = 0; i < 12; i++) {
      const user = `slot-${i}-${randomUUID()}`;
      await store.issue({ subject: { user }, scope, reason: 'r', approvedBy: ['a'], ttlMs: 60_000, maxUses: 2 });
      await store.issue({ subject: { user, agent: 'spiffe://a' }, scope, reason: 'r', approvedBy: ['a'], ttlMs: 60_000 });
      const keys = (await store.list({ subject: { user } })).flatMap((g) => {
        const base = `${prefix}{u:${g.id.slice(1, 17)}}:`;
        return [`${base}idx`, `${base}g:${g.id}`, `${base}n:${g.id}`];
      });
      expect(keys).toHaveLength(6);
      const slots = new Set(await Promise.all(keys.map((k) => client.cluster('KEYSLOT', k))));
      expect(slots.size).toBe(1);
      slotsPerUser.push([...slots][0]!);
      // Every key really exists where the slot says (the index and both grants).
      expect(await client.exists(keys[0]!)).toBe(1);
    }
    expect(new Set(slotsPerUser).size).toBeGreaterThan(1);
  });

  it('finds an agent-only grant for a user+agent lookup (second slot)', async () => {
    const store = new RedisGrantStore({ client, clock: new SystemClock(), keyPrefix: prefix });
    const agent = `spiffe://cluster.local/ns/agents/sa/${randomUUID()}`;
    const grant = await store.issue({
      subject: { agent },
      scope: { destinations: [], methods: ['GET'], paths: ['/Patient/**'], commandKinds: [] },
      reason: 'agent grant',
      approvedBy: ['a'],
      ttlMs: 60_000,
      maxUses: 1,
    });
    const lookup = { subject: { user: `u-${randomUUID()}`, agent }, destination: 'fhir', method: 'GET', path: '/Patient/1', commandKinds: [], fingerprint: 'f' };
    expect((await store.useMatching(lookup))?.id).toBe(grant.id);
    expect(await store.useMatching(lookup)).toBeUndefined();
  });

  it('answers ping with cluster_state ok', async () => {
    await expect(new RedisGrantStore({ client, clock: new SystemClock() }).ping()).resolves.toBeUndefined();
  });
});
