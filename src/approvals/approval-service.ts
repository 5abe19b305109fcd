import type { ApprovalOutcome, ApprovalRequest, NewApprovalRequest } from './approval.js';

export interface Approver {
  subject: string;
  groups: readonly string[];
}

export interface DecideInput {
  approver: Approver;
  verdict: 'approve' | 'deny';
  comment: string;
  /** "Approve for 30 minutes": a time-boxed grant for the requester instead of a one-time one. */
  grantTtlMs?: number;
}

/** What a watcher hears: one request changed (look it up), or changes may have been missed (re-list). */
export type ApprovalChange = { kind: 'changed'; id: string } | { kind: 'resync' };

/**
 * Held requests and their approvals. Implementations: in-memory and Redis (with pub/sub so a
 * waiting check on any replica is released when another replica records the decision).
 */
export interface ApprovalService {
  create(request: NewApprovalRequest): Promise<ApprovalRequest>;
  /**
   * Resolves when the request is decided or expires, or with 'timeout' after `timeoutMs`
   * (or when `signal` aborts, e.g. Envoy cancelled the check). Never polls.
   */
  waitForOutcome(id: string, timeoutMs: number, signal?: AbortSignal): Promise<ApprovalOutcome>;
  /**
   * Records a vote. Enforces: approver in the rule's groups (PermissionDenied), not the
   * requester (PermissionDenied), not twice by one approver (Conflict), request still pending
   * (Conflict), unknown id (NotFound). Creates the grant when the last needed approval arrives.
   */
  decide(id: string, input: DecideInput): Promise<ApprovalRequest>;
  get(id: string): Promise<ApprovalRequest | undefined>;
  list(filter?: { status?: ApprovalRequest['status'] }): Promise<ApprovalRequest[]>;
  /**
   * Calls `listener` when any replica creates, votes on, decides or expires a request (Redis:
   * the same pub/sub channel the waits use). Carries ids only: a watcher reads the request
   * itself, so what it shows is what `get` and `list` return. Returns the unsubscribe function.
   */
  watch(listener: (change: ApprovalChange) => void): () => void;
  ping(): Promise<void>;
  close(): Promise<void>;
}
