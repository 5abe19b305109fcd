import { decodeJwt, decodeProtectedHeader, errors, jwtVerify, type JWTPayload, type JWTVerifyOptions } from 'jose';
import type { Clock } from '../clock/clock.js';
import { ErrorCode, WardgateError } from '../errors/wardgate-error.js';
import type { Logger } from '../logging/logger.js';
import { userFromClaims } from './claims.js';
import type { IdentityProblem, UserIdentity } from './identity.js';
import { JwksCache, type KeyPin } from './jwks-cache.js';
import { VerifiedTokenCache, type VerifiedToken } from './verified-token-cache.js';

export interface JwtIssuerOptions {
  /** Exact `iss` value. */
  issuer: string;
  jwksUri: string;
  /** Accepted `aud` values; the token must name at least one. */
  audiences: string[];
}

export interface JwtVerifierOptions {
  issuers: JwtIssuerOptions[];
  /** Claim holding the user's groups; dotted paths allowed (`realm_access.roles`). @default 'groups' */
  groupsClaim?: string;
  /** Tolerated clock difference for `exp`/`nbf`. At most 5 minutes. @default 60_000 */
  clockSkewMs?: number;
  /** Accepted signature algorithms; `none` and HMAC (`HS*`) are refused. @default ['RS256','ES256','PS256','EdDSA'] */
  algorithms?: string[];
  /** How long JWKS keys are used before a refresh. @default 600_000 */
  jwksCacheMs?: number;
  /** Minimum time between two JWKS fetches of one issuer (unknown `kid`s, failures). @default 30_000 */
  jwksCooldownMs?: number;
  /**
   * How many verified tokens are remembered (by SHA-256), so the same token is not verified
   * again until it expires or the issuer's key set changes. 0 turns the cache off. @default 4096
   */
  verifiedTokenCacheSize?: number;
  /** Timeout for one JWKS fetch. @default 5_000 */
  timeoutMs?: number;
  clock: Clock;
  fetch?: typeof fetch;
  logger?: Logger;
  /** Told the outcome of every JWKS fetch, by the issuer's index in `issuers`. */
  onJwksFetch?: (issuerIndex: number, ok: boolean) => void;
  /** Wraps every JWKS fetch of the issuer at `issuerIndex` (tracing). */
  traceJwksFetch?: (issuerIndex: number, work: () => Promise<void>) => Promise<void>;
}

export type JwtVerification =
  | { user: UserIdentity; claims: Readonly<JWTPayload> }
  | { problem: IdentityProblem };

export interface JwtVerifier {
  /** Verifies a compact JWS token. Never throws, never waits longer than the JWKS fetch timeout. */
  verify(token: string): Promise<JwtVerification>;
}

export const defaultJwtAlgorithms: readonly string[] = ['RS256', 'ES256', 'PS256', 'EdDSA'];
const supportedAlgorithms = new Set([
  'RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA', 'Ed25519',
]);
export const maxClockSkewMs = 5 * 60_000;
// Real ID/access tokens are a few KiB; anything far larger is not worth decoding.
const maxTokenLength = 16 * 1024;

