import { ErrorCode, WardgateError } from '../errors/wardgate-error.js';
import type { AuditEventInput } from '../audit/audit-event.js';
import type { Grant, GrantScope, NewGrant } from '../grants/grant.js';
import { auditGrant } from '../grants/grant-audit.js';
import { exactAuthority } from '../grants/grant-matcher.js';
import type { ApprovalRequest, ApprovalStatus, NewApprovalRequest } from './approval.js';
import type { DecideInput } from './approval-service.js';

/** How long decided (and expired) requests stay readable for `approvals list/show`. */
export const DEFAULT_APPROVAL_RETENTION_MS = 7 * 86_400_000;
const MAX_COMMENT_LENGTH = 2000;

const idPattern = /^[A-Za-z0-9_-]{22}$/;

/** Approval ids are 128 random bits, base64url; anything else is not one of ours. */
export function isApprovalId(id: string): boolean {
  return idPattern.test(id);
}

function invalid(message: string, field: string): WardgateError {
  return new WardgateError(ErrorCode.InvalidArgument, message, { details: { field } });
}

export function validateNewApproval(request: NewApprovalRequest): void {
  if (!Number.isInteger(request.pendingTtlMs) || request.pendingTtlMs <= 0) throw invalid('pendingTtlMs must be a positive whole number', 'pendingTtlMs');
  if (!Number.isInteger(request.grantTtlMs) || request.grantTtlMs <= 0) throw invalid('grantTtlMs must be a positive whole number', 'grantTtlMs');
  if (!Number.isInteger(request.approvalsRequired) || request.approvalsRequired < 1) throw invalid('approvalsRequired must be at least 1', 'approvalsRequired');
  if (request.approverGroups.length === 0) throw invalid('approverGroups must name at least one group', 'approverGroups');
  if (!request.requester.user && !request.requester.agent) throw invalid('requester needs a user or an agent', 'requester');
  if (!request.fingerprint) throw invalid('fingerprint is required', 'fingerprint');
}

export function newApprovalRecord(id: string, input: NewApprovalRequest, now: number): ApprovalRequest {
  const { pendingTtlMs: _pendingTtlMs, ...rest } = input;
  return { ...structuredClone(rest), id, status: 'pending', createdAt: now, expiresAt: now + input.pendingTtlMs, votes: [] };
}

/** The status a reader sees: a pending request past its expiry is expired. */
export function effectiveStatus(request: ApprovalRequest, stillPending: boolean): ApprovalStatus {
  return request.status === 'pending' && !stillPending ? 'expired' : request.status;
}

export interface VoteResult {
  next: ApprovalRequest;
  /** Set when this vote decides the request. */
  outcome?: 'approved' | 'denied';
  /** The grant to issue when approved. */
  grant?: NewGrant;
}

/**
 * Applies one vote to a pending request (pure: the services make it atomic). One deny vetoes;
 * approval needs `approvalsRequired` distinct approvers. The requester never approves their own
 * request, and only members of the rule's approver groups vote.
 */
export function applyVote(request: ApprovalRequest, input: DecideInput, now: number, maxGrantTtlMs: number): VoteResult {
  if (request.status !== 'pending') {
    throw new WardgateError(ErrorCode.Conflict, `approval request is already ${request.status}`);
  }
  if (now >= request.expiresAt) throw new WardgateError(ErrorCode.Conflict, 'approval request has expired');
  const { approver } = input;
  if (!approver.subject) throw new WardgateError(ErrorCode.Unauthenticated, 'approver has no subject');
  if (!approver.groups.some((g) => request.approverGroups.includes(g))) {
    throw new WardgateError(ErrorCode.PermissionDenied, 'approver is not in any of the approver groups of this rule');
  }
  if (request.requester.user !== undefined && approver.subject === request.requester.user) {
    throw new WardgateError(ErrorCode.PermissionDenied, 'nobody may decide their own request');
  }
  if (request.votes.some((v) => v.approver === approver.subject)) {
    throw new WardgateError(ErrorCode.Conflict, 'this approver has already voted on the request');
  }
  if (input.verdict !== 'approve' && input.verdict !== 'deny') throw invalid('verdict must be approve or deny', 'verdict');
  if (typeof input.comment !== 'string' || input.comment.trim().length === 0 || input.comment.length > MAX_COMMENT_LENGTH) {
    throw invalid(`a comment of 1 to ${MAX_COMMENT_LENGTH} characters is required`, 'comment');
  }
  if (input.grantTtlMs !== undefined && (!Number.isInteger(input.grantTtlMs) || input.grantTtlMs <= 0)) {
    throw invalid('grantTtlMs must be a positive whole number', 'grantTtlMs');
  }
  const next: ApprovalRequest = structuredClone(request);
  next.votes.push({ approver: approver.subject, verdict: input.verdict, comment: input.comment, at: now });
  if (input.verdict === 'deny') {
    next.status = 'denied';
    return { next, outcome: 'denied' };
  }
  const approvers = new Set(next.votes.filter((v) => v.verdict === 'approve').map((v) => v.approver));
  if (approvers.size < request.approvalsRequired) return { next };
  next.status = 'approved';
  return { next, outcome: 'approved', grant: grantFor(next, [...approvers], input.grantTtlMs, maxGrantTtlMs) };
}

