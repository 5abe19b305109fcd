import type { AccessRequest } from '../authz/access-request.js';
import { extractBearerToken } from './bearer-token.js';
import { userFromClaims } from './claims.js';
import type { ResolvedIdentity } from './identity.js';
import type { JwtVerifier } from './jwt-verifier.js';
import { parseSpiffeId } from './spiffe-id.js';

export interface IdentityResolverOptions {
  /** Absent when no issuers are configured: every presented token is then `wrong_issuer`. */
  verifier?: JwtVerifier;
  /** Lower-cased header carrying the user token. @default 'authorization' */
  tokenHeader?: string;
  /** Take the user from claims Envoy's jwt_authn already verified (`AccessRequest.verifiedJwtClaims`). @default false */
  trustEnvoyJwtAuthn?: boolean;
  /** @default 'groups' */
  groupsClaim?: string;
}

export interface IdentityResolver {
  resolve(request: AccessRequest): Promise<ResolvedIdentity>;
}

/** Agent from the mTLS principal, user from a verified JWT; problems are reported, never thrown. */
export function createIdentityResolver(options: IdentityResolverOptions): IdentityResolver {
  const tokenHeader = (options.tokenHeader ?? 'authorization').toLowerCase();
  const groupsClaim = options.groupsClaim ?? 'groups';
  const trustEnvoy = options.trustEnvoyJwtAuthn ?? false;
  return {
    async resolve(request: AccessRequest): Promise<ResolvedIdentity> {
      const identity: ResolvedIdentity = {};
      const principal = request.source.principal;
      if (principal !== undefined && principal.length > 0) identity.agent = parseSpiffeId(principal);

      if (trustEnvoy && request.verifiedJwtClaims !== undefined) {
        const user = userFromClaims(request.verifiedJwtClaims, groupsClaim, 'envoy_jwt_authn');
        if (user) identity.user = user;
        else identity.userProblem = 'malformed';
        return identity;
      }
      const token = extractBearerToken(request.http.headers[tokenHeader]);
      if (token === undefined) {
        identity.userProblem = 'missing';
        return identity;
      }
      if (options.verifier === undefined) {
        identity.userProblem = 'wrong_issuer';
        return identity;
      }
      const verified = await options.verifier.verify(token);
      if ('user' in verified) identity.user = verified.user;
      else identity.userProblem = verified.problem;
      return identity;
    },
  };
}
