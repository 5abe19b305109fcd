import type { MaskingSummary } from '../masking/masking-summary.js';

/** Version of the event schema; bump on any incompatible change (see protos/wardgate/audit/v1). */
export const AUDIT_SCHEMA_VERSION = '1.0.0';

export type AuditEventKind =
  | 'access.decision'
  | 'access.session'
  | 'approval.requested'
  | 'approval.approved'
  | 'approval.denied'
  | 'approval.expired'
  | 'grant.issued'
  | 'grant.used'
  | 'grant.revoked'
  | 'grant.expired'
  | 'policy.loaded'
  | 'policy.rejected'
  | 'service.started'
  | 'service.stopped'
  /** A console sign-in, sign-out, expiry or refused sign-in; `details.action` says which (CONSOLE_SESSION_ACTIONS). */
  | 'console.session'
  /** Written by the audit chain itself: a signed checkpoint over the chain so far. */
  | 'chain.checkpoint';

/** `details.action` of a `console.session` event: a closed set. */
export const CONSOLE_SESSION_ACTIONS = ['signed_in', 'signed_out', 'expired_idle', 'expired_absolute', 'refused'] as const;
export type ConsoleSessionAction = (typeof CONSOLE_SESSION_ACTIONS)[number];

/** Who acted. Never contains tokens; `user` is the OIDC subject. */
export interface AuditActor {
  user?: string;
  groups?: string[];
  agent?: string;
  sourceAddress?: string;
}

/** What was acted on. `command` is PHI-masked; `commandHash` is a keyed HMAC of the raw command. */
export interface AuditTarget {
  destination?: string;
  method?: string;
  /** Path without query string. */
  path?: string;
  command?: string;
  commandKinds?: string[];
  commandHash?: string;
}

export interface AuditDecision {
  /** The decision the policy took. */
  action: 'allow' | 'deny' | 'hold';
  /** What was enforced; differs from `action` in dry-run (always `allow`) and on failures. */
  enforced: 'allow' | 'deny' | 'hold';
  ruleId: string;
  reason: string;
  dryRun: boolean;
  grantId?: string;
  approvalId?: string;
}

export interface AuditSession {
  status?: number;
  /** Body bytes Wardgate saw; absent (unknown, not 0) when the body was not sent to it. */
  requestBytes?: number;
  /** Body bytes Wardgate saw; absent (unknown, not 0) when the body was not sent to it. */
  responseBytes?: number;
  durationMs: number;
  contentType?: string;
  maskingProfile?: string;
  masking?: MaskingSummary;
  /** Set when the response was blocked instead of masked (e.g. `unknown_encoding`). */
  blocked?: string;
}

export interface AuditApproval {
  id: string;
  status: string;
  approver?: string;
  comment?: string;
  approvalsRequired?: number;
}

export interface AuditGrant {
  id: string;
  subjectUser?: string;
  subjectAgent?: string;
  expiresAt?: number;
  usesLeft?: number;
  approvedBy?: string[];
}

export interface AuditPolicy {
  /** SHA-256 of the policy file. */
  sha256: string;
  rules?: number;
  source?: string;
  /** Validation error text for `policy.rejected` (from our validator, PHI-free). */
  error?: string;
}

/** What producers hand to the sink. The sink adds id, time, chain and signature. */
export interface AuditEventInput {
  kind: AuditEventKind;
  /** Links a request's decision, session and approval events (Envoy's x-request-id). */
  correlationId?: string;
  /** The W3C trace id (32 hex digits) of the request's trace, for correlation with a tracing backend. */
  traceId?: string;
  actor?: AuditActor;
  target?: AuditTarget;
  decision?: AuditDecision;
  session?: AuditSession;
  approval?: AuditApproval;
  grant?: AuditGrant;
  policy?: AuditPolicy;
  /** Extra flat facts; PHI-free by contract. */
  details?: Record<string, string | number | boolean>;
}
