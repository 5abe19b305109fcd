import type { ResolvedIdentity } from '../identity/identity.js';
import type { MaskingSummary } from '../masking/masking-summary.js';
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

export interface TextMaskingPort {
  maskText(input: string, profile: string): { output: string; summary: MaskingSummary };
}