/** Validates options and builds a verifier holding one JWKS cache per issuer. */
export function createJwtVerifier(options: JwtVerifierOptions): JwtVerifier {
  const algorithms = options.algorithms ?? [...defaultJwtAlgorithms];
  for (const algorithm of algorithms) {
    if (!supportedAlgorithms.has(algorithm)) {
      throw new WardgateError(ErrorCode.InvalidArgument, `unsupported JWT algorithm "${algorithm}": only asymmetric algorithms (RS*, PS*, ES*, EdDSA) are allowed`);
    }
  }
  if (algorithms.length === 0) throw new WardgateError(ErrorCode.InvalidArgument, 'at least one JWT algorithm is required');
  const clockSkewMs = options.clockSkewMs ?? 60_000;
  if (!(clockSkewMs >= 0 && clockSkewMs <= maxClockSkewMs)) {
    throw new WardgateError(ErrorCode.InvalidArgument, `clockSkewMs must be between 0 and ${maxClockSkewMs}`);
  }
  const seen = new Set<string>();
  const issuers = new Map<string, { options: JwtIssuerOptions; keys: JwksCache }>();
  for (const [index, issuer] of options.issuers.entries()) {
    if (seen.has(issuer.issuer)) throw new WardgateError(ErrorCode.InvalidArgument, `duplicate JWT issuer "${issuer.issuer}"`);
    seen.add(issuer.issuer);
    if (issuer.audiences.length === 0) throw new WardgateError(ErrorCode.InvalidArgument, `JWT issuer "${issuer.issuer}" needs at least one audience`);
    const keys = new JwksCache({
      jwksUri: issuer.jwksUri,
      cacheMs: options.jwksCacheMs ?? 600_000,
      cooldownMs: options.jwksCooldownMs ?? 30_000,
      timeoutMs: options.timeoutMs ?? 5_000,
      clock: options.clock,
      fetch: options.fetch ?? globalThis.fetch,
      logger: options.logger,
      ...(options.onJwksFetch ? { onFetch: (ok: boolean) => options.onJwksFetch?.(index, ok) } : {}),
      ...(options.traceJwksFetch ? { trace: (work: () => Promise<void>) => options.traceJwksFetch!(index, work) } : {}),
    });
    issuers.set(issuer.issuer, { options: issuer, keys });
  }
  const cache = new VerifiedTokenCache<Verified>(options.verifiedTokenCacheSize ?? 4096);
  return new JoseJwtVerifier(issuers, new Set(algorithms), clockSkewMs, options.groupsClaim ?? 'groups', options.clock, cache);
}

type Verified = Extract<JwtVerification, { user: UserIdentity }>;

class JoseJwtVerifier implements JwtVerifier {
  constructor(
    private readonly issuers: ReadonlyMap<string, { options: JwtIssuerOptions; keys: JwksCache }>,
    private readonly algorithms: ReadonlySet<string>,
    private readonly clockSkewMs: number,
    private readonly groupsClaim: string,
    private readonly clock: Clock,
    private readonly cache: VerifiedTokenCache<Verified>,
  ) {}

  async verify(token: string): Promise<JwtVerification> {
    if (typeof token !== 'string' || token.length === 0 || token.length > maxTokenLength) return { problem: 'malformed' };
    const key = VerifiedTokenCache.keyOf(token);
    const cached = this.cache.get(key);
    if (cached !== undefined) {
      if (this.stillGood(cached)) return cached.verification;
      this.cache.delete(key);
    }
    const pin: KeyPin = {};
    try {
      const verified = await this.verifyOrThrow(token, pin);
      if ('user' in verified && pin.generation !== undefined) this.remember(key, verified, pin.generation);
      return verified;
    } catch (error) {
      return { problem: problemFor(error) };
    }
  }

  /**
   * A remembered token is accepted again only while jose would accept it now (the same `exp`
   * and `nbf` arithmetic, skew included) and while its issuer's key set is fresh and unchanged
   * since; otherwise it is verified again from scratch (and answers expired, unknown_key, ...).
   */
  private stillGood(entry: VerifiedToken<Verified>): boolean {
    const now = Math.floor(this.clock.now() / 1000);
    const tolerance = Math.floor(this.clockSkewMs / 1000);
    if (entry.exp <= now - tolerance) return false;
    if (entry.nbf !== undefined && entry.nbf > now + tolerance) return false;
    return entry.keySet.freshGeneration() === entry.keysGeneration;
  }

