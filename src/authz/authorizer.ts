import type { AccessRequest } from './access-request.js';
import type { AuthzOutcome } from './authz-outcome.js';

/**
 * Tells a decision that Envoy gave up on its check. Only a hold that waits for a human asks for
 * the signal, so the checks that decide at once allocate nothing for cancellation.
 */
export interface CheckCancellation {
  /** The same signal on every call; already aborted if the check was cancelled before. */
  signal(): AbortSignal;
}

/**
 * Decides one request. Implementations never throw: infrastructure failures are turned into
 * a decision (fail closed by default) in one place, `decideOnFailure`.
 */
export interface Authorizer {
  /** `cancellation` fires when Envoy gives up on the check (e.g. a held request's deadline). */
  authorize(request: AccessRequest, cancellation: CheckCancellation): Promise<AuthzOutcome>;
}
