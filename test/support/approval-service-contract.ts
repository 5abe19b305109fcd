import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NewApprovalRequest } from '../../src/approvals/approval.js';
import type { ApprovalCoordinator } from '../../src/approvals/approval-coordinator.js';
import type { Approver } from '../../src/approvals/approval-service.js';
import { ErrorCode, WardgateError } from '../../src/errors/wardgate-error.js';
import type { GrantStore } from '../../src/grants/grant-store.js';
import type { RecordingAuditSink, RecordingNotifier } from './recording-fakes.js';

export interface ApprovalServiceHarness {
  service: ApprovalCoordinator;
  grants: GrantStore;
  audit: RecordingAuditSink;
  notifier: RecordingNotifier;
  /** The maxGrantTtlMs the service was built with. */
  maxGrantTtlMs: number;
  cleanup(): Promise<void>;
}

const alice: Approver = { subject: 'alice@example.org', groups: ['phi-approvers'] };
const bob: Approver = { subject: 'bob@example.org', groups: ['phi-approvers', 'eng'] };
const mallory: Approver = { subject: 'mallory@example.org', groups: ['eng'] };

export function newRequest(overrides: Partial<NewApprovalRequest> = {}): NewApprovalRequest {
  return {
    requester: { user: `dev-${randomUUID()}@example.org`, userGroups: ['eng'], agent: 'spiffe://cluster.local/ns/agents/sa/coder' },
    command: 'GET /Patient/{id}',
    commandKinds: ['rest:get'],
    destination: 'fhir.clinical.svc.cluster.local:8080',
    method: 'GET',
    path: '/Patient/123',
    fingerprint: `fp-${randomUUID()}`,
    ruleId: 'fhir-read-needs-approval',
    reason: 'reading patient records needs approval',
    approverGroups: ['phi-approvers'],
    approvalsRequired: 1,
    grantTtlMs: 120_000,
    correlationId: randomUUID(),
    pendingTtlMs: 60_000,
    ...overrides,
  };
}

async function codeOf(promise: Promise<unknown>): Promise<string | undefined> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  return error instanceof WardgateError ? error.code : error === undefined ? undefined : 'not-a-wardgate-error';
}

