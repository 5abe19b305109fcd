import type { ServerResponse } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AdminApi } from '../support/admin-api.js';
import { EnvoyProcess, buildBootstrap } from '../support/envoy-process.js';
import { TestIssuer } from '../support/jwt-issuer.js';
import { UpstreamServer } from '../support/upstream-server.js';
import { TestWardgate } from '../support/wardgate-instance.js';

// Issue #3: decisions through a real Envoy: allow, deny, hold (wait / respond), dry-run, unauthenticated.
const hold = { approverGroups: ['phi-approvers'], approvalsRequired: 1, approvalValidity: '5m', pendingTtl: '5m' };
const policy = {
  version: 1,
  defaults: { action: 'deny', status: 403, message: 'no rule allows this request', maskingProfile: 'strict' },
  rules: [
    { id: 'sign-in-first', match: { authenticated: false }, action: 'deny', deny: { status: 401, message: 'a signed-in user is required' } },
    { id: 'no-drop', match: { commands: ['sql:ddl'] }, action: 'deny', deny: { status: 403, message: 'schema changes are not allowed' } },
    { id: 'shadow-deletes', dryRun: true, match: { methods: ['DELETE'] }, action: 'deny' },
    { id: 'deletes-for-now', match: { methods: ['DELETE'] }, action: 'allow' },
    { id: 'updates-wait', match: { methods: ['PUT'], paths: ['/Patient/*'] }, action: 'hold', hold: { ...hold, mode: 'wait', waitTimeout: '20s' } },
    { id: 'patches-wait-briefly', match: { methods: ['PATCH'] }, action: 'hold', hold: { ...hold, mode: 'wait', waitTimeout: '1500ms' } },
    { id: 'creates-respond', match: { methods: ['POST'], paths: ['/Patient'] }, action: 'hold', hold: { ...hold, mode: 'respond', waitTimeout: '1s' } },
    { id: 'sql-reads', match: { paths: ['/sql'], commands: ['sql:select'] }, action: 'allow' },
    { id: 'clinician-reads', match: { methods: ['GET'], groups: ['clinicians'] }, action: 'allow' },
  ],
};

describe('access decisions through a real Envoy', () => {
  const issuer = new TestIssuer();
  const upstream = new UpstreamServer();
  let wardgate: TestWardgate;
  let envoy: EnvoyProcess;
  let admin: AdminApi;
  let clinician: string;
  let outsider: string;

  const ok = (_req: unknown, res: ServerResponse): void => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ ok: true }));
  };

  beforeAll(async () => {
    await issuer.start();
    upstream.route('/Patient/p1', ok).route('/Patient', ok).route('/sql', ok);
    await upstream.start();
    wardgate = new TestWardgate({
      policy,
      config: { identity: { issuers: [{ issuer: issuer.issuer, jwksUri: issuer.jwksUri, audiences: [issuer.audience] }] } },
    });
    await wardgate.start();
    envoy = await new EnvoyProcess(buildBootstrap({ wardgateGrpcPort: wardgate.grpcPort, upstreamPort: upstream.port })).start();
    clinician = await issuer.token({ sub: 'alice', groups: ['clinicians'] });
    outsider = await issuer.token({ sub: 'mallory', groups: ['visitors'] });
    admin = new AdminApi(`http://127.0.0.1:${wardgate.httpPort}`, await issuer.token({ sub: 'bob', groups: ['phi-approvers'] }));
  });

  afterAll(async () => {
    await envoy?.stop();
    await wardgate?.cleanup();
    await upstream.stop();
    await issuer.stop();
  });

  const call = (method: string, path: string, token: string | undefined, body?: string): Promise<Response> =>
    fetch(envoy.url(path), {
      method,
      headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body ? { 'content-type': 'application/json' } : {}) },
      body,
    });

  it('allows a clinician read', async () => {
    const res = await call('GET', '/Patient/p1', clinician);
    expect(res.status).toBe(200);
  });

  it('denies by rule with the rule id and message, for a user outside the group (default rule)', async () => {
    const res = await call('GET', '/Patient/p1', outsider);
    expect(res.status).toBe(403);
    expect(await res.json()).toMatchObject({ status: 'denied', rule: 'default' });
  });

  it('denies unauthenticated and forged-token calls', async () => {
    const before = upstream.received.length;
    const anonymous = await call('GET', '/Patient/p1', undefined);
    expect(anonymous.status).toBe(401);
    expect(await anonymous.json()).toMatchObject({ rule: 'sign-in-first' });
    const forged = await call('GET', '/Patient/p1', `${clinician.slice(0, -4)}AAAA`);
    expect(forged.status).toBe(401);
    expect(upstream.received.length).toBe(before);
  });

  it('classifies the SQL in the body: a SELECT passes, a DROP hidden after a comment does not', async () => {
    const select = await call('POST', '/sql', clinician, JSON.stringify({ query: 'SELECT id FROM visits -- ; DROP TABLE x' }));
    expect(select.status).toBe(200);
    const drop = await call('POST', '/sql', clinician, JSON.stringify({ query: "SELECT ';' FROM visits; /* hi */ DROP TABLE patients" }));
    expect(drop.status).toBe(403);
    expect(await drop.json()).toMatchObject({ rule: 'no-drop' });
  });

  it('dry-run rule records its decision but allows', async () => {
    const res = await call('DELETE', '/Patient/p1', clinician);
    expect(res.status).toBe(200);
    const events = await wardgate.auditEvents();
    const decision = events.filter((e) => e.kind === 'access.decision').at(-1) as { decision?: Record<string, unknown> } | undefined;
    expect(decision?.decision).toMatchObject({ action: 'deny', enforced: 'allow', dryRun: true, ruleId: 'shadow-deletes' });
  });

  it('hold (wait): the request stays open until approved, then reaches the upstream', async () => {
    const known = await admin.pendingIds();
    const pending = call('PUT', '/Patient/p1', clinician, JSON.stringify({ resourceType: 'Patient' }));
    const id = await admin.waitForPending(known);
    const self = new AdminApi(`http://127.0.0.1:${wardgate.httpPort}`, clinician);
    expect((await self.approve(id)).status).toBe(403);
    expect((await admin.approve(id, 'ticket 42')).status).toBe(200);
    const res = await pending;
    expect(res.status).toBe(200);
    expect(upstream.received.at(-1)?.method).toBe('PUT');
  });

  it('hold (wait): a request nobody decides is refused at the deadline', async () => {
    const started = Date.now();
    const res = await call('PATCH', '/Patient/p1', clinician, '{}');
    expect(res.status).toBe(403);
    expect(await res.json()).toMatchObject({ status: 'hold_expired' });
    expect(Date.now() - started).toBeGreaterThanOrEqual(1400);
  });

  it('hold (respond): 403 with the approval id; after approval the same request passes once, then is held again', async () => {
    const body = JSON.stringify({ resourceType: 'Patient', name: [{ family: 'Doe' }] });
    const first = await call('POST', '/Patient', clinician, body);
    expect(first.status).toBe(403);
    const held = (await first.json()) as { status: string; approvalId: string };
    expect(held.status).toBe('held');
    expect((await admin.approve(held.approvalId)).status).toBe(200);
    expect((await admin.approve(held.approvalId)).status).toBe(409);
    const retry = await call('POST', '/Patient', clinician, body);
    expect(retry.status).toBe(200);
    const again = await call('POST', '/Patient', clinician, body);
    expect(again.status).toBe(403);
    expect(await again.json()).toMatchObject({ status: 'held' });
  });
});
