import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ApprovalRequest } from '../approvals/approval.js';
import type { ApprovalService, Approver } from '../approvals/approval-service.js';
import type { AuditRecorder } from '../audit/audit-recorder.js';
import type { Clock } from '../clock/clock.js';
import { ErrorCode, WardgateError } from '../errors/wardgate-error.js';
import type { Grant } from '../grants/grant.js';
import { auditGrant } from '../grants/grant-audit.js';
import type { GrantStore } from '../grants/grant-store.js';
import type { Logger } from '../logging/logger.js';
import { sendJson } from '../server/send-json.js';
import { parseWith, readJsonBody, sendError } from './admin-http.js';
import { newestFirst } from './newest-first.js';
import { approvalStatusSchema, approveBodySchema, denyBodySchema, issueGrantBodySchema } from './admin-schemas.js';
import type { ApprovalEventStreams } from './approval-event-streams.js';
import { approvalView, canSeeApproval } from './approval-view.js';
import { auditRoute } from './audit-routes.js';
import type { AuditEvidence } from './audit-evidence.js';
import { adminOpenApiDocument } from './openapi.js';

export interface AdminRouterDeps {
  approvals: ApprovalService;
  grants: GrantStore;
  /** Verifies the bearer token; throws WardgateError(Unauthenticated). */
  authenticate: (authorizationHeader: string | undefined) => Promise<Approver>;
  /**
   * The web console's path: the caller of a request without an Authorization header, from its
   * session cookie (CSRF and origin checked there); undefined when it carries no session.
   * `activity: false`: the call must not count as activity for the session's idle timeout.
   */
  authenticateSession?: (req: IncomingMessage, options?: { activity?: boolean }) => Promise<Approver | undefined>;
  /** When set, `GET /v1/approvals/events` serves the live feed (server-sent events). */
  events?: ApprovalEventStreams;
  /** Groups that may issue, list and revoke anyone's grants and see every approval. */
  adminGroups: readonly string[];
  /** The longest grant anyone may ask for (`grants.maxTtl`). */
  maxTtlMs: number;
  logger: Logger;
  clock: Clock;
  /** When set, admin-issued and revoked grants are audited (`grant.issued`, `grant.revoked`). */
  audit?: AuditRecorder;
  /** When set, `/v1/audit/report` and `/v1/audit/timeline` serve the Evidence page to `auditorGroups`. */
  evidence?: AuditEvidence;
  auditorGroups?: readonly string[];
}

export type AdminHandler = (req: IncomingMessage, res: ServerResponse) => Promise<boolean>;

interface Context {
  req: IncomingMessage;
  res: ServerResponse;
  url: URL;
  caller: Approver;
  isAdmin: boolean;
}

const EVENTS_PATH = '/v1/approvals/events';

const notFound = (what: string): WardgateError => new WardgateError(ErrorCode.NotFound, `no such ${what}`);

/**
 * The admin/approver API. Returns false for paths it does not own, so the caller can mount it
 * beside /healthz and /metrics on one server.
 */
