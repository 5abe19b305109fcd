/** Who a grant is for. At least one of the two is set; both must match when both are set. */
export interface GrantSubject {
  /** The user's `sub` (OIDC subject). */
  user?: string;
  /** The agent's SPIFFE principal. */
  agent?: string;
}

/**
 * How a scope's destinations and paths are read.
 * - `glob` (admin-issued): an empty list means "any"; paths are globs (`*` one segment, `**`
 *   any), destinations globs on the host without port.
 * - `exact` (what approving a held request creates): one destination (the authority, port
 *   kept, lower-cased), one method and one path, each compared literally whatever characters
 *   it holds, plus the keyed hash of the held command when `commandHash` is set.
 */
export type GrantMatch = 'glob' | 'exact';

/** What a grant covers. */
export interface GrantScope {
  /** @default 'glob' */
  match?: GrantMatch;
  destinations: string[];
  methods: string[];
  paths: string[];
  /** Command kinds as produced by `commandKinds()`, e.g. `sql:select`, `rest:get`. */
  commandKinds: string[];
  /** `exact` only: keyed hash of the raw command (for REST: method, authority, path and query). */
  commandHash?: string;
}

export interface Grant {
  id: string;
  subject: GrantSubject;
  scope: GrantScope;
  reason: string;
  /** Subjects of the approvers (or of the admin who issued it). */
  approvedBy: string[];
  createdAt: number;
  expiresAt: number;
  /** Remaining uses for limited grants; undefined means unlimited until expiry. */
  usesLeft?: number;
  /** One-time grants created by approving a held request are bound to that request's fingerprint. */
  fingerprint?: string;
  approvalId?: string;
}

export interface NewGrant {
  subject: GrantSubject;
  scope: GrantScope;
  reason: string;
  approvedBy: string[];
  /** Requested life in milliseconds; refused when above the configured maximum. */
  ttlMs: number;
  maxUses?: number;
  fingerprint?: string;
  approvalId?: string;
}

/** The request facts a grant is matched against on the hot path. */
export interface GrantLookup {
  subject: GrantSubject;
  destination: string;
  method: string;
  path: string;
  commandKinds: string[];
  /** Fingerprint of the exact request (see `src/authz/request-fingerprint.ts`). */
  fingerprint: string;
  /** Keyed hash of the raw command; `exact` grants with a `commandHash` need it equal. */
  commandHash?: string;
}
