import { describe, expect, it } from 'vitest';
import type { ApprovalOutcome, ApprovalRequest, NewApprovalRequest } from '../approvals/approval.js';
import type { ApprovalService } from '../approvals/approval-service.js';
import type { AuditEventInput } from '../audit/audit-event.js';
import type { AuditReceipt, AuditSink } from '../audit/audit-sink.js';
import { SinkAuditRecorder } from '../audit/audit-recorder.js';
import { ManualClock } from '../clock/clock.js';
import { ErrorCode, WardgateError } from '../errors/wardgate-error.js';
import type { GrantStore } from '../grants/grant-store.js';
import { InMemoryGrantStore } from '../grants/in-memory-grant-store.js';
import { createLogger } from '../logging/logger.js';
import { createWardgateMetrics } from '../metrics/wardgate-metrics.js';
import type { AccessRequest } from './access-request.js';
import type { PolicyVerdict } from '../policy/policy-types.js';
import { commandOrThrow, createCommandClassifier } from '../command/classify-command.js';
import { PolicyAuthorizer, type PolicyAuthorizerDeps } from './policy-authorizer.js';
import { requestFingerprint } from './request-fingerprint.js';

class CaptureSink implements AuditSink {
  readonly events: AuditEventInput[] = [];
  failing = false;
  emit(event: AuditEventInput): AuditReceipt {
    if (this.failing) {
      const refused = new WardgateError(ErrorCode.ResourceExhausted, 'audit log full');
      return { refused, durable: Promise.resolve(refused) };
    }
    this.events.push(event);
    return { refused: undefined, durable: Promise.resolve(undefined) };
  }
  health() { return { ready: true, pending: 0 }; }
  flush() { return Promise.resolve(); }
  close() { return Promise.resolve(); }
}

class FakeApprovals implements ApprovalService {
  readonly created: NewApprovalRequest[] = [];
  outcome: ApprovalOutcome = 'approved';
  onWait: (() => Promise<void>) | undefined;
  create(request: NewApprovalRequest): Promise<ApprovalRequest> {
    this.created.push(request);
    return Promise.resolve({ ...request, id: `ap-${this.created.length}`, status: 'pending', createdAt: 0, expiresAt: 60_000, votes: [] });
  }
  async waitForOutcome(): Promise<ApprovalOutcome> {
    await this.onWait?.();
    return this.outcome;
  }
  decide(): Promise<ApprovalRequest> { throw new Error('not used'); }
  get() { return Promise.resolve(undefined); }
  list() { return Promise.resolve([]); }
  watch() { return () => undefined; }
  ping() { return Promise.resolve(); }
  close() { return Promise.resolve(); }
}

const hold = { mode: 'respond' as const, approverGroups: ['approvers'], approvalsRequired: 1, approvalValidityMs: 600_000, pendingTtlMs: 600_000, waitTimeoutMs: 1000 };

function request(path = '/Patient/1'): AccessRequest {
  return {
    requestId: 'req-1', receivedAt: 0, source: { principal: 'spiffe://cluster.local/ns/agents/sa/coder' }, destination: {},
    http: { method: 'GET', scheme: 'http', authority: 'fhir:8080', path, query: 'name=Ada%20Lovelace', headers: {} },
  };
}

function setup(verdict: Partial<PolicyVerdict>, grants?: GrantStore, classify?: PolicyAuthorizerDeps['classify']) {
  const clock = new ManualClock();
  const audit = new CaptureSink();
  const approvals = new FakeApprovals();
  const store = grants ?? new InMemoryGrantStore({ clock });
  const metrics = createWardgateMetrics();
  const logLines: string[] = [];
  const logger = createLogger({ level: 'trace' }, { write: (line: string) => { logLines.push(line); } });
  const authorizer = new PolicyAuthorizer({
    identity: { resolve: () => Promise.resolve({ agent: { principal: 'spiffe://cluster.local/ns/agents/sa/coder' }, user: { subject: 'alice', issuer: 'i', groups: ['clinicians'], source: 'jwt' } }) },
    policy: { evaluate: () => ({ action: 'allow', ruleId: 'r1', reason: 'rule r1', trace: [], dryRun: false, maskingProfile: 'strict', ...verdict }) },
    classify: classify ?? ((r) => ({ type: 'rest', method: r.http.method, path: r.http.path })),
    grants: store,
    approvals,
    audit: new SinkAuditRecorder({ sink: audit, durability: 'durable', failClosed: true, logger, onRefused: () => undefined }),
    masking: {
      maskText: (s) => {
        const output = s.replace(/Ada Lovelace/g, '[REDACTED:NAME]');
        return { output, summary: { categories: {}, rules: {}, total: output === s ? 0 : 1 } };
      },
    },
    hashCommand: (raw) => `hmac-sha256:${raw.length}`,
    clock,
    logger,
    metrics,
    settings: { recordProfile: 'strict', passthroughProfile: 'none', grantStoreFailure: 'closed' },
  });
  return { authorizer, audit, approvals, store, clock, metrics, logLines };
}

