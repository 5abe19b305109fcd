import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApprovalEventStreams } from '../../src/admin/approval-event-streams.js';
import { RedisApprovalService } from '../../src/approvals/redis-approval-service.js';
import { SystemClock } from '../../src/clock/clock.js';
import { compileRedisConfig } from '../../src/config/redis-config.js';
import { createRedisClient, waitForRedisReady, type RedisClient } from '../../src/grants/redis-client.js';
import { RedisGrantStore } from '../../src/grants/redis-grant-store.js';
import { createSilentLogger } from '../../src/logging/logger.js';
import { describeApprovalServiceContract, newRequest } from '../support/approval-service-contract.js';
import { RecordingAuditSink, RecordingNotifier } from '../support/recording-fakes.js';
import { deleteKeysWithPrefix, requireEnv } from '../support/redis-harness.js';
import { SseClient } from '../support/sse-client.js';

async function client(): Promise<RedisClient> {
  const c = createRedisClient(compileRedisConfig({ mode: 'single', url: requireEnv('WARDGATE_TEST_REDIS_URL') }));
  await waitForRedisReady(c, 5000);
  return c;
}

/** One replica: its own connection, services and recording fakes, over a shared key prefix. */
async function replica(keyPrefix: string): Promise<{
  redis: RedisClient;
  service: RedisApprovalService;
  grants: RedisGrantStore;
  audit: RecordingAuditSink;
  notifier: RecordingNotifier;
  close(): Promise<void>;
}> {
  const redis = await client();
  const clock = new SystemClock();
  const grants = new RedisGrantStore({ client: redis, clock, keyPrefix });
  const audit = new RecordingAuditSink();
  const notifier = new RecordingNotifier();
  const service = new RedisApprovalService({ client: redis, keyPrefix, grants, audit, notifier, clock, logger: createSilentLogger(), maxGrantTtlMs: 3_600_000, sweepIntervalMs: 0 });
  return {
    redis, service, grants, audit, notifier,
    close: async () => {
      await service.close();
      await deleteKeysWithPrefix(redis, keyPrefix);
      await redis.quit();
    },
  };
}

describeApprovalServiceContract('redis', async () => {
  const r = await replica(`wgtest:${randomUUID()}:`);
  return { service: r.service, grants: r.grants, audit: r.audit, notifier: r.notifier, maxGrantTtlMs: 3_600_000, cleanup: r.close };
});

