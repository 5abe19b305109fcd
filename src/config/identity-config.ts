import { z } from 'zod';
import { durationMs } from './duration.js';

/** `identity:` — how the human behind an agent is established. */
export const identityConfigSchema = z.strictObject({
  /** Trusted OIDC issuers. Empty: no user tokens are accepted (every request is unauthenticated). */
  issuers: z
    .array(
      z.strictObject({
        issuer: z.string().url(),
        jwksUri: z.string().url(),
        audiences: z.array(z.string().min(1)).min(1),
      }),
    )
    .default([]),
  /** @default authorization — header carrying the user's token ('Bearer ' stripped). */
  tokenHeader: z.string().min(1).toLowerCase().default('authorization'),
  /** @default groups — claim holding the groups; dotted paths allowed (realm_access.roles). */
  groupsClaim: z.string().min(1).default('groups'),
  /** @default 60s — at most 5m. */
  clockSkew: durationMs.default(60_000).refine((ms) => ms <= 300_000, 'clock skew above 5m is not allowed'),
  /** @default 10m */
  jwksCacheTtl: durationMs.default(600_000),
  /** @default 5s */
  jwksTimeout: durationMs.default(5_000),
  /** @default 30s — least time between two JWKS fetches of one issuer (unknown `kid`s, failed fetches). */
  jwksCooldown: durationMs.default(30_000),
  /** @default [RS256, ES256, PS256, EdDSA] — accepted signature algorithms; `none` and HMAC (HS*) are refused. */
  algorithms: z
    .array(z.enum(['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA', 'Ed25519'], {
      error: (issue) => `unsupported JWT algorithm ${JSON.stringify(issue.input)}: only asymmetric algorithms (RS*, PS*, ES*, EdDSA)`,
    }))
    .min(1)
    .default(['RS256', 'ES256', 'PS256', 'EdDSA']),
  /** @default false — accept claims Envoy's jwt_authn already verified (forwarded as metadata). */
  trustEnvoyJwtAuthn: z.boolean().default(false),
});

export type IdentityConfig = z.output<typeof identityConfigSchema>;
