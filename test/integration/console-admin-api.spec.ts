/* eslint-disable @typescript-eslint/no-unsafe-call -- response bodies are JSON read as any */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NewApprovalRequest } from '../../src/approvals/approval.js';
import { ConsoleClient, ConsoleHarness } from '../support/console-harness.js';
import { SseClient } from '../support/sse-client.js';

/** The live approvals stream as the console page opens it: the session cookie, same origin. */
const liveStream = (client: ConsoleClient, site = 'same-origin'): Promise<SseClient> =>
  SseClient.open(`${client.origin}/v1/approvals/events`, { cookie: [...client.cookies].map(([k, v]) => `${k}=${v}`).join('; '), 'sec-fetch-site': site });

function heldWrite(requester: string, overrides: Partial<NewApprovalRequest> = {}): NewApprovalRequest {
  return {
    requester: { user: requester, userGroups: ['approvers'], agent: 'spiffe://cluster.local/ns/agents/sa/coder' },
    command: 'POST /Observation',
    commandKinds: ['rest:post'],
    destination: 'fhir.clinical.svc:8080',
    method: 'POST',
    path: '/Observation',
    fingerprint: `fp-${randomUUID()}`,
    ruleId: 'writes-need-approval',
    reason: 'Anything that changes data is held until an approver approves it.',
    approverGroups: ['approvers'],
    approvalsRequired: 1,
    grantTtlMs: 900_000,
    correlationId: randomUUID(),
    pendingTtlMs: 3_600_000,
    ...overrides,
  };
}