describe('RedisApprovalService across replicas', () => {
  const prefix = `wgtest:${randomUUID()}:`;
  let a: Awaited<ReturnType<typeof replica>>;
  let b: Awaited<ReturnType<typeof replica>>;
  beforeAll(async () => {
    [a, b] = await Promise.all([replica(prefix), replica(prefix)]);
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
  });

  it('releases a wait on replica B when replica A records the decision (pub/sub, no polling)', async () => {
    const created = await a.service.create(newRequest());
    const waitingOnB = b.service.waitForOutcome(created.id, 10_000);
    // Give B's read a moment so the decision arrives as a message, not through the first read.
    await new Promise((r) => setTimeout(r, 50));
    const started = Date.now();
    await a.service.decide(created.id, { approver: { subject: 'alice', groups: ['phi-approvers'] }, verdict: 'approve', comment: 'ok' });
    expect(await waitingOnB).toBe('approved');
    expect(Date.now() - started).toBeLessThan(500);
    expect((await b.service.get(created.id))?.grantId).toBeDefined();
    expect(await b.grants.get((await b.service.get(created.id))!.grantId!)).toBeDefined();
  });

  it("tells replica B's watchers of a request created, decided and expired on replica A (the console's live list)", async () => {
    const heard: string[] = [];
    const stop = b.service.watch((change) => heard.push(change.kind === 'changed' ? change.id : 'resync'));
    await b.service.ready();
    const created = await a.service.create(newRequest());
    await expect.poll(() => heard.includes(created.id), { timeout: 1000 }).toBe(true);
    await a.service.decide(created.id, { approver: { subject: 'alice', groups: ['phi-approvers'] }, verdict: 'deny', comment: 'no' });
    await expect.poll(() => heard.filter((id) => id === created.id).length, { timeout: 1000 }).toBe(2);
    expect((await b.service.get(created.id))?.status).toBe('denied');
    const short = await a.service.create(newRequest({ pendingTtlMs: 200 }));
    await new Promise((r) => setTimeout(r, 300));
    expect(await a.service.sweepExpired()).toBeGreaterThanOrEqual(1);
    await expect.poll(() => heard.filter((id) => id === short.id).length, { timeout: 1000 }).toBe(2);
    stop();
  });

  it("streams a hold created and decided on replica A to a console stream open on replica B (GET /v1/approvals/events)", async () => {
    const streams = new ApprovalEventStreams({ approvals: b.service, logger: createSilentLogger() }).start();
    await b.service.ready();
    const server = createServer((req, res) => streams.open(req, res, { caller: { subject: 'alice', groups: ['phi-approvers'] }, isAdmin: false, recheck: () => Promise.resolve() }));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const live = await SseClient.open(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
    try {
      const created = await a.service.create(newRequest());
      const isIt = (status: string) => (e: { event: string; data: string }) => e.event === 'approval' && (JSON.parse(e.data) as { id: string; status: string }).id === created.id && JSON.parse(e.data).status === status;
      expect(JSON.parse((await live.next(isIt('pending'), 2_000)).data)).toMatchObject({ id: created.id, grantScope: { match: 'exact' } });
      await a.service.decide(created.id, { approver: { subject: 'bob', groups: ['phi-approvers'] }, verdict: 'deny', comment: 'no' });
      await live.next(isIt('denied'), 2_000);
    } finally {
      live.close();
      await streams.stop();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it("releases a wait whose decision was published while the waiter's subscriber was disconnected (re-read on reconnect)", async () => {
    const created = await a.service.create(newRequest());
    const waitingOnB = b.service.waitForOutcome(created.id, 8_000);
    await new Promise((r) => setTimeout(r, 50));
    // Drop every pub/sub connection; ioredis reconnects after its retry delay, so the decision's
    // message below reaches nobody and only the re-read after the reconnect can release B.
    const killed = Number(await a.redis.call('CLIENT', 'KILL', 'TYPE', 'pubsub'));
    expect(killed).toBeGreaterThanOrEqual(1);
    const started = Date.now();
    await a.service.decide(created.id, { approver: { subject: 'alice', groups: ['phi-approvers'] }, verdict: 'approve', comment: 'ok' });
    expect(await waitingOnB).toBe('approved');
    expect(Date.now() - started).toBeLessThan(5_000);
    // The subscriber is back: the next decision arrives as a message again.
    const next = await a.service.create(newRequest());
    const waitingAgain = b.service.waitForOutcome(next.id, 10_000);
    await new Promise((r) => setTimeout(r, 50));
    const again = Date.now();
    await a.service.decide(next.id, { approver: { subject: 'alice', groups: ['phi-approvers'] }, verdict: 'deny', comment: 'no' });
    expect(await waitingAgain).toBe('denied');
    expect(Date.now() - again).toBeLessThan(500);
  });

  it('keeps the record for pending ttl + retention, the pending key for the pending ttl, and never extends them', async () => {
    const created = await a.service.create(newRequest({ pendingTtlMs: 60_000 }));
    const record = `${prefix}{approvals}:req:${created.id}`;
    const pending = `${prefix}{approvals}:pending:${created.id}`;
    const recordTtl = await a.redis.pttl(record);
    expect(recordTtl).toBeGreaterThan(7 * 86_400_000);
    expect(recordTtl).toBeLessThanOrEqual(7 * 86_400_000 + 60_000);
    expect(await a.redis.pttl(pending)).toBeGreaterThan(59_000);
    await new Promise((r) => setTimeout(r, 20));
    await a.service.decide(created.id, { approver: { subject: 'bob', groups: ['phi-approvers'] }, verdict: 'deny', comment: 'no' });
    expect(await a.redis.pttl(record)).toBeLessThan(recordTtl);
    expect(await a.redis.exists(pending)).toBe(0);
  });

  it('announces an expiry once although both replicas sweep', async () => {
    const created = await a.service.create(newRequest({ pendingTtlMs: 300 }));
    const waits = [a.service.waitForOutcome(created.id, 10_000), b.service.waitForOutcome(created.id, 10_000)];
    expect(await Promise.all(waits)).toEqual(['expired', 'expired']);
    await new Promise((r) => setTimeout(r, 100));
    await Promise.all([a.service.sweepExpired(), b.service.sweepExpired(), a.service.sweepExpired(), b.service.sweepExpired()]);
    const expiredEvents = [...a.audit.kinds(created.id), ...b.audit.kinds(created.id)].filter((k) => k === 'approval.expired');
    expect(expiredEvents).toHaveLength(1);
    expect((await b.service.get(created.id))?.status).toBe('expired');
  });

  it('serializes votes from two replicas needing two approvers: both count, one grant', async () => {
    const input = newRequest({ approvalsRequired: 2 });
    const created = await a.service.create(input);
    const [ra, rb] = await Promise.all([
      a.service.decide(created.id, { approver: { subject: 'alice', groups: ['phi-approvers'] }, verdict: 'approve', comment: 'one' }),
      b.service.decide(created.id, { approver: { subject: 'bob', groups: ['phi-approvers'] }, verdict: 'approve', comment: 'two' }),
    ]);
    const final = [ra, rb].find((r) => r.status === 'approved');
    expect(final).toBeDefined();
    expect(final!.votes.map((v) => v.approver).sort()).toEqual(['alice', 'bob']);
    expect(await a.grants.list({ subject: { user: input.requester.user! } })).toHaveLength(1);
  });
});
