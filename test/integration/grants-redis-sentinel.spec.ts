import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SystemClock } from '../../src/clock/clock.js';
import { compileRedisConfig } from '../../src/config/redis-config.js';
import type { GrantLookup, GrantScope } from '../../src/grants/grant.js';
import { createRedisClient, waitForRedisReady, type RedisClient } from '../../src/grants/redis-client.js';
import { RedisGrantStore } from '../../src/grants/redis-grant-store.js';
import { describeGrantStoreContract } from '../support/grant-store-contract.js';
import { rawCommand } from '../support/redis-harness.js';
import { startLocalSentinel, type LocalSentinel } from '../support/redis-sentinel-harness.js';

// One master + replica + sentinel for the whole file; started lazily by whichever suite runs first.
let deployment: Promise<LocalSentinel> | undefined;
const localSentinel = (): Promise<LocalSentinel> => (deployment ??= startLocalSentinel({ masterName: 'wgmaster', withReplica: true }));

/** A client that only knows the sentinel: it must ask it where the master is. */
async function connect(): Promise<RedisClient> {
  const { sentinelPort } = await localSentinel();
  const client = createRedisClient(
    compileRedisConfig({ mode: 'sentinel', sentinels: [`127.0.0.1:${sentinelPort}`], name: 'wgmaster', commandTimeout: '500ms', connectTimeout: '1s' }),
  );
  await waitForRedisReady(client, 10_000);
  return client;
}

afterAll(async () => {
  await (await deployment)?.cleanup();
});

describeGrantStoreContract('redis (sentinel)', async () => {
  const client = await connect();
  return {
    store: new RedisGrantStore({ client, clock: new SystemClock(), keyPrefix: `wgtest:${randomUUID()}:`, maxTtlMs: 8 * 3_600_000 }),
    maxTtlMs: 8 * 3_600_000,
    shortTtlMs: 400,
    elapse: (ms) => new Promise((r) => setTimeout(r, ms)),
    cleanup: async () => {
      await client.quit();
    },
  };
});

describe('RedisGrantStore behind a real Sentinel', () => {
  const scope: GrantScope = { destinations: [], methods: ['GET'], paths: ['/Patient/**'], commandKinds: [] };
  const lookup = (user: string): GrantLookup => ({ subject: { user }, destination: 'fhir', method: 'GET', path: '/Patient/1', commandKinds: ['rest:get'], fingerprint: 'f' });
  let sentinel: LocalSentinel;
  let client: RedisClient;
  let store: RedisGrantStore;
  const prefix = `wgtest:${randomUUID()}:`;
  beforeAll(async () => {
    sentinel = await localSentinel();
    client = await connect();
    store = new RedisGrantStore({ client, clock: new SystemClock(), keyPrefix: prefix });
  });
  afterAll(() => {
    client?.disconnect();
  });

  it('writes to the master the sentinel names, not to any address it was given', async () => {
    const user = `where-${randomUUID()}`;
    const grant = await store.issue({ subject: { user }, scope, reason: 'sentinel test', approvedBy: ['admin'], ttlMs: 60_000 });
    const key = `${prefix}{u:${grant.id.slice(1, 17)}}:g:${grant.id}`;
    expect(await rawCommand(sentinel.masterPort, 'EXISTS', key)).toBe(':1\r\n');
    expect(await client.call('ROLE')).toEqual(expect.arrayContaining(['master']));
    await expect(store.ping()).resolves.toBeUndefined();
  });

  it('follows a failover: the promoted replica serves the replicated grants and takes new ones', async () => {
    const replicaPort = sentinel.replicaPort!;
    const user = `failover-${randomUUID()}`;
    const before = await store.issue({ subject: { user }, scope, reason: 'before failover', approvedBy: ['admin'], ttlMs: 120_000, maxUses: 5 });
    // Replication is asynchronous: wait until the replica holds the write before killing the master.
    expect(await client.call('WAIT', '1', '5000')).toBe(1);

    await sentinel.killMaster();
    await sentinel.waitForMasterPort(replicaPort, 30_000);

    // The client asks the sentinel again on reconnect; give it a bounded time to get there.
    const deadline = Date.now() + 20_000;
    let used: Awaited<ReturnType<RedisGrantStore['useMatching']>>;
    for (;;) {
      used = await store.useMatching(lookup(user)).catch(() => undefined);
      if (used || Date.now() > deadline) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    expect(used).toMatchObject({ id: before.id, usesLeft: 4 });
    const after = await store.issue({ subject: { user: `${user}-2` }, scope, reason: 'after failover', approvedBy: ['admin'], ttlMs: 60_000 });
    expect(await rawCommand(replicaPort, 'EXISTS', `${prefix}{u:${after.id.slice(1, 17)}}:g:${after.id}`)).toBe(':1\r\n');
    expect(await store.revoke(before.id)).toBe(true);
    expect(await store.useMatching(lookup(user))).toBeUndefined();
  });
});
