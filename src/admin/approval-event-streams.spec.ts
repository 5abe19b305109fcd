import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { ApprovalRequest } from '../approvals/approval.js';
import type { ApprovalChange, ApprovalService, Approver } from '../approvals/approval-service.js';
import { InMemoryApprovalService } from '../approvals/in-memory-approval-service.js';
import { SystemClock } from '../clock/clock.js';
import { ErrorCode, WardgateError } from '../errors/wardgate-error.js';
import { InMemoryGrantStore } from '../grants/in-memory-grant-store.js';
import { createSilentLogger } from '../logging/logger.js';
import { newRequest } from '../../test/support/approval-service-contract.js';
import { RecordingAuditSink } from '../../test/support/recording-fakes.js';
import { SseClient } from '../../test/support/sse-client.js';
import { ApprovalEventStreams, type ApprovalEventStreamsOptions } from './approval-event-streams.js';
import { approvalView } from './approval-view.js';

const people: Record<string, Approver> = {
  alice: { subject: 'alice', groups: ['phi-approvers'] },
  bob: { subject: 'bob', groups: ['phi-approvers'] },
  dev: { subject: 'dev', groups: ['eng'] },
  stranger: { subject: 'stranger', groups: ['billing'] },
  carol: { subject: 'carol', groups: ['admins'] },
};

interface Harness {
  url: string;
  streams: ApprovalEventStreams;
  /** Users whose re-check fails from now on (signed out, token expired). */
  revoked: Set<string>;
  rechecks: string[];
  clients: SseClient[];
  open(user: string): Promise<SseClient>;
}

const open: Array<{ server: Server; streams: ApprovalEventStreams; clients: SseClient[]; approvals?: InMemoryApprovalService }> = [];
afterEach(async () => {
  for (const h of open.splice(0)) {
    for (const c of h.clients) c.close();
    await h.streams.stop();
    await h.approvals?.close();
    h.server.closeAllConnections();
    await new Promise((resolve) => h.server.close(resolve));
  }
});

function inMemoryApprovals(): InMemoryApprovalService {
  const clock = new SystemClock();
  const grants = new InMemoryGrantStore({ clock, maxTtlMs: 3_600_000 });
  return new InMemoryApprovalService({ grants, audit: new RecordingAuditSink(), clock, logger: createSilentLogger(), maxGrantTtlMs: 3_600_000, sweepIntervalMs: 0 });
}

