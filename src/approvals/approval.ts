export type ApprovalStatus = 'pending' | 'approved' | 'denied' | 'expired';

export interface ApprovalRequester {
  /** User subject; absent for unauthenticated calls (which policy normally denies). */
  user?: string;
  userGroups: string[];
  agent?: string;
}

export interface ApprovalVote {
  approver: string;
  verdict: 'approve' | 'deny';
  comment: string;
  at: number;
}

export interface ApprovalRequest {
  id: string;
  status: ApprovalStatus;
  requester: ApprovalRequester;
  /** The classified command with PHI masked; never the raw text. */
  command: string;
  commandKinds: string[];
  /** The authority as the request named it; the grant approving creates matches it literally. */
  destination: string;
  /** The authority as audit events and notifications record it (masked unless a host name). */
  recordedDestination?: string;
  method: string;
  path: string;
  /** Fingerprint of the held request; a one-time grant for a retry is bound to it. */
  fingerprint: string;
  /** Keyed hash of the raw held command; the grant approving creates is bound to it. */
  commandHash?: string;
  ruleId: string;
  reason: string;
  approverGroups: string[];
  approvalsRequired: number;
  /** How long the grant created on approval lives (policy's approval validity). */
  grantTtlMs: number;
  correlationId: string;
  createdAt: number;
  expiresAt: number;
  votes: ApprovalVote[];
  /** Set on approval: the grant created for the retry (respond-now holds) or time-boxed access. */
  grantId?: string;
}

export type NewApprovalRequest = Omit<ApprovalRequest, 'id' | 'status' | 'createdAt' | 'expiresAt' | 'votes' | 'grantId'> & {
  /** How long the request stays pending before it expires. */
  pendingTtlMs: number;
};

/** The final outcome a waiting hold observes. */
export type ApprovalOutcome = 'approved' | 'denied' | 'expired' | 'timeout';
