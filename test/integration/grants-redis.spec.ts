import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SystemClock } from '../../src/clock/clock.js';
import { compileRedisConfig } from '../../src/config/redis-config.js';
import type { GrantLookup, GrantScope } from '../../src/grants/grant.js';
import { grantCovers } from '../../src/grants/grant-matcher.js';
import { createRedisClient, waitForRedisReady, type RedisClient } from '../../src/grants/redis-client.js';
import { subjectHash } from '../../src/grants/redis-grant-keys.js';
import { RedisGrantStore } from '../../src/grants/redis-grant-store.js';
import { describeGrantStoreContract } from '../support/grant-store-contract.js';
import { deleteKeysWithPrefix, requireEnv } from '../support/redis-harness.js';

async function connect(prefix: string): Promise<{ client: RedisClient; store: RedisGrantStore }> {
  const client = createRedisClient(compileRedisConfig({ mode: 'single', url: requireEnv('WARDGATE_TEST_REDIS_URL') }));
  await waitForRedisReady(client, 5000);
  return { client, store: new RedisGrantStore({ client, clock: new SystemClock(), keyPrefix: prefix, maxTtlMs: 8 * 3_600_000 }) };
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

describeGrantStoreContract('redis (single)', async () => {
  const prefix = `wgtest:${randomUUID()}:`;
  const { client, store } = await connect(prefix);
  return {
    store,
    maxTtlMs: 8 * 3_600_000,
    shortTtlMs: 400,
    elapse: sleep,
    cleanup: async () => {
      await deleteKeysWithPrefix(client, prefix);
      await client.quit();
    },
  };
});

describe('RedisGrantStore on a real Redis', () => {
  let client: RedisClient;
  let store: RedisGrantStore;
  const prefix = `wgtest:${randomUUID()}:`;
  beforeAll(async () => {
    ({ client, store } = await connect(prefix));
  });
  afterAll(async () => {
    await deleteKeysWithPrefix(client, prefix);
    await client.quit();
  });

  it('lets Redis itself expire a grant: PTTL set from the ttl, gone after ~2 s', async () => {
    const user = `ttl-${randomUUID()}`;
    const grant = await store.issue({
      subject: { user },
      scope: { destinations: [], methods: [], paths: [], commandKinds: [] },
      reason: 'ttl test',
      approvedBy: ['admin'],
      ttlMs: 1500,
      maxUses: 2,
    });
    const [grantKey] = await client.keys(`${prefix}*g:${grant.id}`);
    expect(grantKey).toBeDefined();
    const pttl = await client.pttl(grantKey!);
    expect(pttl).toBeGreaterThan(1000);
    expect(pttl).toBeLessThanOrEqual(1500);
    const usesTtl = await client.pttl(grantKey!.replace(':g:', ':n:'));
    expect(usesTtl).toBeGreaterThan(1000);
    // Using a grant must never extend its life.
    await store.useMatching({ subject: { user }, destination: 'x', method: 'GET', path: '/', commandKinds: [], fingerprint: 'f' });
    expect(await client.pttl(grantKey!)).toBeLessThanOrEqual(pttl);
    await sleep(2000);
    expect(await client.pttl(grantKey!)).toBe(-2);
    expect(await client.exists(grantKey!.replace(':g:', ':n:'))).toBe(0);
    expect(await store.get(grant.id)).toBeUndefined();
  });

  it('keeps all keys of one subject under one hash tag', async () => {
    const user = `tag-${randomUUID()}`;
    const scope = { destinations: [], methods: [], paths: [], commandKinds: [] };
    const a = await store.issue({ subject: { user }, scope, reason: 'r', approvedBy: ['a'], ttlMs: 60_000, maxUses: 3 });
    const b = await store.issue({ subject: { user, agent: 'spiffe://x' }, scope, reason: 'r', approvedBy: ['a'], ttlMs: 60_000 });
    const tag = `{u:${subjectHash(user)}}`;
    const keys = (await client.keys(`${prefix}*`)).filter((k) => k.includes(user) || k.includes(tag));
    expect(keys.sort()).toEqual([`${prefix}${tag}:g:${a.id}`, `${prefix}${tag}:g:${b.id}`, `${prefix}${tag}:idx`, `${prefix}${tag}:n:${a.id}`].sort());
    expect(a.id.startsWith(`u${subjectHash(user)}.`)).toBe(true);
  });

  it('matches in Lua exactly as grantCovers() does (property test)', async () => {
    const segment = fc.constantFrom('Patient', 'Observation', '123', 'a.b', '_history', '(x)', '%25', '*', '**');
    const glob = fc.array(segment, { minLength: 1, maxLength: 4 }).map((parts) => `/${parts.join('/')}`);
    const path = fc.array(fc.constantFrom('Patient', 'Observation', '123', 'a.b', 'axb', '_history', '(x)', '%25', ''), { minLength: 1, maxLength: 5 }).map((p) => `/${p.join('/')}`);
    const host = fc.constantFrom('fhir.clinical.svc', 'sql.clinical.svc', 'fhir.other.svc');
    const hostGlob = fc.constantFrom('fhir.clinical.svc', '*.clinical.svc', '**.svc', 'fhir.*', 'FHIR.Clinical.SVC', '**');
    const kinds = fc.subarray(['rest:get', 'sql:select', 'sql:delete']);
    const scope = fc.record<GrantScope>({
      destinations: fc.array(hostGlob, { maxLength: 2 }),
      methods: fc.subarray(['GET', 'post', 'Delete']),
      paths: fc.array(glob, { maxLength: 2 }),
      commandKinds: kinds,
    });
    await fc.assert(
      fc.asyncProperty(scope, host, fc.constantFrom('GET', 'POST', 'delete'), path, kinds, fc.boolean(), async (s, dest, method, p, k, withFp) => {
        const user = `prop-${randomUUID()}`;
        const grant = { subject: { user }, scope: s, fingerprint: withFp ? 'fp-a' : undefined };
        await store.issue({ ...grant, reason: 'prop', approvedBy: ['a'], ttlMs: 60_000, ...(withFp ? { fingerprint: 'fp-a' } : {}) });
        const lookup: GrantLookup = { subject: { user }, destination: `${dest}:443`, method, path: p, commandKinds: k, fingerprint: 'fp-a' };
        const expected = grantCovers({ subject: grant.subject, scope: s, ...(withFp ? { fingerprint: 'fp-a' } : {}) }, lookup);
        expect((await store.useMatching(lookup)) !== undefined).toBe(expected);
      }),
      { numRuns: 300 },
    );
  });
});
