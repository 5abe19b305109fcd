import { randomUUID } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import { SystemClock } from '../src/clock/clock.js';
import { compileRedisConfig } from '../src/config/redis-config.js';
import type { GrantLookup, GrantScope } from '../src/grants/grant.js';
import { createRedisClient, waitForRedisReady } from '../src/grants/redis-client.js';
import { RedisGrantStore } from '../src/grants/redis-grant-store.js';
import { percentile } from './percentile.js';

const SUBJECTS = 200;
const GRANTS_PER_SUBJECT = 10;
const LOOKUPS = 20_000;
const CONCURRENCY = 16;

/**
 * Hot-path latency of `useMatching` against the real Redis of the test stack
 * (WARDGATE_TEST_REDIS_URL): 200 subjects with 10 grants each (9 non-matching + 1 matching,
 * mixed limited/unlimited), 20k lookups, 16 in flight. Prints p50/p90/p99/max in ms.
 */
export async function runGrantsBench(): Promise<void> {
  const url = process.env.WARDGATE_TEST_REDIS_URL;
  if (!url) throw new Error('WARDGATE_TEST_REDIS_URL is not set: run scripts/stack/stack.sh up and source .cache/stack/stack.env');
  const client = createRedisClient(compileRedisConfig({ mode: 'single', url, commandTimeout: '5s' }));
  await waitForRedisReady(client, 5000);
  const keyPrefix = `wgbench:${randomUUID()}:`;
  const store = new RedisGrantStore({ client, clock: new SystemClock(), keyPrefix });
  try {
    const users = Array.from({ length: SUBJECTS }, (_, i) => `bench-user-${i}@example.org`);
    const agent = 'spiffe://cluster.local/ns/agents/sa/coder';
    await Promise.all(
      users.map(async (user, u) => {
        for (let g = 0; g < GRANTS_PER_SUBJECT; g++) {
          const matching = g === GRANTS_PER_SUBJECT - 1;
          const scope: GrantScope = {
            destinations: [matching ? 'fhir.clinical.svc' : `svc-${g}.clinical.svc`],
            methods: ['GET'],
            paths: [matching ? '/Patient/**' : `/Resource${g}/*`],
            commandKinds: ['rest:get'],
          };
          // Every other subject's matching grant is limited, so consumption is measured too.
          const maxUses = matching && u % 2 === 0 ? LOOKUPS : undefined;
          await store.issue({ subject: { user, agent }, scope, reason: 'bench', approvedBy: ['bench'], ttlMs: 600_000, ...(maxUses ? { maxUses } : {}) });
        }
      }),
    );
    const lookup = (i: number): GrantLookup => ({
      subject: { user: users[i % SUBJECTS]!, agent },
      destination: 'fhir.clinical.svc:8080',
      method: 'GET',
      path: `/Patient/${i}/_history`,
      commandKinds: ['rest:get'],
      fingerprint: `fp-${i}`,
    });
    // Warm up: script cache, connections, JIT.
    for (let i = 0; i < 500; i++) await store.useMatching(lookup(i));
    const latencies: number[] = [];
    let misses = 0;
    let next = 0;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < LOOKUPS) {
          const i = next++;
          const t0 = performance.now();
          const found = await store.useMatching(lookup(i));
          latencies.push(performance.now() - t0);
          if (!found) misses++;
        }
      }),
    );
    const elapsed = performance.now() - started;
    // Baselines on the same connection: one lookup at a time, and a bare PING (host noise).
    const sequential: number[] = [];
    const pings: number[] = [];
    for (let i = 0; i < 2000; i++) {
      const t0 = performance.now();
      await store.useMatching(lookup(i));
      sequential.push(performance.now() - t0);
      const t1 = performance.now();
      await store.ping();
      pings.push(performance.now() - t1);
    }
    sequential.sort((a, b) => a - b);
    pings.sort((a, b) => a - b);
    latencies.sort((a, b) => a - b);
    const fmt = (n: number): string => n.toFixed(3);
    console.log(
      `grants-bench useMatching (redis single, ${SUBJECTS} subjects x ${GRANTS_PER_SUBJECT} grants, ${LOOKUPS} lookups, ${CONCURRENCY} in flight): ` +
        `p50 ${fmt(percentile(latencies, 0.5))} ms, p90 ${fmt(percentile(latencies, 0.9))} ms, p99 ${fmt(percentile(latencies, 0.99))} ms, ` +
        `max ${fmt(latencies[latencies.length - 1]!)} ms, ${Math.round((LOOKUPS / elapsed) * 1000)} lookups/s, misses ${misses}`,
    );
    console.log(
      `grants-bench sequential (1 in flight, 2000 lookups): useMatching p50 ${fmt(percentile(sequential, 0.5))} ms, p99 ${fmt(percentile(sequential, 0.99))} ms; ` +
        `PING p50 ${fmt(percentile(pings, 0.5))} ms, p99 ${fmt(percentile(pings, 0.99))} ms`,
    );
    if (misses > 0) throw new Error(`grants-bench: ${misses} lookups found no grant; the bench setup is broken`);
  } finally {
    const keys = await client.keys(`${keyPrefix}*`);
    for (let i = 0; i < keys.length; i += 500) await client.del(...keys.slice(i, i + 500));
    await client.quit();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await runGrantsBench();
}