/** The registry behind a loopback HTTP server; `x-user` names the caller (carol is the admin). */
async function harness(approvals: Pick<ApprovalService, 'get' | 'watch'>, options: Partial<ApprovalEventStreamsOptions> = {}, service?: InMemoryApprovalService): Promise<Harness> {
  const streams = new ApprovalEventStreams({ approvals, logger: createSilentLogger(), ...options }).start();
  const revoked = new Set<string>();
  const rechecks: string[] = [];
  const server = createServer((req, res) => {
    const user = String(req.headers['x-user']);
    try {
      streams.open(req, res, {
        caller: people[user]!,
        isAdmin: user === 'carol',
        recheck: () => {
          rechecks.push(user);
          return revoked.has(user) ? Promise.reject(new WardgateError(ErrorCode.Unauthenticated, 'session ended')) : Promise.resolve();
        },
      });
    } catch (err) {
      const error = WardgateError.from(err);
      res.writeHead(typeof error.details.httpStatus === 'number' ? error.details.httpStatus : error.httpStatus, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { code: error.code, message: error.message } }));
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/events`;
  const clients: SseClient[] = [];
  open.push({ server, streams, clients, ...(service ? { approvals: service } : {}) });
  return {
    url, streams, revoked, rechecks, clients,
    open: async (user) => {
      const client = await SseClient.open(url, { 'x-user': user });
      clients.push(client);
      return client;
    },
  };
}

/** A change feed the test drives by hand, with a `get` it can make fail. */
function handFeed(): { feed: Pick<ApprovalService, 'get' | 'watch'>; emit(change: ApprovalChange): void; records: Map<string, ApprovalRequest>; failGet: { on: boolean }; listeners: () => number } {
  const listeners = new Set<(change: ApprovalChange) => void>();
  const records = new Map<string, ApprovalRequest>();
  const failGet = { on: false };
  return {
    records, failGet,
    listeners: () => listeners.size,
    emit: (change) => listeners.forEach((l) => l(change)),
    feed: {
      get: (id) => (failGet.on ? Promise.reject(new WardgateError(ErrorCode.Unavailable, 'redis down')) : Promise.resolve(records.get(id))),
      watch: (listener) => {
        listeners.add(listener);
        return () => listeners.delete(listener);
      },
    },
  };
}

const isApproval = (id: string) => (e: { event: string; data: string }) => e.event === 'approval' && (JSON.parse(e.data) as { id: string }).id === id;

describe('ApprovalEventStreams', () => {
  it('sends each change as the list view to those who may see it: approver groups, the requester, admins; nobody else', async () => {
    const approvals = inMemoryApprovals();
    const h = await harness(approvals, {}, approvals);
    const [alice, dev, carol, stranger] = await Promise.all(['alice', 'dev', 'carol', 'stranger'].map((u) => h.open(u)));
    expect(alice!.status).toBe(200);
    expect(alice!.response.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    expect(alice!.response.headers.get('cache-control')).toBe('no-store');

    const held = await approvals.create(newRequest({ requester: { user: 'dev', userGroups: ['eng'] }, approverGroups: ['phi-approvers'] }));
    const expected = approvalView((await approvals.get(held.id))!);
    for (const client of [alice!, dev!, carol!]) expect(JSON.parse((await client.next(isApproval(held.id))).data)).toEqual(expected);
    // The stranger's next approval event is one of their own, not the one above.
    const own = await approvals.create(newRequest({ requester: { user: 'stranger', userGroups: ['billing'] }, approverGroups: ['phi-approvers'] }));
    const first = await stranger!.next((e) => e.event === 'approval');
    expect((JSON.parse(first.data) as { id: string }).id).toBe(own.id);
    expect(stranger!.events.some(isApproval(held.id))).toBe(false);

    // A vote and the decision are changes too.
    await approvals.decide(held.id, { approver: people.bob!, verdict: 'approve', comment: 'ok' });
    const decided = await alice!.next((e) => isApproval(held.id)(e) && (JSON.parse(e.data) as ApprovalRequest).status === 'approved');
    expect((JSON.parse(decided.data) as ApprovalRequest).grantId).toEqual(expect.any(String));
  });

  it('allows 5 streams per user and 500 in all by default, answering 429 beyond; a closed stream frees its place', async () => {
    const h = await harness(handFeed().feed, { maxPerUser: 2, maxStreams: 3 });
    const a1 = await h.open('alice');
    await h.open('alice');
    const a3 = await h.open('alice');
    expect(a3.status).toBe(429);
    expect(await a3.json()).toEqual({ error: { code: 'resource_exhausted', message: 'at most 2 approval event streams per user; close another console tab' } });
    await h.open('bob');
    const b2 = await h.open('bob');
    expect(b2.status).toBe(429);
    expect(((await b2.json()) as { error: { message: string } }).error.message).toMatch(/too many approval event streams on this server/);
    expect(h.streams.size).toBe(3);
    a1.close();
    await expect.poll(() => h.streams.size).toBe(2);
    expect((await h.open('bob')).status).toBe(200);
    const defaults = new ApprovalEventStreams({ approvals: handFeed().feed, logger: createSilentLogger() });
    expect(defaults).toMatchObject({ maxPerUser: 5, maxStreams: 500, heartbeatMs: 15_000 });
  });

  it('sends a heartbeat that re-checks each caller; a session or token that no longer holds gets `end` and the stream closes', async () => {
    const h = await harness(handFeed().feed, { heartbeatMs: 40 });
    const alice = await h.open('alice');
    const bob = await h.open('bob');
    await alice.next((e) => e.event === 'comment' && e.comment === 'heartbeat');
    await expect.poll(() => h.rechecks.filter((u) => u === 'alice').length).toBeGreaterThanOrEqual(2);
    h.revoked.add('alice');
    const end = await alice.next((e) => e.event === 'end', 2_000);
    expect(JSON.parse(end.data)).toEqual({ reason: 'unauthenticated' });
    await alice.ended;
    expect(alice.closed).toBe(true);
    expect(h.streams.size).toBe(1);
    // Bob's stream goes on.
    const seen = bob.events.length;
    await bob.next((e) => e.event === 'comment', 2_000, seen);
    expect(bob.closed).toBe(false);
  });

  it('stop ends every stream with `end` (shutdown), unsubscribes and refuses new streams with 503; idempotent', async () => {
    const feed = handFeed();
    const h = await harness(feed.feed);
    expect(feed.listeners()).toBe(1);
    const clients = await Promise.all(['alice', 'bob', 'carol'].map((u) => h.open(u)));
    await h.streams.stop();
    for (const client of clients) {
      expect(JSON.parse((await client.next((e) => e.event === 'end')).data)).toEqual({ reason: 'shutdown' });
      await client.ended;
      expect(client.closed).toBe(true);
    }
    expect(h.streams.size).toBe(0);
    expect(feed.listeners()).toBe(0);
    const late = await h.open('alice');
    expect(late.status).toBe(503);
    await h.streams.stop();
  });

  it('passes on a resync, and asks for one when the changed request cannot be read', async () => {
    const feed = handFeed();
    const h = await harness(feed.feed);
    const alice = await h.open('alice');
    feed.emit({ kind: 'resync' });
    expect((await alice.next((e) => e.event === 'resync')).data).toBe('{}');
    feed.failGet.on = true;
    const seen = alice.events.length;
    feed.emit({ kind: 'changed', id: 'AAAAAAAAAAAAAAAAAAAAAA' });
    await alice.next((e) => e.event === 'resync', 2_000, seen);
    expect(alice.events.some((e) => e.event === 'approval')).toBe(false);
  });

  it('goes on after a change whose broadcast failed', async () => {
    const feed = handFeed();
    const h = await harness(feed.feed);
    const alice = await h.open('alice');
    const poisoned = { ...newRequest(), id: 'BBBBBBBBBBBBBBBBBBBBBB', status: 'pending', votes: [], createdAt: 0, expiresAt: 1, toJSON: () => { throw new Error('cannot serialize'); } } as unknown as ApprovalRequest;
    const fine = { ...newRequest(), id: 'CCCCCCCCCCCCCCCCCCCCCC', status: 'pending', votes: [], createdAt: 0, expiresAt: 1 } as unknown as ApprovalRequest;
    feed.records.set(poisoned.id, poisoned);
    feed.records.set(fine.id, fine);
    feed.emit({ kind: 'changed', id: poisoned.id });
    feed.emit({ kind: 'changed', id: fine.id });
    await alice.next(isApproval(fine.id), 2_000);
  });

  it('cuts off a client that stops reading before its unsent events pass the bound', async () => {
    const feed = handFeed();
    const h = await harness(feed.feed, { maxBufferedBytes: 64 * 1024 });
    const big = { ...newRequest(), id: 'AAAAAAAAAAAAAAAAAAAAAA', status: 'pending', votes: [], createdAt: 0, expiresAt: 1, reason: 'x'.repeat(256 * 1024) } as unknown as ApprovalRequest;
    big.approverGroups = ['phi-approvers'];
    feed.records.set(big.id, big);
    const { port } = new URL(h.url);
    const socket = net.connect(Number(port), '127.0.0.1');
    await new Promise((resolve) => socket.once('connect', resolve));
    socket.write('GET /events HTTP/1.1\r\nhost: x\r\nx-user: alice\r\n\r\n');
    await expect.poll(() => h.streams.size).toBe(1);
    socket.pause();
    for (let i = 0; i < 200 && h.streams.size > 0; i++) {
      feed.emit({ kind: 'changed', id: big.id });
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
    await expect.poll(() => h.streams.size).toBe(0);
    socket.destroy();
  });
});
