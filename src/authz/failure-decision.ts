import { ErrorCode, WardgateError } from '../errors/wardgate-error.js';
import type { decisionFailureSteps } from '../metrics/wardgate-metrics.js';

export type FailureMode = 'closed' | 'open';

export interface FailureDecision {
  enforce: 'allow' | 'deny';
  status: number;
  /** PHI-free reason for the client and the audit. */
  reason: string;
}

/** Dependencies that can fail (Redis, Kafka, JWKS) and Wardgate's own decision steps. */
export type FailureSource = 'grant_store' | 'approvals' | 'audit' | 'identity' | DecisionStep;
/** Steps of the decision itself: identity resolution, command classification, policy evaluation. */
export type DecisionStep = (typeof decisionFailureSteps)[number];
const internalSteps: ReadonlySet<FailureSource> = new Set<DecisionStep>(['resolve_identity', 'classify_command', 'evaluate_policy']);

/**
 * The one place where a failure of a dependency becomes a decision. Fail closed unless the
 * operator chose otherwise for that dependency; internal bugs always fail closed.
 */
export function decideOnFailure(dependency: FailureSource, err: unknown, mode: FailureMode): FailureDecision {
  const error = WardgateError.from(err);
  // Wardgate's own steps have no "open" mode: a bug there must never let a request through unread.
  if (internalSteps.has(dependency)) return { enforce: 'deny', status: 500, reason: 'internal_error' };
  const reason =
    error.code === ErrorCode.Unavailable || error.code === ErrorCode.DeadlineExceeded || error.code === ErrorCode.ResourceExhausted
      ? `${dependency}_unavailable`
      : `${dependency}_error`;
  if (mode === 'open' && error.code !== ErrorCode.Internal) return { enforce: 'allow', status: 200, reason };
  return { enforce: 'deny', status: 503, reason };
}