/** Behaviour every ApprovalService must have; `makeHarness` runs once per suite. */
export function describeApprovalServiceContract(name: string, makeHarness: () => Promise<ApprovalServiceHarness>): void {
  describe(`ApprovalService contract: ${name}`, () => {
    let h: ApprovalServiceHarness;
    beforeAll(async () => {
      h = await makeHarness();
    });
    afterAll(async () => {
      await h?.cleanup();
    });

    it('creates a pending request, audits and notifies it', async () => {
      const input = newRequest();
      const created = await h.service.create(input);
      expect(created.id).toMatch(/^[A-Za-z0-9_-]{22}$/);
      expect(created).toMatchObject({ status: 'pending', votes: [], fingerprint: input.fingerprint });
      expect(created.expiresAt - created.createdAt).toBe(60_000);
      expect(await h.service.get(created.id)).toEqual(created);
      expect((await h.service.list({ status: 'pending' })).map((r) => r.id)).toContain(created.id);
      expect(h.audit.kinds(created.id)).toEqual(['approval.requested']);
      expect(h.notifier.sent.filter((n) => n.id === created.id).map((n) => n.kind)).toEqual(['requested']);
    });

    it('approves with a one-time grant bound to the fingerprint and releases the waiter', async () => {
      const created = await h.service.create(newRequest());
      const waiting = h.service.waitForOutcome(created.id, 10_000);
      const decided = await h.service.decide(created.id, { approver: alice, verdict: 'approve', comment: 'ticket OPS-1' });
      expect(await waiting).toBe('approved');
      expect(decided.status).toBe('approved');
      expect(decided.votes).toEqual([expect.objectContaining({ approver: alice.subject, verdict: 'approve', comment: 'ticket OPS-1' })]);
      const grant = await h.grants.get(decided.grantId!);
      expect(grant).toMatchObject({
        subject: { user: created.requester.user, agent: created.requester.agent },
        usesLeft: 1,
        fingerprint: created.fingerprint,
        approvalId: created.id,
        approvedBy: [alice.subject],
        scope: { match: 'exact', destinations: ['fhir.clinical.svc.cluster.local:8080'], methods: ['GET'], paths: ['/Patient/123'], commandKinds: ['rest:get'] },
      });
      expect(grant!.expiresAt - grant!.createdAt).toBe(120_000);
      expect(h.audit.kinds(created.id)).toEqual(['approval.requested', 'approval.approved', 'grant.issued']);
      expect(h.notifier.sent.filter((n) => n.id === created.id)).toEqual([{ kind: 'requested', id: created.id }, { kind: 'approved', id: created.id, actor: alice.subject }]);
      expect(await h.service.waitForOutcome(created.id, 1000)).toBe('approved');
      expect(await h.service.get(created.id)).toEqual(decided);
    });

    it('refuses to decide a request twice (replay), whatever the verdict', async () => {
      const created = await h.service.create(newRequest());
      await h.service.decide(created.id, { approver: alice, verdict: 'approve', comment: 'ok' });
      expect(await codeOf(h.service.decide(created.id, { approver: bob, verdict: 'approve', comment: 'again' }))).toBe(ErrorCode.Conflict);
      expect(await codeOf(h.service.decide(created.id, { approver: bob, verdict: 'deny', comment: 'no' }))).toBe(ErrorCode.Conflict);
      expect((await h.grants.list({ subject: { user: created.requester.user! } })).length).toBe(1);
    });

    it.each([
      { name: 'approver outside the groups', approver: mallory, code: ErrorCode.PermissionDenied },
      { name: 'self-approval', approver: 'requester', code: ErrorCode.PermissionDenied },
      { name: 'empty comment', approver: alice, comment: ' ', code: ErrorCode.InvalidArgument },
    ] as const)('refuses $name', async ({ approver, code, ...rest }) => {
      const input = newRequest();
      const created = await h.service.create(input);
      const who = approver === 'requester' ? { subject: input.requester.user!, groups: ['phi-approvers'] } : approver;
      const comment = (rest as { comment?: string }).comment ?? 'because';
      expect(await codeOf(h.service.decide(created.id, { approver: who, verdict: 'approve', comment }))).toBe(code);
      expect((await h.service.get(created.id))?.status).toBe('pending');
      expect(await h.grants.list({ subject: { user: input.requester.user! } })).toEqual([]);
    });

    it('needs two distinct approvers when the rule asks for two', async () => {
      const created = await h.service.create(newRequest({ approvalsRequired: 2 }));
      const first = await h.service.decide(created.id, { approver: alice, verdict: 'approve', comment: 'one' });
      expect(first.status).toBe('pending');
      expect(first.grantId).toBeUndefined();
      expect(await codeOf(h.service.decide(created.id, { approver: alice, verdict: 'approve', comment: 'one again' }))).toBe(ErrorCode.Conflict);
      const second = await h.service.decide(created.id, { approver: bob, verdict: 'approve', comment: 'two' });
      expect(second.status).toBe('approved');
      expect((await h.grants.get(second.grantId!))?.approvedBy.sort()).toEqual([alice.subject, bob.subject].sort());
      expect(h.audit.kinds(created.id)).toEqual(['approval.requested', 'approval.approved', 'grant.issued']);
    });

    it('denies without a grant and releases the waiter with denied', async () => {
      const created = await h.service.create(newRequest());
      const waiting = h.service.waitForOutcome(created.id, 10_000);
      const decided = await h.service.decide(created.id, { approver: bob, verdict: 'deny', comment: 'not needed' });
      expect(decided.status).toBe('denied');
      expect(decided.grantId).toBeUndefined();
      expect(await waiting).toBe('denied');
      expect(h.audit.kinds(created.id)).toEqual(['approval.requested', 'approval.denied']);
    });

    it('gives a time-boxed grant when the approver approves for a while, capped by the maximum', async () => {
      for (const [asked, expected] of [[30 * 60_000, 30 * 60_000], [h.maxGrantTtlMs * 2, h.maxGrantTtlMs]] as const) {
        const created = await h.service.create(newRequest());
        const decided = await h.service.decide(created.id, { approver: alice, verdict: 'approve', comment: 'for a while', grantTtlMs: asked });
        const grant = (await h.grants.get(decided.grantId!))!;
        expect(grant.fingerprint).toBeUndefined();
        expect(grant.usesLeft).toBeUndefined();
        expect(grant.expiresAt - grant.createdAt).toBe(expected);
      }
    });

    it('a held path full of glob characters becomes an exact grant for that path only, one-time or time-boxed', async () => {
      for (const grantTtlMs of [undefined, 30 * 60_000]) {
        const created = await h.service.create(newRequest({ method: 'POST', path: '/api/**', commandKinds: ['rest:post'], commandHash: 'hmac-sha256:held' }));
        const decided = await h.service.decide(created.id, { approver: alice, verdict: 'approve', comment: 'one post', ...(grantTtlMs ? { grantTtlMs } : {}) });
        const grant = (await h.grants.get(decided.grantId!))!;
        expect(grant.scope).toEqual({ match: 'exact', destinations: [created.destination], methods: ['POST'], paths: ['/api/**'], commandKinds: ['rest:post'], commandHash: 'hmac-sha256:held' });
        const lookup = { subject: created.requester, destination: created.destination, method: 'POST', commandKinds: ['rest:post'], fingerprint: created.fingerprint, commandHash: 'hmac-sha256:held' };
        expect(await h.grants.useMatching({ ...lookup, path: '/api/users/1' })).toBeUndefined();
        expect(await h.grants.useMatching({ ...lookup, path: '/api/**', commandHash: 'hmac-sha256:other' })).toBeUndefined();
        expect(await h.grants.useMatching({ ...lookup, path: '/api/**' })).toBeDefined();
      }
    });

    it('answers unknown ids with NotFound', async () => {
      const unknown = 'AAAAAAAAAAAAAAAAAAAAAA';
      expect(await h.service.get(unknown)).toBeUndefined();
      expect(await h.service.get('../../etc')).toBeUndefined();
      expect(await codeOf(h.service.decide(unknown, { approver: alice, verdict: 'approve', comment: 'x' }))).toBe(ErrorCode.NotFound);
      expect(await codeOf(h.service.waitForOutcome(unknown, 100))).toBe(ErrorCode.NotFound);
    });

    it('times out a wait, and an aborted wait ends at once', async () => {
      const created = await h.service.create(newRequest());
      const started = Date.now();
      expect(await h.service.waitForOutcome(created.id, 150)).toBe('timeout');
      expect(Date.now() - started).toBeGreaterThanOrEqual(140);
      const abort = new AbortController();
      const waiting = h.service.waitForOutcome(created.id, 10_000, abort.signal);
      setTimeout(() => abort.abort(), 20);
      expect(await waiting).toBe('timeout');
    });

    it('expires a pending request: waiter sees expired, the sweep announces it once, votes are refused', async () => {
      const created = await h.service.create(newRequest({ pendingTtlMs: 400 }));
      const started = Date.now();
      expect(await h.service.waitForOutcome(created.id, 10_000)).toBe('expired');
      expect(Date.now() - started).toBeLessThan(2000);
      await new Promise((r) => setTimeout(r, 100));
      expect((await h.service.get(created.id))?.status).toBe('expired');
      await h.service.sweepExpired();
      await h.service.sweepExpired();
      expect(h.audit.kinds(created.id)).toEqual(['approval.requested', 'approval.expired']);
      expect(h.notifier.sent.filter((n) => n.id === created.id).map((n) => n.kind)).toEqual(['requested', 'expired']);
      expect(await codeOf(h.service.decide(created.id, { approver: alice, verdict: 'approve', comment: 'late' }))).toBe(ErrorCode.Conflict);
      expect((await h.service.list({ status: 'expired' })).map((r) => r.id)).toContain(created.id);
    });

    it('tells watchers of a new request, each vote, the decision and an expiry; not after unsubscribing', async () => {
      const heard: string[] = [];
      const stop = h.service.watch((change) => heard.push(change.kind === 'changed' ? change.id : 'resync'));
      await h.service.ready();
      const two = await h.service.create(newRequest({ approvalsRequired: 2 }));
      await h.service.decide(two.id, { approver: alice, verdict: 'approve', comment: 'one' });
      await h.service.decide(two.id, { approver: bob, verdict: 'approve', comment: 'two' });
      const short = await h.service.create(newRequest({ pendingTtlMs: 200 }));
      await new Promise((r) => setTimeout(r, 300));
      expect(await h.service.sweepExpired()).toBeGreaterThanOrEqual(1);
      // Redis delivers through pub/sub: give the messages a moment.
      await expect.poll(() => heard.filter((id) => id === two.id).length).toBe(3);
      await expect.poll(() => heard.filter((id) => id === short.id).length).toBe(2);
      stop();
      const after = await h.service.create(newRequest());
      await new Promise((r) => setTimeout(r, 100));
      expect(heard).not.toContain(after.id);
    });

    it('lets exactly one of several concurrent approvers decide', async () => {
      const input = newRequest();
      const created = await h.service.create(input);
      const approvers = Array.from({ length: 8 }, (_, i) => ({ subject: `approver-${i}@example.org`, groups: ['phi-approvers'] }));
      const results = await Promise.allSettled(approvers.map((approver) => h.service.decide(created.id, { approver, verdict: 'approve', comment: 'race' })));
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      for (const r of results) if (r.status === 'rejected') expect((r.reason as WardgateError).code).toBe(ErrorCode.Conflict);
      expect(await h.grants.list({ subject: { user: input.requester.user! } })).toHaveLength(1);
      expect(h.audit.kinds(created.id).filter((k) => k === 'grant.issued')).toHaveLength(1);
    });
  });
}
