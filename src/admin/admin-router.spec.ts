import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApprovalRequest } from '../approvals/approval.js';
import type { Grant } from '../grants/grant.js';
import { newRequest } from '../../test/support/approval-service-contract.js';
import { startAdminTestServer, testTokens, type AdminTestServer } from '../../test/support/admin-server.js';
import { SseClient } from '../../test/support/sse-client.js';
import type { Approver } from '../approvals/approval-service.js';
import { routeOf } from './admin-router.js';

let s: AdminTestServer;
beforeAll(async () => {
  s = await startAdminTestServer();
});
afterAll(async () => {
  await s.close();
});

interface Reply {
  approvals?: ApprovalRequest[];
  approval?: ApprovalRequest;
  grants?: Grant[];
  grant?: Grant;
  revoked?: string;
  error?: { code: string; message: string };
  openapi?: string;
  paths?: Record<string, unknown>;
}

async function call(method: string, path: string, token?: string, body?: unknown, rawBody?: string): Promise<{ status: number; json: Reply; headers: Headers }> {
  const response = await fetch(`${s.url}${path}`, {
    method,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body !== undefined || rawBody !== undefined ? { 'content-type': 'application/json' } : {}) },
    ...(rawBody !== undefined ? { body: rawBody } : body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await response.text();
  return { status: response.status, json: (text ? JSON.parse(text) : {}) as Reply, headers: response.headers };
}

const requestBy = (user: string) => newRequest({ requester: { user, userGroups: ['eng'], agent: 'spiffe://cluster.local/ns/agents/sa/coder' } });

describe('admin router', () => {
  it('serves the OpenAPI document without authentication and leaves other paths alone', async () => {
    const doc = await call('GET', '/v1/openapi.json');
    expect(doc.status).toBe(200);
    expect(doc.json.openapi).toBe('3.1.0');
    expect(Object.keys(doc.json.paths!)).toEqual(expect.arrayContaining(['/v1/approvals/events', '/v1/approvals/{id}/approve', '/v1/grants/{id}']));
    const other = await fetch(`${s.url}/metrics`);
    expect(other.status).toBe(404);
    expect(await other.text()).toBe('not an admin route');
  });

  it.each([
    { name: 'no token', token: undefined },
    { name: 'unknown token', token: 'forged' },
  ])('refuses $name with 401 and a JSON error', async ({ token }) => {
    const r = await call('GET', '/v1/approvals', token);
    expect(r.status).toBe(401);
    expect(r.json).toEqual({ error: { code: 'unauthenticated', message: 'missing or invalid bearer token' } });
    expect(r.headers.get('www-authenticate')).toBe('Bearer');
  });

  it('lists approvals newest first, equal times by id (the API sorts, not only the page)', async () => {
    const created = [];
    for (let i = 0; i < 3; i++) {
      created.push(await s.approvals.create(requestBy(`order-${i}@example.org`)));
      await new Promise((r) => setTimeout(r, 3));
    }
    const listed = (await call('GET', '/v1/approvals?status=pending', testTokens.alice)).json.approvals!;
    const order = listed.map((a) => [a.createdAt, a.id] as const);
    const sorted = [...order].sort((a, b) => b[0] - a[0] || (a[1] < b[1] ? -1 : 1));
    expect(order).toEqual(sorted);
    const ids = listed.map((a) => a.id);
    expect(ids.indexOf(created[2]!.id)).toBeLessThan(ids.indexOf(created[0]!.id));
  });

  it('lets an approver list, show and approve; replay is 409; the grant exists', async () => {
    const created = await s.approvals.create(requestBy('dev@example.org'));
    const list = await call('GET', '/v1/approvals?status=pending', testTokens.alice);
    expect(list.status).toBe(200);
    expect(list.json.approvals!.map((a: { id: string }) => a.id)).toContain(created.id);
    expect((await call('GET', `/v1/approvals/${created.id}`, testTokens.alice)).json.approval!.id).toBe(created.id);

    const approved = await call('POST', `/v1/approvals/${created.id}/approve`, testTokens.alice, { comment: 'ticket OPS-7' });
    expect(approved.status).toBe(200);
    expect(approved.json.approval!.status).toBe('approved');
    const grant = await s.grants.get(approved.json.approval!.grantId!);
    expect(grant?.usesLeft).toBe(1);

    const replay = await call('POST', `/v1/approvals/${created.id}/approve`, testTokens.bob, { comment: 'me too' });
    expect(replay.status).toBe(409);
    expect(replay.json.error!.code).toBe('conflict');
    const denyAfter = await call('POST', `/v1/approvals/${created.id}/deny`, testTokens.bob, { comment: 'no' });
    expect(denyAfter.status).toBe(409);
  });

  it('approves for a while with grantFor, and refuses more than the maximum', async () => {
    const created = await s.approvals.create(requestBy('dev@example.org'));
    const tooLong = await call('POST', `/v1/approvals/${created.id}/approve`, testTokens.alice, { comment: 'x', grantFor: '9h' });
    expect(tooLong.status).toBe(400);
    expect(tooLong.json.error!.message).toMatch(/grantFor exceeds/);
    const ok = await call('POST', `/v1/approvals/${created.id}/approve`, testTokens.alice, { comment: 'pairing session', grantFor: '30m' });
    expect(ok.status).toBe(200);
    const grant = (await s.grants.get(ok.json.approval!.grantId!))!;
    expect(grant.expiresAt - grant.createdAt).toBe(30 * 60_000);
    expect(grant.fingerprint).toBeUndefined();
  });

  it('forbids self-approval (403) and approvers outside the groups (403); hides requests from strangers (404)', async () => {
    const own = await s.approvals.create(requestBy('alice@example.org'));
    const self = await call('POST', `/v1/approvals/${own.id}/approve`, testTokens.alice, { comment: 'mine' });
    expect(self.status).toBe(403);
    expect(self.json.error!.code).toBe('permission_denied');

    const other = await s.approvals.create(requestBy('someone@example.org'));
    const outsider = await call('POST', `/v1/approvals/${other.id}/approve`, testTokens.dev, { comment: 'sure' });
    expect(outsider.status).toBe(403);
    expect((await call('GET', `/v1/approvals/${other.id}`, testTokens.dev)).status).toBe(404);
    expect((await call('GET', '/v1/approvals', testTokens.dev)).json.approvals!.map((a: { id: string }) => a.id)).not.toContain(other.id);
    // The requester sees their own request.
    const mine = await s.approvals.create(requestBy('dev@example.org'));
    expect((await call('GET', `/v1/approvals/${mine.id}`, testTokens.dev)).status).toBe(200);
  });

  it('denies with a comment', async () => {
    const created = await s.approvals.create(requestBy('dev@example.org'));
    const denied = await call('POST', `/v1/approvals/${created.id}/deny`, testTokens.bob, { comment: 'use the synthetic data set' });
    expect(denied.status).toBe(200);
    expect(denied.json.approval).toMatchObject({ status: 'denied', votes: [{ approver: 'bob@example.org', verdict: 'deny', comment: 'use the synthetic data set' }] });
  });

  it.each([
    { name: 'malformed JSON', raw: '{"comment": ', status: 400, message: /not valid JSON/ },
    { name: 'empty body', raw: '', status: 400, message: /empty/ },
    { name: 'wrong type', body: { comment: 42 }, status: 400, message: /comment: .*expected string/i },
    { name: 'unknown field', body: { comment: 'x', approveAll: true }, status: 400, message: /approveAll/ },
    { name: 'bad duration', body: { comment: 'x', grantFor: 'soon' }, status: 400, message: /grantFor: invalid duration/ },
    { name: 'missing comment', body: {}, status: 400, message: /comment/ },
    { name: 'body over 64 KiB', body: { comment: 'x'.repeat(70 * 1024) }, status: 413, message: /larger than 65536 bytes/ },
  ])('rejects $name precisely', async ({ raw, body, status, message }) => {
    const created = await s.approvals.create(requestBy('dev@example.org'));
    const r = await call('POST', `/v1/approvals/${created.id}/approve`, testTokens.alice, body, raw);
    expect(r.status).toBe(status);
    expect(r.json.error!.message).toMatch(message);
    expect((await s.approvals.get(created.id))?.status).toBe('pending');
  });

  it.each([
    { name: 'unknown approval', method: 'GET', path: '/v1/approvals/AAAAAAAAAAAAAAAAAAAAAA', status: 404 },
    { name: 'vote on unknown approval', method: 'POST', path: '/v1/approvals/AAAAAAAAAAAAAAAAAAAAAA/approve', body: { comment: 'x' }, status: 404 },
    { name: 'unknown grant', method: 'GET', path: '/v1/grants/uffffffffffffffff.AAAAAAAAAAAAAAAAAAAAAA', status: 404 },
    { name: 'unknown sub-route', method: 'GET', path: '/v1/approvals/x/y/z', status: 404 },
    { name: 'bad status filter', method: 'GET', path: '/v1/approvals?status=maybe', status: 400 },
    { name: 'wrong method', method: 'PUT', path: '/v1/grants', status: 405 },
  ])('answers $name with $status', async ({ method, path, body, status }) => {
    const r = await call(method, path, testTokens.carol, body);
    expect(r.status).toBe(status);
    expect(r.json.error!.code).toEqual(expect.any(String));
  });

  it('lets admins issue, list, show and revoke grants; others only see their own', async () => {
    const body = {
      subject: { user: 'dev@example.org', agent: 'spiffe://cluster.local/ns/agents/sa/coder' },
      scope: { destinations: ['fhir.clinical.svc'], methods: ['GET'], paths: ['/Patient/**'], commandKinds: ['rest:get'] },
      reason: 'incident INC-42',
      ttl: '30m',
      maxUses: 5,
    };
    expect((await call('POST', '/v1/grants', testTokens.alice, body)).status).toBe(403);
    const issued = await call('POST', '/v1/grants', testTokens.carol, body);
    expect(issued.status).toBe(201);
    expect(issued.json.grant).toMatchObject({ subject: body.subject, usesLeft: 5, approvedBy: ['carol@example.org'] });
    expect(issued.json.grant!.expiresAt - issued.json.grant!.createdAt).toBe(30 * 60_000);
    expect(issued.headers.get('location')).toBe(`/v1/grants/${encodeURIComponent(issued.json.grant!.id)}`);
    const id: string = issued.json.grant!.id;
    expect(s.audit.events.some((e) => e.kind === 'grant.issued' && e.grant?.id === id)).toBe(true);

    expect((await call('GET', '/v1/grants?user=dev@example.org', testTokens.carol)).json.grants!.map((g: { id: string }) => g.id)).toContain(id);
    expect((await call('GET', '/v1/grants', testTokens.dev)).json.grants!.map((g: { id: string }) => g.id)).toContain(id);
    expect((await call('GET', `/v1/grants/${encodeURIComponent(id)}`, testTokens.dev)).status).toBe(200);
    expect((await call('GET', '/v1/grants', testTokens.alice)).json.grants).toEqual([]);
    expect((await call('GET', '/v1/grants?user=dev@example.org', testTokens.alice)).status).toBe(403);
    expect((await call('GET', `/v1/grants/${encodeURIComponent(id)}`, testTokens.alice)).status).toBe(404);

    expect((await call('DELETE', `/v1/grants/${encodeURIComponent(id)}`, testTokens.alice)).status).toBe(403);
    const revoked = await call('DELETE', `/v1/grants/${encodeURIComponent(id)}`, testTokens.carol);
    expect(revoked).toMatchObject({ status: 200, json: { revoked: id } });
    expect(await s.grants.get(id)).toBeUndefined();
    expect((await call('DELETE', `/v1/grants/${encodeURIComponent(id)}`, testTokens.carol)).status).toBe(404);
    expect(s.audit.events.some((e) => e.kind === 'grant.revoked' && e.grant?.id === id)).toBe(true);
  });

  it.each([
    { name: 'ttl above the maximum', patch: { ttl: '9h' }, message: /ttl exceeds/ },
    { name: 'empty subject', patch: { subject: {} }, message: /subject needs a user or an agent/ },
    { name: 'unknown scope field', patch: { scope: { hosts: ['x'] } }, message: /hosts/ },
    { name: 'zero maxUses', patch: { maxUses: 0 }, message: /maxUses/ },
  ])('refuses a grant with $name (400)', async ({ patch, message }) => {
    const body = { subject: { user: 'dev@example.org' }, scope: {}, reason: 'r', ttl: '1h', ...patch };
    const r = await call('POST', '/v1/grants', testTokens.carol, body);
    expect(r.status).toBe(400);
    expect(r.json.error!.message).toMatch(message);
  });
});

describe('GET /v1/approvals/events (live approvals over HTTP)', () => {
  // Its own server: short heartbeats, a tight per-user limit, and tokens a test can take back.
  const who: Record<string, Approver> = {
    [testTokens.alice]: { subject: 'alice@example.org', groups: ['phi-approvers'] },
    [testTokens.dev]: { subject: 'dev@example.org', groups: ['eng'] },
    'tok-short': { subject: 'erin@example.org', groups: ['phi-approvers'] },
  };
  let live: AdminTestServer;
  const clients: SseClient[] = [];
  const stream = async (token?: string): Promise<SseClient> => {
    const client = await SseClient.open(`${live.url}/v1/approvals/events`, token ? { authorization: `Bearer ${token}` } : {});
    clients.push(client);
    return client;
  };
  beforeAll(async () => {
    live = await startAdminTestServer({ events: { heartbeatMs: 50, maxPerUser: 2 }, people: who });
  });
  afterAll(async () => {
    for (const c of clients) c.close();
    await live.close();
  });

  it('streams a new hold as the `approval` event, the same view the list returns', async () => {
    const alice = await stream(testTokens.alice);
    expect(alice.status).toBe(200);
    expect(alice.response.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    const created = await live.approvals.create(requestBy('dev@example.org'));
    const event = await alice.next((e) => e.event === 'approval');
    const listed = (await fetch(`${live.url}/v1/approvals`, { headers: { authorization: `Bearer ${testTokens.alice}` } }).then((r) => r.json())) as Reply;
    expect(JSON.parse(event.data)).toEqual(listed.approvals!.find((a) => a.id === created.id));
    expect(JSON.parse(event.data)).toMatchObject({ id: created.id, status: 'pending', grantScope: { match: 'exact' } });
  });

  it('refuses a stream without a valid token (401, the usual error body)', async () => {
    for (const token of [undefined, 'forged']) {
      const refused = await stream(token);
      expect(refused.status).toBe(401);
      expect(refused.response.headers.get('www-authenticate')).toBe('Bearer');
      expect(await refused.json()).toEqual({ error: { code: 'unauthenticated', message: 'missing or invalid bearer token' } });
    }
  });

  it('answers 429 with the usual error body over the per-user limit', async () => {
    await stream(testTokens.dev);
    await stream(testTokens.dev);
    const third = await stream(testTokens.dev);
    expect(third.status).toBe(429);
    expect(await third.json()).toEqual({ error: { code: 'resource_exhausted', message: 'at most 2 approval event streams per user; close another console tab' } });
  });

  it('ends the stream at the next heartbeat once its token no longer verifies', async () => {
    const erin = await stream('tok-short');
    await erin.next((e) => e.event === 'comment');
    delete who['tok-short'];
    expect(JSON.parse((await erin.next((e) => e.event === 'end', 2_000)).data)).toEqual({ reason: 'unauthenticated' });
    await erin.ended;
    expect(erin.closed).toBe(true);
  });

  it('answers other methods with 405', async () => {
    const r = await fetch(`${live.url}/v1/approvals/events`, { method: 'POST', headers: { authorization: `Bearer ${testTokens.alice}` } });
    expect(r.status).toBe(405);
    expect(r.headers.get('allow')).toBe('GET');
  });
});

describe('routeOf (what the admin request log names instead of the raw path)', () => {
  it.each([
    ['/v1/approvals', '/v1/approvals'],
    ['/v1/approvals/Jane%20Testperson', '/v1/approvals/:id'],
    ['/v1/approvals/abc/approve', '/v1/approvals/:id/approve'],
    ['/v1/approvals/events', '/v1/approvals/events'],
    ['/v1/grants/078-05-1120/x/y', '/v1/grants/:id/:other/:other'],
    ['/v1/openapi.json', '/v1/openapi.json'],
    ['/v2/Jane Testperson', ':other'],
  ])('%s -> %s', (path, route) => {
    expect(routeOf(path)).toBe(route);
  });
});
