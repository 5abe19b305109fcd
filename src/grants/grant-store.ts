import type { Grant, GrantLookup, GrantSubject, NewGrant } from './grant.js';

/**
 * Where just-in-time grants live. Implementations: in-memory (embedded default, tests) and
 * Redis (single, Sentinel, Cluster). Expiry is the store's job (Redis TTL), not a sweeper's.
 * Failures to reach the backend throw WardgateError(Unavailable).
 */
export interface GrantStore {
  /** Refuses (InvalidArgument) a ttl above the maximum or a subject with neither user nor agent. */
  issue(grant: NewGrant): Promise<Grant>;
  /**
   * Finds a live grant covering the lookup and, if it is use-limited, consumes one use
   * atomically (two concurrent callers can never both consume the last use). One round trip.
   */
  useMatching(lookup: GrantLookup): Promise<Grant | undefined>;
  get(id: string): Promise<Grant | undefined>;
  list(filter?: { subject?: GrantSubject }): Promise<Grant[]>;
  /** Immediately effective on every replica. Returns false when no such live grant. */
  revoke(id: string): Promise<boolean>;
  /** Throws when the backend is unreachable; used by readiness. */
  ping(): Promise<void>;
  close(): Promise<void>;
}
