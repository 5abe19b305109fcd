/** The workload (AI agent) calling through the mesh, from its SPIFFE ID. */
export interface AgentIdentity {
  /** The full principal, e.g. `spiffe://cluster.local/ns/agents/sa/coder`. */
  principal: string;
  trustDomain?: string;
  namespace?: string;
  serviceAccount?: string;
}

/** The human on whose behalf the agent acts, from a verified OIDC JWT. */
export interface UserIdentity {
  subject: string;
  issuer: string;
  email?: string;
  name?: string;
  groups: readonly string[];
  /** Where the claims came from: verified here, or already verified by Envoy's jwt_authn. */
  source: 'jwt' | 'envoy_jwt_authn';
}

/** Why a user identity is missing; itself a policy input. */
export type IdentityProblem =
  | 'missing'
  | 'malformed'
  | 'expired'
  | 'not_yet_valid'
  | 'bad_signature'
  | 'unknown_key'
  | 'wrong_issuer'
  | 'wrong_audience'
  | 'unsupported_algorithm'
  | 'jwks_unavailable';

export interface ResolvedIdentity {
  agent?: AgentIdentity;
  user?: UserIdentity;
  /** Set when a token was presented (or required) but no user could be established. */
  userProblem?: IdentityProblem;
}
