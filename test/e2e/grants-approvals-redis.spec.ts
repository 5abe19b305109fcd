import { randomBytes, randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileRedisConfig } from '../../src/config/redis-config.js';
import { createRedisClient, waitForRedisReady, type RedisClient } from '../../src/grants/redis-client.js';
import { AdminApi } from '../support/admin-api.js';
import { EnvoyProcess, buildBootstrap } from '../support/envoy-process.js';
import { TestIssuer } from '../support/jwt-issuer.js';
import { deleteKeysWithPrefix } from '../support/redis-harness.js';
import { stackEnv } from '../support/stack-env.js';
import { UpstreamServer } from '../support/upstream-server.js';
import { TestWardgate } from '../support/wardgate-instance.js';

// Issue: grants and approvals in a real Redis, shared by two Wardgate replicas, through a real Envoy.
const hold = { approverGroups: ['phi-approvers'], approvalsRequired: 1, approvalValidity: '5m', pendingTtl: '5m' };
const respond = { ...hold, mode: 'respond', waitTimeout: '1s' };
const policy = {
  version: 1,
  defaults: { action: 'deny', status: 403, message: 'no rule allows this request', maskingProfile: 'strict' },
  rules: [
    { id: 'sign-in-first', match: { authenticated: false }, action: 'deny', deny: { status: 401, message: 'a signed-in user is required' } },
    { id: 'updates-wait', match: { methods: ['PUT'], paths: ['/Patient/*'] }, action: 'hold', hold: { ...hold, mode: 'wait', waitTimeout: '20s' } },
    { id: 'creates-respond', match: { methods: ['POST'], paths: ['/Patient'] }, action: 'hold', hold: respond },
    { id: 'deletes-two-approvers', match: { methods: ['DELETE'], paths: ['/Patient/*'] }, action: 'hold', hold: { ...respond, approvalsRequired: 2 } },
    { id: 'charts-need-grant', match: { methods: ['GET'], paths: ['/Chart/**'] }, action: 'require_grant', requireGrant: { otherwise: 'hold' }, hold: respond },
    { id: 'records-need-grant', match: { methods: ['GET'], paths: ['/Record/**'] }, action: 'require_grant' },
    { id: 'clinician-reads', match: { methods: ['GET'], groups: ['clinicians'] }, action: 'allow' },
  ],
};

// Synthetic PHI sent in queries and bodies: none of it may reach an audit event or a log line.
const phi = { ssn: '078-05-1120', email: 'jane.testperson@example.org', phone: '415-555-0132', family: 'Testperson' };
const phiNeedles = [phi.ssn, phi.ssn.replaceAll('-', ''), phi.email, encodeURIComponent(phi.email), phi.phone, phi.family];
const phiQuery = `?ssn=${phi.ssn}&email=${phi.email}&phone=${phi.phone}`;
const phiBody = JSON.stringify({
  resourceType: 'Patient',
  name: [{ family: phi.family, given: ['Jane'] }],
  telecom: [{ system: 'phone', value: phi.phone }, { system: 'email', value: phi.email }],
  identifier: [{ system: 'http://hl7.org/fhir/sid/us-ssn', value: phi.ssn }],
});

type Json = Record<string, unknown>;
type AuditEvent = Json & { kind: string; correlationId?: string; approval?: Json; grant?: Json; details?: Json };

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

