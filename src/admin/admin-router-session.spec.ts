import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Approver } from '../approvals/approval-service.js';
import { InMemoryApprovalService } from '../approvals/in-memory-approval-service.js';
import { SystemClock } from '../clock/clock.js';
import { ErrorCode, WardgateError } from '../errors/wardgate-error.js';
import { InMemoryGrantStore } from '../grants/in-memory-grant-store.js';
import { createSilentLogger } from '../logging/logger.js';
import { RecordingAuditSink } from '../../test/support/recording-fakes.js';
import { SseClient } from '../../test/support/sse-client.js';
import { createAdminRouter, type AdminRouterDeps } from './admin-router.js';
import { ApprovalEventStreams } from './approval-event-streams.js';
import type { AuditEvidence } from './audit-evidence.js';

// The console's path into the admin router: a session instead of a bearer token.
const sessionUsers: Record<string, Approver> = {
  'ses-alice': { subject: 'alice', groups: ['approvers'] },
  'ses-carol': { subject: 'carol', groups: ['auditors'] },
};

const evidence: AuditEvidence = {
  report: () => Promise.resolve({ reportVersion: '1.0.0' }),
  reportHtml: (_range, out) => Promise.resolve(void out.write('<h1>Wardgate audit report</h1>')),
  timeline: (correlationId) => Promise.resolve({ correlationId, events: [], chain: { ok: true, findings: 0 } }),
  agentTimeline: (query) => Promise.resolve({ agent: query.agent, runs: [], chain: { ok: true, findings: 0 } }),
};

/** Every session lookup: the path and whether it counted as activity. */
const lookups: Array<{ path: string; activity: boolean | undefined }> = [];

async function serve(extra: Partial<AdminRouterDeps>): Promise<{ url: string; server: Server; events: ApprovalEventStreams }> {
  const clock = new SystemClock();
  const logger = createSilentLogger();
  const grants = new InMemoryGrantStore({ clock, maxTtlMs: 3_600_000 });
  const approvals = new InMemoryApprovalService({ grants, audit: new RecordingAuditSink(), clock, logger, maxGrantTtlMs: 3_600_000, sweepIntervalMs: 0 });
  const events = new ApprovalEventStreams({ approvals, logger, heartbeatMs: 40 }).start();
  const handler = createAdminRouter({
    approvals,
    grants,
    adminGroups: [],
    maxTtlMs: 3_600_000,
    logger,
    clock,
    authenticate: (header) => (header === 'Bearer tok-bob' ? Promise.resolve({ subject: 'bob', groups: ['approvers'] }) : Promise.reject(new WardgateError(ErrorCode.Unauthenticated, 'no token'))),
    events,
    authenticateSession: (req: IncomingMessage, options?: { activity?: boolean }) => {
      lookups.push({ path: req.url ?? '', activity: options?.activity });
      const id = req.headers['x-test-session'];
      if (id === undefined) return Promise.resolve(undefined);
      if (id === 'forged') return Promise.reject(new WardgateError(ErrorCode.PermissionDenied, 'CSRF token missing or wrong'));
      return Promise.resolve(sessionUsers[String(id)]);
    },
    ...extra,
  });
  const server = createServer((req, res) => {
    void handler(req, res).then((handled) => {
      if (!handled) res.writeHead(404).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server, events };
}

describe('admin router with console sessions', () => {
  let plain: { url: string; server: Server; events: ApprovalEventStreams };
  let withEvidence: { url: string; server: Server; events: ApprovalEventStreams };
  beforeAll(async () => {
    plain = await serve({});
    withEvidence = await serve({ evidence, auditorGroups: ['auditors'] });
  });
  afterAll(async () => {
    for (const s of [plain, withEvidence]) {
      await s.events.stop();
      s.server.close();
    }
  });

  const get = (base: string, path: string, headers: Record<string, string> = {}) => fetch(`${base}${path}`, { headers }).then((r) => r.status);

  it('takes the caller from the session when there is no Authorization header', async () => {
    expect(await get(plain.url, '/v1/approvals', { 'x-test-session': 'ses-alice' })).toBe(200);
    expect(await get(plain.url, '/v1/approvals')).toBe(401);
  });

  it('uses the bearer token, not the session, when both are sent', async () => {
    expect(await get(plain.url, '/v1/approvals', { 'x-test-session': 'ses-alice', authorization: 'Bearer nope' })).toBe(401);
    expect(await get(plain.url, '/v1/approvals', { 'x-test-session': 'forged', authorization: 'Bearer tok-bob' })).toBe(200);
  });

  it('counts page calls as session activity, the live stream (open and every heartbeat re-check) never', async () => {
    lookups.length = 0;
    expect(await get(plain.url, '/v1/approvals', { 'x-test-session': 'ses-alice' })).toBe(200);
    expect(lookups).toEqual([{ path: '/v1/approvals', activity: true }]);
    lookups.length = 0;
    const live = await SseClient.open(`${plain.url}/v1/approvals/events`, { 'x-test-session': 'ses-alice' });
    expect(live.status).toBe(200);
    await expect.poll(() => lookups.length).toBeGreaterThanOrEqual(3);
    live.close();
    expect(lookups.every((l) => l.path === '/v1/approvals/events' && l.activity === false)).toBe(true);
  });

  it('answers the session refusal', async () => {
    expect(await get(plain.url, '/v1/approvals', { 'x-test-session': 'forged' })).toBe(403);
  });

  it('serves /v1/audit only with evidence configured, and only to auditor groups', async () => {
    expect(await get(plain.url, '/v1/audit/report', { 'x-test-session': 'ses-carol' })).toBe(404);
    expect(await get(withEvidence.url, '/v1/audit/report', { 'x-test-session': 'ses-carol' })).toBe(200);
    expect(await get(withEvidence.url, '/v1/audit/report?format=html', { 'x-test-session': 'ses-carol' })).toBe(200);
    expect(await get(withEvidence.url, '/v1/audit/timeline?correlationId=abc-1', { 'x-test-session': 'ses-carol' })).toBe(200);
    expect(await get(withEvidence.url, '/v1/audit/timeline?correlationId=a%20b', { 'x-test-session': 'ses-carol' })).toBe(400);
    expect(await get(withEvidence.url, '/v1/audit/report?from=2026-12-02&to=2026-12-01', { 'x-test-session': 'ses-carol' })).toBe(400);
    expect(await get(withEvidence.url, '/v1/audit/report', { 'x-test-session': 'ses-alice' })).toBe(403);
    expect(await get(withEvidence.url, '/v1/audit/report', { authorization: 'Bearer tok-bob' })).toBe(403);
  });
});