  /** Pinned to the key set generation the key came from: if the set has moved on since, the entry is void. */
  private remember(key: string, verified: Verified, generation: number): void {
    const { claims } = verified;
    const issuer = typeof claims.iss === 'string' ? this.issuers.get(claims.iss) : undefined;
    // `exp` is required by verification, so it is there; the guard keeps the types honest.
    if (issuer === undefined || typeof claims.exp !== 'number') return;
    this.cache.set(key, {
      verification: { user: Object.freeze(verified.user), claims },
      exp: claims.exp,
      nbf: typeof claims.nbf === 'number' ? claims.nbf : undefined,
      keySet: issuer.keys,
      keysGeneration: generation,
    });
  }

  private async verifyOrThrow(token: string, pin: KeyPin): Promise<JwtVerification> {
    // decode* throw on garbage; those errors map to `malformed`.
    const header = decodeProtectedHeader(token);
    if (typeof header.alg !== 'string') return { problem: 'malformed' };
    if (!this.algorithms.has(header.alg)) return { problem: 'unsupported_algorithm' };
    const unverified = decodeJwt(token);
    // The unverified `iss` only picks which keys to check the signature with.
    const issuer = typeof unverified.iss === 'string' ? this.issuers.get(unverified.iss) : undefined;
    if (issuer === undefined) return { problem: 'wrong_issuer' };
    const verifyOptions: JWTVerifyOptions = {
      issuer: issuer.options.issuer,
      audience: issuer.options.audiences,
      algorithms: [...this.algorithms],
      clockTolerance: Math.floor(this.clockSkewMs / 1000),
      currentDate: new Date(this.clock.now()),
      requiredClaims: ['exp', 'sub'],
    };
    const { payload } = await jwtVerify(token, (h, t) => issuer.keys.getKey(h, t, pin), verifyOptions).catch(async (error: unknown) => {
      if (!(error instanceof errors.JWKSMultipleMatchingKeys)) throw error;
      return verifyWithCandidates(token, error, verifyOptions);
    });
    const user = userFromClaims(payload as Record<string, unknown>, this.groupsClaim, 'jwt');
    if (user === undefined) return { problem: 'malformed' };
    return { user, claims: Object.freeze(payload) };
  }
}

// A key set whose keys carry no `kid` can match several keys: try each, first valid signature wins.
async function verifyWithCandidates(token: string, multiple: errors.JWKSMultipleMatchingKeys, options: JWTVerifyOptions) {
  let lastError: unknown = multiple;
  for await (const key of multiple) {
    try {
      return await jwtVerify(token, key, options);
    } catch (error) {
      if (!(error instanceof errors.JWSSignatureVerificationFailed)) throw error;
      lastError = error;
    }
  }
  throw lastError;
}

/** Maps jose (and JWKS fetch) failures to the closed set of identity problems. */
export function problemFor(error: unknown): IdentityProblem {
  if (error instanceof WardgateError) return error.code === ErrorCode.Unavailable ? 'jwks_unavailable' : 'malformed';
  const code = (error as { code?: unknown } | null)?.code;
  switch (code) {
    case 'ERR_JWT_EXPIRED':
      return 'expired';
    case 'ERR_JWT_CLAIM_VALIDATION_FAILED': {
      const claim = (error as errors.JWTClaimValidationFailed).claim;
      if (claim === 'nbf') return 'not_yet_valid';
      if (claim === 'iss') return 'wrong_issuer';
      if (claim === 'aud') return 'wrong_audience';
      return 'malformed';
    }
    case 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED':
      return 'bad_signature';
    case 'ERR_JWKS_NO_MATCHING_KEY':
    case 'ERR_JWKS_MULTIPLE_MATCHING_KEYS':
      return 'unknown_key';
    case 'ERR_JOSE_ALG_NOT_ALLOWED':
    case 'ERR_JOSE_NOT_SUPPORTED':
      return 'unsupported_algorithm';
    case 'ERR_JWKS_INVALID':
    case 'ERR_JWKS_TIMEOUT':
      return 'jwks_unavailable';
    default:
      return 'malformed';
  }
}
