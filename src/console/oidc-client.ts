import { createHash, randomBytes } from 'node:crypto';
import type { Clock } from '../clock/clock.js';
import { ErrorCode, WardgateError } from '../errors/wardgate-error.js';
import { createJwtVerifier, type JwtVerifier } from '../identity/jwt-verifier.js';
import type { Logger } from '../logging/logger.js';
import type { ConsoleUser } from './console-session.js';

export interface OidcClientOptions {
  issuer: string;
  clientId: string;
  clientSecret: string;
  redirectUrl: string;
  scopes: readonly string[];
  /** The claim the admin API reads groups from (`identity.groupsClaim`). */
  groupsClaim: string;
  clockSkewMs: number;
  clock: Clock;
  logger: Logger;
  fetch?: typeof fetch;
  /** @default 5000 */
  timeoutMs?: number;
}

interface Discovery {
  authorizationEndpoint: string;
  tokenEndpoint: string;
  jwksUri: string;
}

/** A random value for state, nonce, PKCE verifier and ids: 32 bytes, base64url. */
export function randomToken(): string {
  return randomBytes(32).toString('base64url');
}

/** RFC 7636 S256: BASE64URL(SHA256(verifier)). */
export function pkceChallenge(verifier: string): string {
  return createHash('sha256').update(verifier).digest('base64url');
}

// Discovery documents and token responses are small; a bigger answer is refused unread.
const maxResponseBytes = 256 * 1024;

/**
 * The console as an OpenID Connect relying party: authorization code flow with PKCE (S256),
 * state and nonce, client_secret_basic at the token endpoint, and the ID token verified with the
 * project's JWT verifier against the issuer's JWKS (issuer, audience = client id, signature,
 * expiry), then its nonce. Discovery is read on first use, so Wardgate starts while the IdP is down.
 */
export class OidcClient {
  private discovery?: Promise<Discovery>;
  private verifier?: JwtVerifier;

  constructor(private readonly options: OidcClientOptions) {}

  /** Where to send the browser to sign in. */
  async authorizationUrl(login: { state: string; nonce: string; codeVerifier: string }): Promise<string> {
    const { authorizationEndpoint } = await this.discover();
    const url = new URL(authorizationEndpoint);
    url.searchParams.set('response_type', 'code');
    url.searchParams.set('client_id', this.options.clientId);
    url.searchParams.set('redirect_uri', this.options.redirectUrl);
    url.searchParams.set('scope', this.options.scopes.join(' '));
    url.searchParams.set('state', login.state);
    url.searchParams.set('nonce', login.nonce);
    url.searchParams.set('code_challenge', pkceChallenge(login.codeVerifier));
    url.searchParams.set('code_challenge_method', 'S256');
    return url.href;
  }

