import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InMemoryApprovalService } from '../approvals/in-memory-approval-service.js';
import { createAuditChain } from '../audit/audit-chain.js';
import type { AuditEventInput } from '../audit/audit-event.js';
import { createHmacSigner } from '../audit/audit-signer.js';
import { JsonlFileAuditSink } from '../audit/jsonl-file-audit-sink.js';
import { ManualClock } from '../clock/clock.js';
import { ErrorCode, WardgateError } from '../errors/wardgate-error.js';
import { InMemoryGrantStore } from '../grants/in-memory-grant-store.js';
import { createSilentLogger } from '../logging/logger.js';
import { fileReportSource } from '../report/report-sources.js';
import { RecordingAuditSink } from '../../test/support/recording-fakes.js';
import { createAdminRouter } from './admin-router.js';
import { createAuditEvidence } from './audit-evidence.js';

const agentA = 'spiffe://cluster.local/ns/agents/sa/claude-code';
const agentB = 'spiffe://cluster.local/ns/agents/sa/other';
const key = Buffer.alloc(32, 5);

/** A held-then-approved request, or a plain read, of one agent: what the authorizer and ext_proc write. */
function run(correlationId: string, agent: string, held: boolean): AuditEventInput[] {
  const actor = { user: 'alice', agent };
  const target = { destination: 'fhir.prod', method: held ? 'POST' : 'GET', path: '/Patient' };
  if (!held) {
    return [
      { kind: 'access.decision', correlationId, actor, target, decision: { action: 'allow', enforced: 'allow', ruleId: 'reads', reason: 'ok', dryRun: false } },
      { kind: 'access.session', correlationId, actor, target, session: { status: 200, durationMs: 3 } },
    ];
  }
  return [
    { kind: 'approval.requested', correlationId, approval: { id: `ap-${correlationId}`, status: 'pending' } },
    { kind: 'access.decision', correlationId, actor, target, decision: { action: 'hold', enforced: 'hold', ruleId: 'writes', reason: 'held', dryRun: false, approvalId: `ap-${correlationId}` } },
    { kind: 'approval.approved', correlationId, approval: { id: `ap-${correlationId}`, status: 'approved', approver: 'bob' } },
  ];
}

describe('GET /v1/audit/timeline by agent (real HTTP, a real signed audit file)', () => {
  let dir: string;
  let server: Server;
  let base: string;
  /** The time each run started (its first event naming the agent). */
  const started = new Map<string, number>();

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'wardgate-agent-timeline-'));
    const path = join(dir, 'audit.jsonl');
    const clock = new ManualClock(Date.UTC(2026, 11, 4, 9));
    const chain = createAuditChain({ chainId: 'timeline-1', signer: createHmacSigner('k1', key), clock });
    const sink = await JsonlFileAuditSink.create({ chain, clock, path, queueMaxEvents: 1000, checkpointEveryEvents: 4, checkpointEveryMs: 60_000, logger: createSilentLogger() });
    const plan: Array<[string, string, boolean]> = [['r1', agentA, false], ['r2', agentB, false], ['r3', agentA, true], ['r4', agentA, false], ['r5', agentB, true]];
    for (const [id, agent, held] of plan) {
      for (const event of run(id, agent, held)) {
        clock.advance(1000);
        if (event.actor?.agent !== undefined && !started.has(id)) started.set(id, clock.now());
        sink.emit(event);
        await sink.flush();
      }
    }
    await sink.close();
    const evidence = createAuditEvidence({ source: fileReportSource([path]), keys: () => Promise.resolve(new Map([['k1', key]])), clock });
    const logger = createSilentLogger();
    const grants = new InMemoryGrantStore({ clock, maxTtlMs: 3_600_000 });
    const handler = createAdminRouter({
      approvals: new InMemoryApprovalService({ grants, audit: new RecordingAuditSink(), clock, logger, maxGrantTtlMs: 3_600_000, sweepIntervalMs: 0 }),
      grants,
      adminGroups: [],
      maxTtlMs: 3_600_000,
      logger,
      clock,
      authenticate: (header) => header === 'Bearer carol' ? Promise.resolve({ subject: 'carol', groups: ['auditors'] })
        : header === 'Bearer bob' ? Promise.resolve({ subject: 'bob', groups: ['approvers'] })
        : Promise.reject(new WardgateError(ErrorCode.Unauthenticated, 'no token')),
      evidence,
      auditorGroups: ['auditors'],
    });
    server = createServer((req, res) => void handler(req, res).then((handled) => handled || res.writeHead(404).end()));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    await rm(dir, { recursive: true, force: true });
  });

  interface Body {
    agent: string;
    runs: Array<{ correlationId: string; startedAt: string; events: Array<{ kind: string }> }>;
    nextCursor?: string;
    chain: unknown;
  }
  const get = async (query: string, who = 'carol'): Promise<{ status: number; body: Body }> => {
    const response = await fetch(`${base}/v1/audit/timeline?${query}`, { headers: { authorization: `Bearer ${who}` } });
    return { status: response.status, body: (await response.json()) as Body };
  };
  const agentQuery = (extra = ''): string => `agent=${encodeURIComponent(agentA)}${extra}`;

  it("lists one agent's runs newest first, each run's events in order, approval events included; the chain verifies", async () => {
    const { status, body } = await get(agentQuery());
    expect(status).toBe(200);
    expect(body.agent).toBe(agentA);
    expect(body.runs.map((r) => r.correlationId)).toEqual(['r4', 'r3', 'r1']);
    expect(body.runs[1]!.events.map((e) => e.kind)).toEqual(['approval.requested', 'access.decision', 'approval.approved']);
    expect(body.runs[1]!.startedAt).toBe(new Date(started.get('r3')!).toISOString());
    expect(body.nextCursor).toBeUndefined();
    expect(body.chain).toEqual({ ok: true, findings: 0 });
  });

  it('pages with limit and cursor, without gaps or repeats', async () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < 5; page++) {
      const { status, body } = await get(agentQuery(`&limit=1${cursor === undefined ? '' : `&cursor=${cursor}`}`));
      expect(status).toBe(200);
      expect(body.runs).toHaveLength(1);
      seen.push(body.runs[0]!.correlationId);
      cursor = body.nextCursor;
      if (cursor === undefined) break;
    }
    expect(seen).toEqual(['r4', 'r3', 'r1']);
  });

  it('selects runs by the time window they started in', async () => {
    const from = started.get('r3')!;
    const to = started.get('r3')! + 500;
    const { body } = await get(agentQuery(`&from=${new Date(from).toISOString()}&to=${to}`));
    expect(body.runs.map((r) => r.correlationId)).toEqual(['r3']);
    expect((await get(`agent=${encodeURIComponent('spiffe://nobody')}`)).body.runs).toEqual([]);
  });

  it.each([
    ['neither selector', 'limit=5'],
    ['both selectors', `correlationId=r1&${agentQuery()}`],
    ['an agent with a space', 'agent=a%20b'],
    ['a limit over the bound', agentQuery('&limit=101')],
    ['a limit of 0', agentQuery('&limit=0')],
    ['a forged cursor', agentQuery('&cursor=bm90LWpzb24')],
    ['a window the wrong way round', agentQuery('&from=2000&to=1000')],
  ])('refuses %s with 400', async (_name, query) => {
    expect((await get(query)).status).toBe(400);
  });

  it('serves auditor groups only', async () => {
    expect((await get(agentQuery(), 'bob')).status).toBe(403);
    expect((await get(agentQuery(), 'nobody')).status).toBe(401);
  });
});
