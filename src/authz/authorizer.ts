import type { AccessRequest } from './access-request.js';
import type { AuthzOutcome } from './authz-outcome.js';

/**
 * Decides one request. Implementations never throw: infrastructure failures are turned into
 * a decision (fail closed by default) in one place, `decideOnFailure`.
 */
export interface Authorizer {
  /** `signal` aborts when Envoy gives up on the check (e.g. a held request's deadline). */
  authorize(request: AccessRequest, signal: AbortSignal): Promise<AuthzOutcome>;
}
