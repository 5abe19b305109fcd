import { ErrorCode, WardgateError } from '../errors/wardgate-error.js';

export type FailureMode = 'closed' | 'open';

export interface FailureDecision {
  enforce: 'allow' | 'deny';
  status: number;
  /** PHI-free reason for the client and the audit. */
  reason: string;
}

/**
 * The one place where a failure of a dependency becomes a decision. Fail closed unless the
 * operator chose otherwise for that dependency; internal bugs always fail closed.
 */
export function decideOnFailure(dependency: 'grant_store' | 'approvals' | 'audit' | 'identity', err: unknown, mode: FailureMode): FailureDecision {
  const error = WardgateError.from(err);
  const reason =
    error.code === ErrorCode.Unavailable || error.code === ErrorCode.DeadlineExceeded || error.code === ErrorCode.ResourceExhausted
      ? `${dependency}_unavailable`
      : `${dependency}_error`;
  if (mode === 'open' && error.code !== ErrorCode.Internal) return { enforce: 'allow', status: 200, reason };
  return { enforce: 'deny', status: 503, reason };
}