const signal = { signal: () => new AbortController().signal };

describe('PolicyAuthorizer', () => {
  it('allows and passes the masking profile to ext_proc; the audit holds no raw PHI', async () => {
    const { authorizer, audit } = setup({});
    const outcome = await authorizer.authorize(request(), signal);
    expect(outcome).toMatchObject({ kind: 'allow', metadata: { ruleId: 'r1', maskingProfile: 'strict', user: 'alice', correlationId: 'req-1' } });
    const event = audit.events[0];
    expect(event).toMatchObject({ kind: 'access.decision', decision: { action: 'allow', enforced: 'allow', ruleId: 'r1' } });
    expect(JSON.stringify(event)).not.toContain('Lovelace');
    // The query value is decoded before masking (`%20`), then recorded masked whole.
    expect(event?.target?.command).toBe('GET /Patient/1?name=[REDACTED]');
  });

  it('denies with the rule status and a JSON body naming the reason', async () => {
    const { authorizer } = setup({ action: 'deny', deny: { status: 451, message: 'no bulk export' } });
    const outcome = await authorizer.authorize(request(), signal);
    expect(outcome).toMatchObject({ kind: 'deny', status: 451, body: { status: 'denied', reason: 'denied_by_policy', rule: 'r1', message: 'no bulk export' } });
  });

  it('dry-run records the would-be decision but allows', async () => {
    const { authorizer, audit } = setup({ action: 'deny', dryRun: true });
    expect((await authorizer.authorize(request(), signal)).kind).toBe('allow');
    expect(audit.events[0]?.decision).toMatchObject({ action: 'deny', enforced: 'allow', dryRun: true });
  });

  it('require_grant: denies without a grant, allows with one', async () => {
    const { authorizer, store } = setup({ action: 'require_grant', requireGrant: { otherwise: 'deny' } });
    expect(await authorizer.authorize(request(), signal)).toMatchObject({ kind: 'deny', body: { reason: 'grant_required' } });
    await store.issue({ subject: { user: 'alice' }, scope: { destinations: ['fhir'], methods: ['GET'], paths: ['/Patient/**'], commandKinds: [] }, reason: 'r', approvedBy: ['bob'], ttlMs: 60_000 });
    expect((await authorizer.authorize(request(), signal)).kind).toBe('allow');
  });

  it('hold (respond): 403 with the approval id; after approval the same request passes once', async () => {
    const { authorizer, approvals, store } = setup({ action: 'hold', hold });
    const first = await authorizer.authorize(request(), signal);
    expect(first).toMatchObject({ kind: 'deny', status: 403, body: { status: 'held', approvalId: 'ap-1' } });
    expect(approvals.created[0]?.command).not.toContain('Lovelace');
    // What the approval service does on approval: a one-time grant bound to the fingerprint.
    await store.issue({
      subject: { user: 'alice', agent: 'spiffe://cluster.local/ns/agents/sa/coder' },
      scope: { destinations: [], methods: [], paths: [], commandKinds: [] }, reason: 'approved', approvedBy: ['bob'], ttlMs: 60_000, maxUses: 1,
      fingerprint: approvals.created[0]?.fingerprint,
    });
    expect((await authorizer.authorize(request(), signal)).kind).toBe('allow');
    expect(await authorizer.authorize(request(), signal)).toMatchObject({ kind: 'deny', body: { status: 'held', approvalId: 'ap-2' } });
  });

  it.each([
    ['approved', 'allow'],
    ['denied', 'deny'],
    ['timeout', 'deny'],
  ] as const)('hold (wait): %s -> %s', async (outcome, kind) => {
    const { authorizer, approvals } = setup({ action: 'hold', hold: { ...hold, mode: 'wait' } });
    approvals.outcome = outcome;
    expect((await authorizer.authorize(request(), signal)).kind).toBe(kind);
  });

  it('fails closed with 503 when the grant store is unreachable', async () => {
    const broken = new InMemoryGrantStore({ clock: new ManualClock() });
    broken.useMatching = () => Promise.reject(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }));
    const { authorizer } = setup({ action: 'require_grant', requireGrant: { otherwise: 'deny' } }, broken);
    expect(await authorizer.authorize(request(), signal)).toMatchObject({ kind: 'deny', status: 503, body: { reason: 'grant_store_unavailable' } });
  });

  it('denies on a PHI route when the audit event cannot be kept, but not on a PHI-free one', async () => {
    const phi = setup({});
    phi.audit.failing = true;
    expect(await phi.authorizer.authorize(request(), signal)).toMatchObject({ kind: 'deny', status: 503, body: { reason: 'audit_unavailable' } });
    const free = setup({ maskingProfile: 'none' });
    free.audit.failing = true;
    expect((await free.authorizer.authorize(request(), signal)).kind).toBe('allow');
  });

  it('denies (500 internal_error) when command classification fails, counts and logs it without PHI', async () => {
    const crash = () => {
      throw new RangeError('SELECT ssn FROM patients WHERE name = Jennifer Smith');
    };
    // The policy would allow anything: the failure must still deny.
    const { authorizer, audit, metrics, logLines } = setup({}, undefined, crash);
    const outcome = await authorizer.authorize(request(), signal);
    expect(outcome).toMatchObject({ kind: 'deny', status: 500, body: { reason: 'internal_error', rule: 'wardgate.internal' } });
    expect(audit.events[0]).toMatchObject({ kind: 'access.decision', decision: { action: 'deny', enforced: 'deny', ruleId: 'wardgate.internal' } });
    expect(metrics.registry.render()).toContain('wardgate_decision_failures_total{step="classify_command"} 1');
    expect(logLines.join('\n')).toContain('classify_command');
    expect(JSON.stringify([audit.events, logLines, metrics.registry.render()])).not.toMatch(/Jennifer|ssn FROM/);
  });

  it('a crash inside the real classifier denies instead of reading the request as REST', async () => {
    const classifier = createCommandClassifier({ maxBodyBytes: 1024, sqlPaths: ['/sql'] });
    const { authorizer, metrics } = setup({}, undefined, (r) => commandOrThrow(classifier.classify(r)));
    const req = request('/sql');
    req.http.body = { bytes: Buffer.from('DELETE FROM patients'), partial: false, contentType: 'application/sql' };
    Object.defineProperty(req.http.body, 'bytes', {
      get: () => {
        throw new RangeError('boom');
      },
    });
    expect(await authorizer.authorize(req, signal)).toMatchObject({ kind: 'deny', status: 500, body: { reason: 'internal_error' } });
    expect(metrics.registry.render()).toContain('wardgate_decision_failures_total{step="classify_command"} 1');
  });

  it('denies when policy evaluation throws, whatever the failure modes', async () => {
    const { authorizer, metrics } = setup({});
    (authorizer as unknown as { deps: { policy: { evaluate: () => never } } }).deps.policy.evaluate = () => {
      throw new TypeError('bug');
    };
    expect(await authorizer.authorize(request(), signal)).toMatchObject({ kind: 'deny', status: 500, body: { reason: 'internal_error' } });
    expect(metrics.registry.render()).toContain('wardgate_decision_failures_total{step="evaluate_policy"} 1');
  });

  it.each([
    ['cut at the inspection limit', { bytes: Buffer.from('{"resourceType":"Patient"'), partial: true }, {}],
    ['declared longer than what arrived', { bytes: Buffer.from('{}'), partial: false }, { 'content-length': '70000' }],
    ['not forwarded at all', undefined, { 'content-length': '12' }],
  ] as const)('refuses to hold a request whose body was not seen whole (%s): no approval could cover it', async (_name, body, headers) => {
    const { authorizer, approvals } = setup({ action: 'hold', hold });
    const held = request();
    held.http.method = 'POST';
    held.http.headers = { ...headers };
    if (body) held.http.body = { ...body };
    expect(await authorizer.authorize(held, signal)).toMatchObject({ kind: 'deny', status: 403, body: { reason: 'body_not_approvable' } });
    expect(approvals.created).toHaveLength(0);
    const whole = request();
    whole.http.method = 'POST';
    whole.http.body = { bytes: Buffer.from('{}'), partial: false };
    whole.http.headers = { 'content-length': '2' };
    expect(await authorizer.authorize(whole, signal)).toMatchObject({ kind: 'deny', body: { status: 'held' } });
  });

  it('a body cut at the limit never shares a fingerprint with the whole body it starts', () => {
    const start = Buffer.from('{"resourceType":"Patient"}');
    const cut = request();
    cut.http.body = { bytes: start, partial: true };
    const whole = request();
    whole.http.body = { bytes: start, partial: false };
    expect(requestFingerprint(cut, { user: 'alice' })).not.toBe(requestFingerprint(whole, { user: 'alice' }));
  });

  it('binds the retry grant to the exact request', () => {
    const a = requestFingerprint(request('/Patient/1'), { user: 'alice' });
    expect(requestFingerprint(request('/Patient/2'), { user: 'alice' })).not.toBe(a);
  });
});