export function createAdminRouter(deps: AdminRouterDeps): AdminHandler {
  const adminGroups = new Set(deps.adminGroups);

  const canSee = (ctx: Context, a: ApprovalRequest): boolean => canSeeApproval(ctx.caller, ctx.isAdmin, a);
  const canSeeGrant = (ctx: Context, g: Grant): boolean => ctx.isAdmin || g.subject.user === ctx.caller.subject;
  const requireAdmin = (ctx: Context): void => {
    if (!ctx.isAdmin) throw new WardgateError(ErrorCode.PermissionDenied, 'managing grants needs an admin group');
  };

  async function approvalsRoute(ctx: Context, parts: string[]): Promise<void> {
    const method = ctx.req.method ?? 'GET';
    if (parts.length === 0) {
      allow(method, ['GET']);
      const status = ctx.url.searchParams.get('status');
      const filter = status === null ? {} : { status: parseWith(approvalStatusSchema, status, 'status filter') };
      const approvals = newestFirst((await deps.approvals.list(filter)).filter((a) => canSee(ctx, a)));
      return sendJson(ctx.res, 200, { approvals: approvals.map(approvalView) });
    }
    const id = parts[0]!;
    if (parts.length === 1 && id === 'events' && deps.events) {
      allow(method, ['GET']);
      // The same credential, checked again on every heartbeat: a stream ends with its session or token.
      deps.events.open(ctx.req, ctx.res, { caller: ctx.caller, isAdmin: ctx.isAdmin, recheck: () => authenticateCaller(ctx.req, false) });
      return;
    }
    if (parts.length === 1) {
      allow(method, ['GET']);
      const approval = await deps.approvals.get(id);
      if (!approval || !canSee(ctx, approval)) throw notFound('approval request');
      return sendJson(ctx.res, 200, { approval: approvalView(approval) });
    }
    if (parts.length === 2 && (parts[1] === 'approve' || parts[1] === 'deny')) {
      allow(method, ['POST']);
      // The service decides who may vote (groups, not the requester) and answers unknown ids.
      let approval: ApprovalRequest;
      if (parts[1] === 'approve') {
        const body = await readJsonBody(ctx.req, approveBodySchema);
        if (body.grantFor !== undefined && body.grantFor > deps.maxTtlMs) {
          throw new WardgateError(ErrorCode.InvalidArgument, `grantFor exceeds the maximum grant life of ${deps.maxTtlMs}ms`);
        }
        approval = await deps.approvals.decide(id, { approver: ctx.caller, verdict: 'approve', comment: body.comment, ...(body.grantFor !== undefined ? { grantTtlMs: body.grantFor } : {}) });
      } else {
        const body = await readJsonBody(ctx.req, denyBodySchema);
        approval = await deps.approvals.decide(id, { approver: ctx.caller, verdict: 'deny', comment: body.comment });
      }
      deps.logger.info({ approvalId: id, approver: ctx.caller.subject, verdict: parts[1], status: approval.status }, 'approval vote recorded');
      return sendJson(ctx.res, 200, { approval: approvalView(approval) });
    }
    throw notFound('route');
  }

  async function grantsRoute(ctx: Context, parts: string[]): Promise<void> {
    const method = ctx.req.method ?? 'GET';
    if (parts.length === 0) {
      allow(method, ['GET', 'POST']);
      if (method === 'POST') {
        requireAdmin(ctx);
        const body = await readJsonBody(ctx.req, issueGrantBodySchema);
        if (body.ttl > deps.maxTtlMs) throw new WardgateError(ErrorCode.InvalidArgument, `ttl exceeds the maximum grant life of ${deps.maxTtlMs}ms`);
        const grant = await deps.grants.issue({
          subject: body.subject,
          scope: body.scope,
          reason: body.reason,
          approvedBy: [ctx.caller.subject],
          ttlMs: body.ttl,
          ...(body.maxUses !== undefined ? { maxUses: body.maxUses } : {}),
        });
        const refusal = await deps.audit?.record({
          kind: 'grant.issued',
          actor: { user: ctx.caller.subject, groups: [...ctx.caller.groups] },
          grant: auditGrant(grant),
          // Distinct from approval-created grants (`source: approval`, always exact).
          details: { source: 'admin-api', grantScope: grant.scope.match ?? 'glob' },
        }, 'admin');
        if (refusal !== undefined) {
          // A grant nobody can audit must not stay usable: take it back, then fail the call.
          await deps.grants.revoke(grant.id).catch((err: unknown) => deps.logger.error({ err, grantId: grant.id }, 'could not revoke an unaudited grant'));
          throw refusal;
        }
        deps.logger.info({ grantId: grant.id, issuer: ctx.caller.subject }, 'grant issued');
        return sendJson(ctx.res, 201, { grant }, { location: `/v1/grants/${encodeURIComponent(grant.id)}` });
      }
      const user = ctx.url.searchParams.get('user') ?? undefined;
      const agent = ctx.url.searchParams.get('agent') ?? undefined;
      if (!ctx.isAdmin && user !== undefined && user !== ctx.caller.subject) {
        throw new WardgateError(ErrorCode.PermissionDenied, "listing other users' grants needs an admin group");
      }
      // Non-admins see their own grants only.
      const subjectUser = ctx.isAdmin ? user : ctx.caller.subject;
      const subject = subjectUser !== undefined || agent !== undefined ? { ...(subjectUser ? { user: subjectUser } : {}), ...(agent ? { agent } : {}) } : undefined;
      const grants = await deps.grants.list(subject ? { subject } : {});
      return sendJson(ctx.res, 200, { grants: grants.filter((g) => canSeeGrant(ctx, g)) });
    }
    if (parts.length === 1) {
      allow(method, ['GET', 'DELETE']);
      const id = parts[0]!;
      if (method === 'DELETE') {
        requireAdmin(ctx);
        if (!(await deps.grants.revoke(id))) throw notFound('grant');
        // A revocation stands even when it cannot be recorded (the recorder logs and counts that).
        void deps.audit?.record({ kind: 'grant.revoked', actor: { user: ctx.caller.subject, groups: [...ctx.caller.groups] }, grant: { id }, details: { source: 'admin-api' } }, 'record');
        deps.logger.info({ grantId: id, revoker: ctx.caller.subject }, 'grant revoked');
        return sendJson(ctx.res, 200, { revoked: id });
      }
      const grant = await deps.grants.get(id);
      if (!grant || !canSeeGrant(ctx, grant)) throw notFound('grant');
      return sendJson(ctx.res, 200, { grant });
    }
    throw notFound('route');
  }

  /** The caller from the console session (when there is no Authorization header) or the bearer token. */
  async function authenticateCaller(req: IncomingMessage, activity: boolean): Promise<Approver> {
    const session = req.headers.authorization === undefined ? await deps.authenticateSession?.(req, { activity }) : undefined;
    return session ?? (await deps.authenticate(req.headers.authorization));
  }

  return async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://admin.invalid');
    const path = url.pathname.replace(/\/+$/, '');
    const owned = path === '/v1/openapi.json' || /^\/v1\/(approvals|grants)(\/|$)/.test(path) || (deps.evidence !== undefined && /^\/v1\/audit(\/|$)/.test(path));
    if (!owned) return false;
    const started = deps.clock.monotonic();
    try {
      if (path === '/v1/openapi.json') {
        allow(req.method ?? 'GET', ['GET']);
        sendJson(res, 200, adminOpenApiDocument);
        return true;
      }
      // A stream the browser holds open is no sign of a person at the console.
      const caller = await authenticateCaller(req, path !== EVENTS_PATH);
      const ctx: Context = { req, res, url, caller, isAdmin: caller.groups.some((g) => adminGroups.has(g)) };
      const parts = path.split('/').slice(3).map(decodeSegment);
      if (path.startsWith('/v1/approvals')) await approvalsRoute(ctx, parts);
      else if (path.startsWith('/v1/audit') && deps.evidence) await auditRoute({ ...ctx, evidence: deps.evidence, auditorGroups: deps.auditorGroups ?? [] }, parts);
      else await grantsRoute(ctx, parts);
    } catch (err) {
      const error = err instanceof WardgateError ? err : WardgateError.from(err);
      if (error.code === ErrorCode.Internal || error.code === ErrorCode.Unavailable) {
        deps.logger.warn({ err: { code: error.code, message: error.message }, route: routeOf(path) }, 'admin request failed');
      }
      const status = typeof error.details.httpStatus === 'number' ? error.details.httpStatus : error.httpStatus;
      const headers: Record<string, string> = typeof error.details.allow === 'string' ? { allow: error.details.allow } : {};
      if (!res.headersSent) sendError(res, error, status, headers);
      else res.destroy();
    } finally {
      // The route, never the raw path: ids and mistyped paths may hold anything (PHI included).
      deps.logger.debug({ method: req.method, route: routeOf(path), status: res.statusCode, ms: Math.round(deps.clock.monotonic() - started) }, 'admin request');
    }
    return true;
  };
}