  /** Redeems the code and returns the user the verified ID token names. Throws Unauthenticated. */
  async redeem(code: string, login: { nonce: string; codeVerifier: string }): Promise<ConsoleUser> {
    const { tokenEndpoint } = await this.discover();
    const body = new URLSearchParams({ grant_type: 'authorization_code', code, redirect_uri: this.options.redirectUrl, code_verifier: login.codeVerifier });
    const basic = Buffer.from(`${encodeURIComponent(this.options.clientId)}:${encodeURIComponent(this.options.clientSecret)}`).toString('base64');
    const answer = await this.getJson(tokenEndpoint, {
      method: 'POST',
      headers: { authorization: `Basic ${basic}`, 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body: body.toString(),
    }, 'token endpoint');
    const idToken = (answer as { id_token?: unknown }).id_token;
    if (typeof idToken !== 'string') throw new WardgateError(ErrorCode.Unauthenticated, 'the token endpoint returned no ID token');
    const verified = await (await this.idTokenVerifier()).verify(idToken);
    if (!('user' in verified)) throw new WardgateError(ErrorCode.Unauthenticated, `ID token refused (${verified.problem})`);
    const { claims, user } = verified;
    if (claims.nonce !== login.nonce) throw new WardgateError(ErrorCode.Unauthenticated, 'ID token refused (nonce does not match)');
    // With several audiences, OIDC Core 3.1.3.7 says the authorized party must be this client.
    if (Array.isArray(claims.aud) && claims.aud.length > 1 && claims.azp !== this.options.clientId) {
      throw new WardgateError(ErrorCode.Unauthenticated, 'ID token refused (azp is not this client)');
    }
    return { subject: user.subject, groups: [...user.groups], ...(user.name !== undefined ? { name: user.name } : {}), ...(user.email !== undefined ? { email: user.email } : {}) };
  }

  private async idTokenVerifier(): Promise<JwtVerifier> {
    if (this.verifier) return this.verifier;
    const { jwksUri } = await this.discover();
    this.verifier = createJwtVerifier({
      issuers: [{ issuer: this.options.issuer, jwksUri, audiences: [this.options.clientId] }],
      groupsClaim: this.options.groupsClaim,
      clockSkewMs: this.options.clockSkewMs,
      // One sign-in per token: nothing to gain from remembering them.
      verifiedTokenCacheSize: 0,
      clock: this.options.clock,
      logger: this.options.logger,
      ...(this.options.fetch ? { fetch: this.options.fetch } : {}),
    });
    return this.verifier;
  }

  private discover(): Promise<Discovery> {
    this.discovery ??= this.fetchDiscovery().catch((error: unknown) => {
      // Try again on the next sign-in instead of remembering the failure.
      this.discovery = undefined;
      throw error;
    });
    return this.discovery;
  }

  private async fetchDiscovery(): Promise<Discovery> {
    const url = `${this.options.issuer.replace(/\/+$/, '')}/.well-known/openid-configuration`;
    const doc = (await this.getJson(url, { headers: { accept: 'application/json' } }, 'discovery')) as Record<string, unknown>;
    // OIDC Discovery 4.3: the document must name exactly the issuer it was fetched for.
    if (doc.issuer !== this.options.issuer) throw new WardgateError(ErrorCode.Unavailable, 'OIDC discovery names another issuer');
    const authorizationEndpoint = doc.authorization_endpoint;
    const tokenEndpoint = doc.token_endpoint;
    const jwksUri = doc.jwks_uri;
    if (typeof authorizationEndpoint !== 'string' || typeof tokenEndpoint !== 'string' || typeof jwksUri !== 'string') {
      throw new WardgateError(ErrorCode.Unavailable, 'OIDC discovery lacks authorization_endpoint, token_endpoint or jwks_uri');
    }
    return { authorizationEndpoint, tokenEndpoint, jwksUri };
  }

  private async getJson(url: string, init: RequestInit, what: string): Promise<unknown> {
    let response: Response;
    try {
      response = await (this.options.fetch ?? globalThis.fetch)(url, { ...init, redirect: 'error', signal: AbortSignal.timeout(this.options.timeoutMs ?? 5_000) });
    } catch (cause) {
      throw new WardgateError(ErrorCode.Unavailable, `OIDC ${what} unreachable`, { cause });
    }
    const text = await response.text();
    if (text.length > maxResponseBytes) throw new WardgateError(ErrorCode.Unavailable, `OIDC ${what} answer too large`);
    if (!response.ok) {
      // The IdP's error code (invalid_grant, ...) helps operators; its description may echo input, so it is left out.
      const code = safeErrorCode(text);
      throw new WardgateError(response.status >= 500 ? ErrorCode.Unavailable : ErrorCode.Unauthenticated, `OIDC ${what} answered HTTP ${response.status}${code ? ` (${code})` : ''}`);
    }
    try {
      return JSON.parse(text) as unknown;
    } catch {
      throw new WardgateError(ErrorCode.Unavailable, `OIDC ${what} answer is not JSON`);
    }
  }
}

function safeErrorCode(text: string): string | undefined {
  try {
    const code = (JSON.parse(text) as { error?: unknown }).error;
    return typeof code === 'string' && /^[a-z_]{1,64}$/.test(code) ? code : undefined;
  } catch {
    return undefined;
  }
}