describe('the console calls the admin API with its session (real OIDC provider, real Wardgate)', () => {
  const harness = new ConsoleHarness();
  let alice: ConsoleClient;
  let bob: ConsoleClient;
  let carol: ConsoleClient;

  beforeAll(async () => {
    await harness.start();
    [alice, bob, carol] = (await Promise.all(['alice', 'bob', 'carol'].map((u) => harness.signIn(u)))) as [ConsoleClient, ConsoleClient, ConsoleClient];
  });
  afterAll(async () => {
    await harness.stop();
  });

  const approvals = () => harness.wardgate.runtime!.approvals;

  it('lists holds with the exact grant scope approving creates', async () => {
    const held = await approvals().create(heldWrite('bob'));
    const listed = await alice.call('GET', '/v1/approvals');
    expect(listed.status).toBe(200);
    const mine = listed.body.approvals.find((a: { id: string }) => a.id === held.id);
    expect(mine).toMatchObject({ status: 'pending', requester: { user: 'bob' }, ruleId: 'writes-need-approval' });
    expect(mine.grantScope).toMatchObject({ match: 'exact', destinations: ['fhir.clinical.svc:8080'], methods: ['POST'], paths: ['/Observation'] });
  });

  it('refuses a state-changing call without the CSRF token, with a forged one, from another origin, or marked cross-site', async () => {
    const held = await approvals().create(heldWrite('bob'));
    const path = `/v1/approvals/${held.id}/approve`;
    const body = { comment: 'looks fine' };
    const refused = [
      await alice.call('POST', path, { body, csrf: false }),
      await alice.call('POST', path, { body, csrf: 'A'.repeat(43) }),
      await alice.call('POST', path, { body, origin: 'http://evil.example' }),
      await alice.call('POST', path, { body, origin: null }),
      await alice.call('POST', path, { body, headers: { 'sec-fetch-site': 'cross-site' } }),
    ];
    expect(refused.map((r) => r.status)).toEqual([403, 403, 403, 403, 403]);
    expect((await approvals().get(held.id))?.status).toBe('pending');
    // The same call with the token, from the console's origin, goes through.
    const ok = await alice.call('POST', path, { body });
    expect(ok.status).toBe(200);
    expect(ok.body.approval.status).toBe('approved');
  });

  it('shows the requester their own hold but does not let them approve it', async () => {
    const held = await approvals().create(heldWrite('bob'));
    const listed = await bob.call('GET', '/v1/approvals');
    expect(listed.body.approvals.map((a: { id: string }) => a.id)).toContain(held.id);
    const vote = await bob.call('POST', `/v1/approvals/${held.id}/approve`, { body: { comment: 'my own' } });
    expect(vote.status).toBe(403);
    expect((await approvals().get(held.id))?.status).toBe('pending');
  });

  it('refuses sign-in to a user outside the console groups (no session, not even for their own holds) and records it', async () => {
    await approvals().create(heldWrite('dave'));
    const dave = new ConsoleClient(harness.origin);
    const start = await dave.raw('GET', '/console/login');
    const callback = new URL(await harness.provider.signInWithoutBrowser(start.headers.get('location')!, 'dave'));
    const done = await dave.raw('GET', callback.pathname + callback.search);
    expect(done.status).toBe(403);
    expect(await done.text()).toContain('your groups give no access to the console');
    expect(dave.cookies.has('__Host-wardgate-console')).toBe(false);
    expect(await dave.loadSession()).toBe(false);
    for (const path of ['/v1/approvals', '/v1/grants', '/v1/audit/report']) {
      const response = await dave.call('GET', path);
      expect(response.status, path).toBe(401);
      expect(JSON.stringify(response.body)).not.toContain('fhir.clinical');
    }
    const refused = (await harness.wardgate.auditEvents()).filter((e) => e.kind === 'console.session' && (e.details as { action: string }).action === 'refused');
    expect(refused.map((e) => [e.actor, e.details])).toEqual([[{ user: 'dave', groups: ['staff'] }, { action: 'refused', source: 'console', reason: 'no_console_group' }]]);
  });

  it('gives two approvers acting at once one outcome; the other gets a conflict', async () => {
    const held = await approvals().create(heldWrite('zed'));
    const [a, b] = await Promise.all([
      alice.call('POST', `/v1/approvals/${held.id}/approve`, { body: { comment: 'ok from alice' } }),
      bob.call('POST', `/v1/approvals/${held.id}/deny`, { body: { comment: 'no from bob' } }),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    const final = (await approvals().get(held.id))!;
    expect(final.votes).toHaveLength(1);
    const winner = a.status === 200 ? 'alice' : 'bob';
    expect(final.votes[0]!.approver).toBe(winner);
    expect(final.status).toBe(winner === 'alice' ? 'approved' : 'denied');
  });

  it('records the console user as the approver in the audit event', async () => {
    const held = await approvals().create(heldWrite('bob'));
    expect((await alice.call('POST', `/v1/approvals/${held.id}/approve`, { body: { comment: 'console approval' } })).status).toBe(200);
    const events = await harness.wardgate.auditEvents();
    const decided = events.find((e) => e.kind === 'approval.approved' && (e.approval as { id: string }).id === held.id)!;
    expect(decided).toBeDefined();
    expect(decided.actor).toMatchObject({ user: 'alice', groups: ['approvers', 'wardgate-admins'] });
    expect((decided.approval as { approver: string }).approver).toBe('alice');
  });

  it('lets an admin list and revoke grants; a plain approver sees only their own and cannot revoke', async () => {
    const held = await approvals().create(heldWrite('bob'));
    const approved = await alice.call('POST', `/v1/approvals/${held.id}/approve`, { body: { comment: 'ok', grantFor: '10m' } });
    const grantId = approved.body.approval.grantId as string;
    const all = await alice.call('GET', '/v1/grants');
    expect(all.body.grants.map((g: { id: string }) => g.id)).toContain(grantId);
    expect((await bob.call('DELETE', `/v1/grants/${grantId}`)).status).toBe(403);
    expect((await alice.call('DELETE', `/v1/grants/${grantId}`, { csrf: false })).status).toBe(403);
    expect((await alice.call('DELETE', `/v1/grants/${grantId}`)).status).toBe(200);
    expect(await harness.wardgate.runtime!.grants.get(grantId)).toBeUndefined();
    const events = await harness.wardgate.auditEvents();
    expect(events.find((e) => e.kind === 'grant.revoked' && (e.grant as { id: string }).id === grantId)?.actor).toMatchObject({ user: 'alice' });
  });

  it('serves auditors the audit report JSON and a session timeline; approvers get neither', async () => {
    const held = await approvals().create(heldWrite('bob'));
    await alice.call('POST', `/v1/approvals/${held.id}/deny`, { body: { comment: 'not today' } });
    await harness.wardgate.runtime!.audit.flush();
    const report = await carol.call('GET', `/v1/audit/report?from=${encodeURIComponent(new Date(Date.now() - 3_600_000).toISOString())}`);
    expect(report.status).toBe(200);
    expect(report.body.report.reportVersion).toMatch(/^1\./);
    expect(report.body.report.integrity.ok).toBe(true);
    expect(report.body.report.approvals.holds.total).toBeGreaterThan(0);
    expect(report.body.report.approvals.holds.items.map((h: { approvalId: string }) => h.approvalId)).toContain(held.id);
    const timeline = await carol.call('GET', `/v1/audit/timeline?correlationId=${held.correlationId}`);
    expect(timeline.status).toBe(200);
    expect(timeline.body.events.map((e: { kind: string }) => e.kind)).toEqual(['approval.requested', 'approval.denied']);
    expect(timeline.body.chain.ok).toBe(true);
    const html = await carol.raw('GET', '/v1/audit/report?format=html', { headers: { 'sec-fetch-site': 'same-origin' } });
    expect(html.status).toBe(200);
    expect(html.headers.get('content-type')).toMatch(/^text\/html/);
    expect(html.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(await html.text()).toContain('<h1>Wardgate audit report</h1>');
    expect((await alice.call('GET', '/v1/audit/report')).status).toBe(403);
    expect((await alice.call('GET', '/v1/audit/report?format=html')).status).toBe(403);
    expect((await carol.call('GET', '/v1/approvals')).status).toBe(403);
  });

  it('streams a new hold live to an approver with the session cookie; refuses users without a console role and cross-site requests', async () => {
    const live = await liveStream(alice);
    try {
      expect(live.status).toBe(200);
      const held = await approvals().create(heldWrite('bob'));
      const event = await live.next((e) => e.event === 'approval' && (JSON.parse(e.data) as { id: string }).id === held.id);
      const listed = (await alice.call('GET', '/v1/approvals')).body.approvals.find((a: { id: string }) => a.id === held.id);
      expect(JSON.parse(event.data)).toEqual(listed);
    } finally {
      live.close();
    }
    const crossSite = await liveStream(alice, 'cross-site');
    expect(crossSite.status).toBe(403);
    expect(await crossSite.json()).toEqual({ error: { code: 'permission_denied', message: 'cross-site request refused' } });
  });
});

describe('shutdown with live approval streams open', () => {
  const harness = new ConsoleHarness();
  afterAll(async () => {
    await harness.stop();
  });

  it('ends every stream with `end` (shutdown) before the HTTP server closes, so shutdown does not wait on them', async () => {
    await harness.start();
    const alice = await harness.signIn('alice');
    const streams = await Promise.all([liveStream(alice), liveStream(alice)]);
    expect(streams.map((s) => s.status)).toEqual([200, 200]);
    const started = Date.now();
    await harness.wardgate.stop();
    expect(Date.now() - started).toBeLessThan(5_000);
    for (const stream of streams) {
      expect(JSON.parse((await stream.next((e) => e.event === 'end')).data)).toEqual({ reason: 'shutdown' });
      await stream.ended;
      expect(stream.closed).toBe(true);
    }
  });
});
