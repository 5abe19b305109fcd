import { createHash } from 'node:crypto';

/** A key set that says which version of itself is in use (`JwksCache`). */
export interface VersionedKeySet {
  /** Undefined when the keys are due for a refresh (or unknown). */
  freshGeneration(): number | undefined;
}

/** What a successful verification leaves behind, enough to accept the same token again. */
export interface VerifiedToken<T> {
  verification: T;
  /** The token's `exp`, seconds since the epoch. */
  exp: number;
  /** The token's `nbf`, when it has one. */
  nbf?: number;
  /** Which issuer's key set checked the signature, and that set's generation then. */
  keySet: VersionedKeySet;
  keysGeneration: number;
}

/**
 * Tokens whose signature was already checked, so the same token is not verified again on every
 * request. Bounded (least recently used goes first) and keyed by the SHA-256 of the token, so the
 * cache never holds a bearer credential itself. Whether an entry is still good (expiry, key set
 * unchanged) is for the caller to judge: this only stores.
 */
export class VerifiedTokenCache<T> {
  private readonly entries = new Map<string, VerifiedToken<T>>();

  constructor(private readonly maxEntries: number) {}

  /** The cache key of a token: its SHA-256, base64url. */
  static keyOf(token: string): string {
    return createHash('sha256').update(token).digest('base64url');
  }

  get(key: string): VerifiedToken<T> | undefined {
    const entry = this.entries.get(key);
    if (entry === undefined) return undefined;
    // Re-inserting moves the entry to the young end of the Map's insertion order.
    this.entries.delete(key);
    this.entries.set(key, entry);
    return entry;
  }

  set(key: string, entry: VerifiedToken<T>): void {
    if (this.maxEntries <= 0) return;
    this.entries.delete(key);
    this.entries.set(key, entry);
    if (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next();
      if (oldest.done !== true) this.entries.delete(oldest.value);
    }
  }

  delete(key: string): void {
    this.entries.delete(key);
  }

  get size(): number {
    return this.entries.size;
  }
}