export function allow(method: string, allowed: string[]): void {
  if (!allowed.includes(method)) {
    throw new WardgateError(ErrorCode.InvalidArgument, `method ${method} not allowed here; use ${allowed.join(' or ')}`, {
      details: { httpStatus: 405, allow: allowed.join(', ') },
    });
  }
}

/** `/v1/approvals/ID/approve` -> `/v1/approvals/:id/approve`; unknown tails collapse to `:other`. */
export function routeOf(path: string): string {
  const [, version, collection, id, action, ...rest] = path.split('/');
  if (version === 'v1' && collection === 'audit') return id === 'report' || id === 'timeline' ? `/v1/audit/${id}` : '/v1/audit/:other';
  if (version !== 'v1' || (collection !== 'approvals' && collection !== 'grants')) return path === '/v1/openapi.json' ? path : ':other';
  if (id === undefined) return `/v1/${collection}`;
  if (collection === 'approvals' && id === 'events' && action === undefined) return EVENTS_PATH;
  const verb = action === undefined ? '' : action === 'approve' || action === 'deny' ? `/${action}` : '/:other';
  return `/v1/${collection}/:id${verb}${rest.length > 0 ? '/:other' : ''}`;
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw new WardgateError(ErrorCode.InvalidArgument, 'malformed percent-encoding in path');
  }
}