/**
 * The scope approving creates: exactly the held request. Method, authority (port kept) and
 * path are compared literally, whatever characters they hold (a held `/api/**` is that path,
 * not a glob), with the held command's keyed hash. A wider grant is issued explicitly
 * through the admin grant API, and audited as such.
 */
export function approvalGrantScope(request: Pick<ApprovalRequest, 'destination' | 'method' | 'path' | 'commandKinds' | 'commandHash'>): GrantScope {
  return {
    match: 'exact',
    destinations: [exactAuthority(request.destination)],
    methods: [request.method.toUpperCase()],
    paths: [request.path],
    commandKinds: [...request.commandKinds],
    ...(request.commandHash !== undefined ? { commandHash: request.commandHash } : {}),
  };
}

/**
 * The grant an approval creates, over `approvalGrantScope`. By default one-time: one use,
 * bound to the held request's fingerprint, living `grantTtlMs`. "Approve for 30 minutes"
 * (`timeBoxMs`) instead lets the requester repeat the same request until then, without a
 * fingerprint (the body may differ). Both are capped by the configured maximum.
 */
export function grantFor(request: ApprovalRequest, approvedBy: string[], timeBoxMs: number | undefined, maxGrantTtlMs: number): NewGrant {
  const subject = {
    ...(request.requester.user ? { user: request.requester.user } : {}),
    ...(request.requester.agent ? { agent: request.requester.agent } : {}),
  };
  const scope = approvalGrantScope(request);
  const base = { subject, scope, reason: `approved request ${request.id} (rule ${request.ruleId})`, approvedBy, approvalId: request.id };
  if (timeBoxMs !== undefined) return { ...base, ttlMs: Math.min(timeBoxMs, maxGrantTtlMs) };
  return { ...base, ttlMs: Math.min(request.grantTtlMs, maxGrantTtlMs), maxUses: 1, fingerprint: request.fingerprint };
}

/** Audit events of the approval life cycle; PHI-free: the command is masked and the raw path (which may hold identifiers) is left out. */
export const approvalAudit = {
  requested(request: ApprovalRequest): AuditEventInput {
    return {
      kind: 'approval.requested',
      correlationId: request.correlationId,
      actor: actorOf(request),
      target: targetOf(request),
      approval: { id: request.id, status: 'pending', approvalsRequired: request.approvalsRequired },
      details: { ruleId: request.ruleId, expiresAt: request.expiresAt },
    };
  },
  /** The approver's comment is free text: it goes in only through `maskComment`. */
  decided(request: ApprovalRequest, input: DecideInput, maskComment?: (comment: string) => string): AuditEventInput {
    return {
      kind: request.status === 'approved' ? 'approval.approved' : 'approval.denied',
      correlationId: request.correlationId,
      actor: { user: input.approver.subject, groups: [...input.approver.groups] },
      target: targetOf(request),
      approval: {
        id: request.id,
        status: request.status,
        approver: input.approver.subject,
        ...(maskComment !== undefined ? { comment: maskComment(input.comment) } : {}),
        approvalsRequired: request.approvalsRequired,
      },
      details: { ruleId: request.ruleId, requester: request.requester.user ?? request.requester.agent ?? '' },
    };
  },
  expired(request: ApprovalRequest): AuditEventInput {
    return {
      kind: 'approval.expired',
      correlationId: request.correlationId,
      actor: actorOf(request),
      target: targetOf(request),
      approval: { id: request.id, status: 'expired', approvalsRequired: request.approvalsRequired },
      details: { ruleId: request.ruleId, votes: request.votes.length },
    };
  },
  grantIssued(request: ApprovalRequest, grant: Grant): AuditEventInput {
    return {
      kind: 'grant.issued',
      correlationId: request.correlationId,
      actor: actorOf(request),
      target: targetOf(request),
      approval: { id: request.id, status: request.status },
      grant: auditGrant(grant),
      details: { source: 'approval', grantScope: grant.scope.match ?? 'glob' },
    };
  },
};

function actorOf(request: ApprovalRequest): AuditEventInput['actor'] {
  return {
    ...(request.requester.user ? { user: request.requester.user } : {}),
    groups: [...request.requester.userGroups],
    ...(request.requester.agent ? { agent: request.requester.agent } : {}),
  };
}

function targetOf(request: ApprovalRequest): AuditEventInput['target'] {
  return { destination: request.recordedDestination ?? request.destination, method: request.method, command: request.command, commandKinds: [...request.commandKinds] };
}
