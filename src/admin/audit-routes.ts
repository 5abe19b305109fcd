import type { IncomingMessage, ServerResponse } from 'node:http';
import { Writable } from 'node:stream';
import type { Approver } from '../approvals/approval-service.js';
import { ErrorCode, WardgateError } from '../errors/wardgate-error.js';
import { sendJson } from '../server/send-json.js';
import { allow } from './admin-router.js';
import { MAX_AGENT_RUNS_PER_PAGE } from './agent-runs.js';
import type { AuditEvidence } from './audit-evidence.js';

export interface AuditRouteContext {
  req: IncomingMessage;
  res: ServerResponse;
  url: URL;
  caller: Approver;
  evidence: AuditEvidence;
  auditorGroups: readonly string[];
}

/** `GET /v1/audit/report?from=&to=` and `GET /v1/audit/timeline?correlationId=` or `?agent=&from=&to=&limit=&cursor=`, for auditor groups only. */
export async function auditRoute(ctx: AuditRouteContext, parts: string[]): Promise<void> {
  if (!ctx.caller.groups.some((g) => ctx.auditorGroups.includes(g))) {
    throw new WardgateError(ErrorCode.PermissionDenied, 'the audit evidence needs an auditor group');
  }
  allow(ctx.req.method ?? 'GET', ['GET']);
  if (parts.length === 1 && parts[0] === 'report') {
    const from = timeParam(ctx.url, 'from');
    const to = timeParam(ctx.url, 'to');
    if (from !== undefined && to !== undefined && from > to) throw new WardgateError(ErrorCode.InvalidArgument, 'from is after to');
    const range = { ...(from === undefined ? {} : { from }), ...(to === undefined ? {} : { to }) };
    if (ctx.url.searchParams.get('format') === 'html') return sendHtmlReport(ctx, range);
    const report = await ctx.evidence.report(range);
    return sendJson(ctx.res, 200, { report });
  }
  if (parts.length === 1 && parts[0] === 'timeline') {
    const id = ctx.url.searchParams.get('correlationId');
    const agent = ctx.url.searchParams.get('agent');
    if ((id === null) === (agent === null)) throw new WardgateError(ErrorCode.InvalidArgument, 'give either correlationId or agent');
    if (agent !== null) return sendJson(ctx.res, 200, await ctx.evidence.agentTimeline(agentQuery(ctx.url, agent)));
    if (id === null || !/^[A-Za-z0-9._:-]{1,128}$/.test(id)) throw new WardgateError(ErrorCode.InvalidArgument, 'correlationId must be 1-128 letters, digits or . _ : -');
    return sendJson(ctx.res, 200, await ctx.evidence.timeline(id));
  }
  throw new WardgateError(ErrorCode.NotFound, 'no such route');
}

/**
 * The printable report, rendered by the CLI's HTML renderer. Built before the first byte is
 * sent, so a failure is still an error answer; its own CSP allows its inline CSS and nothing else.
 */
async function sendHtmlReport(ctx: AuditRouteContext, range: { from?: number; to?: number }): Promise<void> {
  const chunks: Buffer[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(Buffer.from(chunk));
      done();
    },
  });
  await ctx.evidence.reportHtml(range, sink);
  const body = Buffer.concat(chunks);
  ctx.res.writeHead(200, {
    'content-type': 'text/html; charset=utf-8',
    'content-length': String(body.length),
    'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'none'; base-uri 'none'; form-action 'none'",
    'x-frame-options': 'DENY',
    'cache-control': 'no-store',
    'referrer-policy': 'no-referrer',
    'x-content-type-options': 'nosniff',
  });
  ctx.res.end(body);
}

/** SPIFFE ids and other principals: printable ASCII without spaces. */
function agentQuery(url: URL, agent: string): Parameters<AuditEvidence['agentTimeline']>[0] {
  if (!/^[\x21-\x7e]{1,512}$/.test(agent)) throw new WardgateError(ErrorCode.InvalidArgument, 'agent must be 1-512 printable characters without spaces (a SPIFFE id)');
  const from = timeParam(url, 'from');
  const to = timeParam(url, 'to');
  if (from !== undefined && to !== undefined && from > to) throw new WardgateError(ErrorCode.InvalidArgument, 'from is after to');
  const limitText = url.searchParams.get('limit');
  const limit = limitText === null || limitText === '' ? 20 : Number(limitText);
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_AGENT_RUNS_PER_PAGE) throw new WardgateError(ErrorCode.InvalidArgument, `limit must be 1-${MAX_AGENT_RUNS_PER_PAGE}`);
  const cursor = url.searchParams.get('cursor');
  if (cursor !== null && !/^[A-Za-z0-9_-]{1,1024}$/.test(cursor)) throw new WardgateError(ErrorCode.InvalidArgument, 'cursor is not one this API handed out');
  return { agent, limit, ...(from === undefined ? {} : { from }), ...(to === undefined ? {} : { to }), ...(cursor === null ? {} : { cursor }) };
}

function timeParam(url: URL, name: string): number | undefined {
  const value = url.searchParams.get(name);
  if (value === null || value === '') return undefined;
  const ms = /^\d+$/.test(value) ? Number(value) : Date.parse(value);
  if (!Number.isFinite(ms)) throw new WardgateError(ErrorCode.InvalidArgument, `${name} must be an ISO-8601 time or epoch milliseconds`);
  return ms;
}
