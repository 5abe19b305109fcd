import type { ResolvedIdentity } from '../identity/identity.js';
import type { MaskingEngine } from '../masking/masking-engine.js';
import type { PolicyInput, PolicyVerdict } from '../policy/policy-types.js';
import type { AccessRequest } from './access-request.js';

/** The parts of other components the authorizer uses, as it sees them. */

export interface IdentityPort {
  resolve(request: AccessRequest): Promise<ResolvedIdentity>;
}

/** The policy in force right now (hot reload swaps it underneath). */
export interface PolicyPort {
  evaluate(input: PolicyInput): PolicyVerdict;
}

/** Masks the command text recorded in audit events and approvals. */
export type TextMaskingPort = Pick<MaskingEngine, 'maskText'>;