describe('grants and approvals in Redis, shared by two replicas, through a real Envoy', () => {
  const issuer = new TestIssuer();
  const upstream = new UpstreamServer();
  const keyPrefix = `wge2e:${randomUUID()}:`;
  let redis: RedisClient;
  let replicaA: TestWardgate;
  let replicaB: TestWardgate;
  let envoy: EnvoyProcess;
  let alice: string;
  let erin: string;
  // Approvers and the admin, on each replica's admin API.
  let bobOnA: AdminApi;
  let bobOnB: AdminApi;
  let carolOnB: AdminApi;
  let danaOnA: AdminApi;
  let danaOnB: AdminApi;
  // What earlier cases leave for the audit case to check.
  const seen: { waitApprovalId?: string; respondApprovalId?: string; adminGrantId?: string; boxedGrantId?: string } = {};

  const ok = (_req: unknown, res: ServerResponse): void => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ ok: true }));
  };

  beforeAll(async () => {
    await issuer.start();
    upstream.route('/Patient/p1', ok).route('/Patient', ok).route('/Chart/c1', ok).route('/Record/r1', ok).route('/Record/r2', ok);
    await upstream.start();
    const redisUrl = stackEnv('WARDGATE_TEST_REDIS_URL');
    redis = createRedisClient(compileRedisConfig({ mode: 'single', url: redisUrl }));
    await waitForRedisReady(redis, 5000);
    const config = {
      redis: { url: redisUrl, keyPrefix },
      identity: { issuers: [{ issuer: issuer.issuer, jwksUri: issuer.jwksUri, audiences: [issuer.audience] }] },
      admin: { adminGroups: ['wardgate-admins'] },
    };
    replicaA = new TestWardgate({ policy, config });
    replicaB = new TestWardgate({ policy, config });
    await Promise.all([replicaA.start(), replicaB.start()]);
    // Only replica A is asked by Envoy; B only serves the admin API.
    envoy = await new EnvoyProcess(buildBootstrap({ wardgateGrpcPort: replicaA.grpcPort, upstreamPort: upstream.port })).start();
    alice = await issuer.token({ sub: 'alice', groups: ['clinicians'] });
    erin = await issuer.token({ sub: 'erin', groups: ['clinicians', 'phi-approvers'] });
    const bob = await issuer.token({ sub: 'bob', groups: ['phi-approvers'] });
    const carol = await issuer.token({ sub: 'carol', groups: ['phi-approvers'] });
    const dana = await issuer.token({ sub: 'dana', groups: ['wardgate-admins'] });
    const adminA = `http://127.0.0.1:${replicaA.httpPort}`;
    const adminB = `http://127.0.0.1:${replicaB.httpPort}`;
    bobOnA = new AdminApi(adminA, bob);
    bobOnB = new AdminApi(adminB, bob);
    carolOnB = new AdminApi(adminB, carol);
    danaOnA = new AdminApi(adminA, dana);
    danaOnB = new AdminApi(adminB, dana);
  });

  afterAll(async () => {
    await envoy?.stop();
    await replicaA?.cleanup();
    await replicaB?.cleanup();
    if (redis) {
      await deleteKeysWithPrefix(redis, keyPrefix);
      await redis.quit();
    }
    await upstream.stop();
    await issuer.stop();
  });

  const call = (method: string, path: string, token: string, options: { body?: string } = {}): Promise<Response> =>
    fetch(envoy.url(path), {
      method,
      headers: { authorization: `Bearer ${token}`, ...(options.body ? { 'content-type': 'application/json' } : {}) },
      body: options.body,
    });

  /** A held (respond-mode) request: 403 with the approval id in the body. */
  const heldId = async (res: Response): Promise<string> => {
    expect(res.status).toBe(403);
    const body = (await res.json()) as { status?: string; approvalId?: string };
    expect(body.status).toBe('held');
    expect(body.approvalId).toMatch(/^[A-Za-z0-9_-]{22}$/);
    return body.approvalId!;
  };

  const allAuditEvents = async (): Promise<AuditEvent[]> => [...(await replicaA.auditEvents()), ...(await replicaB.auditEvents())] as AuditEvent[];

  it('hold (wait): a request waiting on replica A is released by an approval posted to replica B', async () => {
    const known = await bobOnB.pendingIds();
    const before = upstream.received.length;
    const pending = call('PUT', `/Patient/p1${phiQuery}`, alice, { body: phiBody });
    // Replica B sees the hold replica A created: the pending request lives in Redis.
    const id = await bobOnB.waitForPending(known);
    const listed = await bobOnB.request('GET', `/v1/approvals/${id}`);
    expect(listed.status).toBe(200);
    expect(listed.body.approval).toMatchObject({ status: 'pending', ruleId: 'updates-wait', method: 'PUT', path: '/Patient/p1', requester: { user: 'alice' } });
    await sleep(300);
    expect(upstream.received.length).toBe(before);

    const approved = await bobOnB.approve(id, 'ticket 42');
    expect(approved.status).toBe(200);
    expect(approved.body.approval).toMatchObject({ id, status: 'approved' });
    const res = await pending;
    expect(res.status).toBe(200);
    expect(upstream.received.at(-1)).toMatchObject({ method: 'PUT', url: `/Patient/p1${phiQuery}` });
    // A decided the hold, B recorded the vote: each replica's audit shows its half.
    const eventsA = (await replicaA.auditEvents()) as AuditEvent[];
    const eventsB = (await replicaB.auditEvents()) as AuditEvent[];
    expect(eventsA.some((e) => e.kind === 'approval.requested' && e.approval?.id === id)).toBe(true);
    expect(eventsB.some((e) => e.kind === 'approval.approved' && e.approval?.id === id)).toBe(true);
    expect(eventsA.some((e) => e.kind === 'approval.approved' && e.approval?.id === id)).toBe(false);
    seen.waitApprovalId = id;
  });

  it('hold (respond): after approval the same request passes once, a second retry is held again', async () => {
    const first = await heldId(await call('POST', `/Patient${phiQuery}`, alice, { body: phiBody }));
    const approved = await bobOnA.approve(first);
    expect(approved.status).toBe(200);
    expect(approved.body.approval).toMatchObject({ status: 'approved', grantId: expect.any(String) });

    const retry = await call('POST', `/Patient${phiQuery}`, alice, { body: phiBody });
    expect(retry.status).toBe(200);
    expect(upstream.received.at(-1)?.method).toBe('POST');
    const again = await heldId(await call('POST', `/Patient${phiQuery}`, alice, { body: phiBody }));
    expect(again).not.toBe(first);
    // The one-time grant is gone from Redis, not merely hidden.
    const grantId = (approved.body.approval as { grantId: string }).grantId;
    expect((await danaOnB.request('GET', `/v1/grants/${grantId}`)).status).toBe(404);
    seen.respondApprovalId = first;
  });

  it('approve "for 2s": the agent passes while the time-boxed grant lives, and is held again after Redis expires it', async () => {
    const id = await heldId(await call('GET', '/Chart/c1', alice));
    const approved = await bobOnB.approve(id, 'covering the night shift', '2s');
    const approvedAt = Date.now();
    expect(approved.status).toBe(200);
    const grantId = (approved.body.approval as { grantId?: string }).grantId;
    expect(grantId).toBeDefined();

    // Expiry is Redis's job: the grant's key carries a PX of (at most) two seconds.
    const grantKey = `${keyPrefix}{u:${grantId!.slice(1, 17)}}:g:${grantId!}`;
    const pttl = await redis.pttl(grantKey);
    expect(pttl).toBeGreaterThan(0);
    expect(pttl).toBeLessThanOrEqual(2000);

    for (let i = 0; i < 3; i++) expect((await call('GET', '/Chart/c1', alice)).status).toBe(200);
    expect(Date.now() - approvedAt).toBeLessThan(2000);
    const grant = await danaOnA.request('GET', `/v1/grants/${grantId!}`);
    expect(grant.body.grant).toMatchObject({ subject: { user: 'alice' }, scope: { methods: ['GET'], paths: ['/Chart/c1'] } });
    expect((grant.body.grant as { usesLeft?: number }).usesLeft).toBeUndefined();

    await sleep(Math.max(0, approvedAt + 2500 - Date.now()));
    expect(await redis.exists(grantKey)).toBe(0);
    const after = await heldId(await call('GET', '/Chart/c1', alice));
    expect(after).not.toBe(id);
    seen.boxedGrantId = grantId;
  });

  it('an admin issues a grant on replica A, the agent uses it, a revoke on replica B refuses the very next request', async () => {
    const refused = await call('GET', '/Record/r1', alice);
    expect(refused.status).toBe(403);
    expect(await refused.json()).toMatchObject({ reason: 'grant_required', rule: 'records-need-grant' });

    const grantBody = { subject: { user: 'alice' }, scope: { methods: ['GET'], paths: ['/Record/**'] }, reason: 'INC-42: verify the import', ttl: '10m' };
    // Approvers are not grant admins.
    expect((await bobOnA.request('POST', '/v1/grants', grantBody)).status).toBe(403);
    const issued = await danaOnA.request('POST', '/v1/grants', grantBody);
    expect(issued.status).toBe(201);
    const grantId = (issued.body.grant as { id: string }).id;
    expect(issued.body.grant).toMatchObject({ subject: { user: 'alice' }, approvedBy: ['dana'] });

    expect((await call('GET', '/Record/r1', alice)).status).toBe(200);
    expect((await call('GET', '/Record/r2', alice)).status).toBe(200);
    // Both replicas read the same grant.
    expect((await danaOnB.request('GET', `/v1/grants/${grantId}`)).body.grant).toMatchObject({ id: grantId });
    expect(((await danaOnB.request('GET', '/v1/grants?user=alice')).body.grants as Array<{ id: string }>).map((g) => g.id)).toContain(grantId);

    const revoked = await danaOnB.request('DELETE', `/v1/grants/${grantId}`);
    expect(revoked).toEqual({ status: 200, body: { revoked: grantId } });
    const next = await call('GET', '/Record/r1', alice);
    expect(next.status).toBe(403);
    expect(await next.json()).toMatchObject({ reason: 'grant_required' });
    expect((await danaOnA.request('DELETE', `/v1/grants/${grantId}`)).status).toBe(404);
    seen.adminGrantId = grantId;
  });

  it('refuses self-approval with 403 and leaves the request pending', async () => {
    const id = await heldId(await call('POST', '/Patient', erin, { body: '{}' }));
    const self = await new AdminApi(`http://127.0.0.1:${replicaB.httpPort}`, erin).approve(id);
    expect(self.status).toBe(403);
    expect(self.body).toMatchObject({ error: { code: 'permission_denied', message: expect.stringMatching(/own request/) } });
    expect((await bobOnA.request('GET', `/v1/approvals/${id}`)).body.approval).toMatchObject({ status: 'pending', votes: [] });
    expect((await bobOnA.deny(id, 'not needed')).status).toBe(200);
  });

  it('needs two distinct approvers on a two-approver rule; a second vote by one approver and a replay are refused with 409', async () => {
    const id = await heldId(await call('DELETE', '/Patient/p1', alice));
    const firstVote = await bobOnA.approve(id, 'one of two');
    expect(firstVote.status).toBe(200);
    expect(firstVote.body.approval).toMatchObject({ status: 'pending', votes: [{ approver: 'bob', verdict: 'approve' }] });
    // One vote is not enough: the retry is held again (a new request).
    await heldId(await call('DELETE', '/Patient/p1', alice));

    const twice = await bobOnB.approve(id, 'me again');
    expect(twice.status).toBe(409);
    expect(twice.body).toMatchObject({ error: { code: 'conflict' } });

    const secondVote = await carolOnB.approve(id, 'two of two');
    expect(secondVote.status).toBe(200);
    expect(secondVote.body.approval).toMatchObject({ status: 'approved', grantId: expect.any(String) });

    for (const replay of [() => carolOnB.approve(id), () => bobOnA.approve(id), () => bobOnA.deny(id)]) {
      const res = await replay();
      expect(res.status).toBe(409);
      expect(res.body).toMatchObject({ error: { code: 'conflict' } });
    }
    expect((await call('DELETE', '/Patient/p1', alice)).status).toBe(200);
  });

  it('answers 404 for unknown approval and grant ids', async () => {
    const unknown = randomBytes(16).toString('base64url');
    for (const [label, res] of [
      ['approve unknown', await bobOnA.approve(unknown)],
      ['deny unknown', await bobOnB.deny(unknown)],
      ['get unknown', await bobOnA.request('GET', `/v1/approvals/${unknown}`)],
      ['approve malformed id', await bobOnA.approve('not-an-id')],
      ['get unknown grant', await danaOnA.request('GET', `/v1/grants/u0000000000000000.${unknown}`)],
      ['revoke unknown grant', await danaOnB.request('DELETE', `/v1/grants/u0000000000000000.${unknown}`)],
    ] as const) {
      expect({ label, status: res.status, code: (res.body.error as { code?: string } | undefined)?.code }).toEqual({ label, status: 404, code: 'not_found' });
    }
  });

  it('answers 400 for malformed vote bodies and records no vote', async () => {
    const id = await heldId(await call('POST', '/Patient', alice, { body: '{"resourceType":"Patient"}' }));
    const bob = await issuer.token({ sub: 'bob', groups: ['phi-approvers'] });
    const cases = [
      { name: 'invalid JSON', body: '{"comment": "ok"' },
      { name: 'not an object', body: '"approve"' },
      { name: 'missing comment', body: '{}' },
      { name: 'blank comment', body: '{"comment":"   "}' },
      { name: 'unknown field', body: '{"comment":"ok","approveAll":true}' },
      { name: 'bad duration', body: '{"comment":"ok","grantFor":"forever"}' },
      { name: 'grantFor above grants.maxTtl', body: '{"comment":"ok","grantFor":"9h"}' },
    ];
    for (const { name, body } of cases) {
      const res = await fetch(`http://127.0.0.1:${replicaB.httpPort}/v1/approvals/${id}/approve`, {
        method: 'POST',
        headers: { authorization: `Bearer ${bob}`, 'content-type': 'application/json' },
        body,
      });
      const answer = (await res.json()) as { error?: { code?: string } };
      expect({ name, status: res.status, code: answer.error?.code }).toEqual({ name, status: 400, code: 'invalid_argument' });
    }
    expect((await bobOnA.request('GET', `/v1/approvals/${id}`)).body.approval).toMatchObject({ status: 'pending', votes: [] });
    expect((await bobOnA.deny(id, 'cleanup')).status).toBe(200);
  });

  it('audits requests, approvals, grants issued, used and revoked with their correlation ids, and never the PHI sent', async () => {
    expect(seen).toMatchObject({ waitApprovalId: expect.any(String), adminGrantId: expect.any(String), boxedGrantId: expect.any(String) });
    const events = await allAuditEvents();
    const of = (kind: string, match: (e: AuditEvent) => boolean): AuditEvent[] => events.filter((e) => e.kind === kind && match(e));
    const byApproval = (id: string) => (e: AuditEvent) => e.approval?.id === id;
    const byGrant = (id: string) => (e: AuditEvent) => e.grant?.id === id;

    // The held wait request: every step carries the correlation id the request came with.
    const waitId = seen.waitApprovalId!;
    const decision = of('access.decision', (e) => (e.decision as Json | undefined)?.approvalId === waitId);
    expect(decision).toHaveLength(1);
    expect(decision[0]).toMatchObject({ decision: { action: 'hold', enforced: 'allow', ruleId: 'updates-wait' } });
    const correlation = decision[0]!.correlationId!;
    expect(correlation).toEqual(expect.any(String));
    expect(of('approval.requested', byApproval(waitId)).map((e) => e.correlationId)).toEqual([correlation]);
    const approved = of('approval.approved', byApproval(waitId));
    expect(approved.map((e) => e.correlationId)).toEqual([correlation]);
    expect(approved[0]?.approval).toMatchObject({ status: 'approved', approver: 'bob', comment: 'ticket 42' });
    const issued = of('grant.issued', byApproval(waitId));
    expect(issued.map((e) => e.correlationId)).toEqual([correlation]);
    const oneTimeGrant = issued[0]?.grant?.id as string;
    expect(of('grant.used', byGrant(oneTimeGrant)).map((e) => e.correlationId)).toEqual([correlation]);

    // The respond-mode hold: requested, approved, a one-time grant issued and used once.
    expect(of('approval.requested', byApproval(seen.respondApprovalId!))).toHaveLength(1);
    const respondGrant = of('grant.issued', byApproval(seen.respondApprovalId!))[0]?.grant?.id as string;
    expect(of('grant.used', byGrant(respondGrant))).toHaveLength(1);

    // The time-boxed grant: used three times, each with its own request's correlation id.
    const boxedUses = of('grant.used', byGrant(seen.boxedGrantId!));
    expect(boxedUses).toHaveLength(3);
    expect(new Set(boxedUses.map((e) => e.correlationId)).size).toBe(3);

    // The admin grant: issued (by dana, from the admin API), used twice, revoked.
    const adminIssued = of('grant.issued', byGrant(seen.adminGrantId!));
    expect(adminIssued).toHaveLength(1);
    expect(adminIssued[0]).toMatchObject({ actor: { user: 'dana' }, details: { source: 'admin-api' } });
    const adminUses = of('grant.used', byGrant(seen.adminGrantId!));
    expect(adminUses).toHaveLength(2);
    expect(new Set(adminUses.map((e) => e.correlationId)).size).toBe(2);
    const adminDecisions = of('access.decision', (e) => (e.decision as Json | undefined)?.grantId === seen.adminGrantId);
    expect(adminDecisions.map((e) => e.correlationId).sort()).toEqual(adminUses.map((e) => e.correlationId).sort());
    expect(of('grant.revoked', byGrant(seen.adminGrantId!))).toEqual([expect.objectContaining({ actor: expect.objectContaining({ user: 'dana' }) })]);

    // Denied votes and the self-approval attempt left a trail too.
    expect(of('approval.denied', () => true).length).toBeGreaterThanOrEqual(2);

    // No raw PHI from the requests in any audit event or any log line of either replica.
    const texts = [...events.map((e) => JSON.stringify(e)), ...replicaA.logLines, ...replicaB.logLines];
    expect(texts.length).toBeGreaterThan(20);
    for (const needle of phiNeedles) expect({ needle, leaks: texts.filter((t) => t.includes(needle)).slice(0, 2) }).toEqual({ needle, leaks: [] });
  });

  it('keeps PHI in the path of a held request out of the approval audit events', async () => {
    const path = `/Patient/${phi.ssn}`;
    const held = await heldId(await call('DELETE', path, alice));
    expect((await bobOnA.deny(held, 'no')).status).toBe(200);
    const events = (await allAuditEvents()).filter((e) => e.approval?.id === held || (e.decision as Json | undefined)?.approvalId === held);
    expect(events.map((e) => e.kind).sort()).toEqual(['access.decision', 'approval.denied', 'approval.requested']);
    // The decision event masks the path; the approval events (and the logs) must not carry it raw.
    const leaks = {
      audit: events.filter((e) => JSON.stringify(e).includes(phi.ssn)).map((e) => e.kind),
      logs: [...replicaA.logLines, ...replicaB.logLines].filter((l) => l.includes(phi.ssn)),
    };
    expect(leaks).toEqual({ audit: [], logs: [] });
  });
});
