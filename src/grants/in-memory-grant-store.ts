import type { Clock } from '../clock/clock.js';
import type { Grant, GrantLookup, GrantSubject, NewGrant } from './grant.js';
import { grantCovers, subjectMatchesFilter } from './grant-matcher.js';
import type { GrantStore } from './grant-store.js';
import { DEFAULT_GRANT_MAX_TTL_MS, randomId, validateNewGrant } from './grant-validation.js';

export interface InMemoryGrantStoreOptions {
  clock: Clock;
  /** @default 8h */
  maxTtlMs?: number;
}

/**
 * The embedded default (one replica) and the reference behaviour for tests. Same semantics as
 * the Redis store: expiry by `expiresAt` against the injected clock, the first covering
 * unlimited grant wins over limited ones (using it costs nothing), then the limited grant that
 * expires first gives up one use, and a grant whose last use is taken is gone.
 */
export class InMemoryGrantStore implements GrantStore {
  private readonly grants = new Map<string, Grant>();
  private readonly clock: Clock;
  private readonly maxTtlMs: number;

  constructor(options: InMemoryGrantStoreOptions) {
    this.clock = options.clock;
    this.maxTtlMs = options.maxTtlMs ?? DEFAULT_GRANT_MAX_TTL_MS;
  }

  issue(input: NewGrant): Promise<Grant> {
    try {
      validateNewGrant(input, this.maxTtlMs);
    } catch (err) {
      return Promise.reject(err as Error);
    }
    const createdAt = this.clock.now();
    const grant: Grant = {
      id: randomId(),
      subject: { ...input.subject },
      scope: structuredClone(input.scope),
      reason: input.reason,
      approvedBy: [...input.approvedBy],
      createdAt,
      expiresAt: createdAt + input.ttlMs,
      ...(input.maxUses !== undefined ? { usesLeft: input.maxUses } : {}),
      ...(input.fingerprint !== undefined ? { fingerprint: input.fingerprint } : {}),
      ...(input.approvalId !== undefined ? { approvalId: input.approvalId } : {}),
    };
    this.grants.set(grant.id, grant);
    return Promise.resolve(structuredClone(grant));
  }

  useMatching(lookup: GrantLookup): Promise<Grant | undefined> {
    const candidates = this.live()
      .filter((g) => grantCovers(g, lookup))
      .sort((a, b) => a.expiresAt - b.expiresAt);
    const unlimited = candidates.find((g) => g.usesLeft === undefined);
    if (unlimited) return Promise.resolve(structuredClone(unlimited));
    const limited = candidates.find((g) => (g.usesLeft ?? 0) > 0);
    if (!limited) return Promise.resolve(undefined);
    const usesLeft = (limited.usesLeft ?? 1) - 1;
    if (usesLeft === 0) this.grants.delete(limited.id);
    else limited.usesLeft = usesLeft;
    return Promise.resolve({ ...structuredClone(limited), usesLeft });
  }

  get(id: string): Promise<Grant | undefined> {
    const grant = this.alive(id);
    return Promise.resolve(grant ? structuredClone(grant) : undefined);
  }

  list(filter: { subject?: GrantSubject } = {}): Promise<Grant[]> {
    const result = this.live().filter((g) => subjectMatchesFilter(g.subject, filter.subject));
    return Promise.resolve(result.sort((a, b) => a.createdAt - b.createdAt).map((g) => structuredClone(g)));
  }

  revoke(id: string): Promise<boolean> {
    const grant = this.alive(id);
    this.grants.delete(id);
    return Promise.resolve(grant !== undefined);
  }

  ping(): Promise<void> {
    return Promise.resolve();
  }

  close(): Promise<void> {
    return Promise.resolve();
  }

  private alive(id: string): Grant | undefined {
    const grant = this.grants.get(id);
    if (grant && grant.expiresAt <= this.clock.now()) {
      this.grants.delete(id);
      return undefined;
    }
    return grant;
  }

  private live(): Grant[] {
    const now = this.clock.now();
    const result: Grant[] = [];
    for (const [id, grant] of this.grants) {
      if (grant.expiresAt <= now) this.grants.delete(id);
      else result.push(grant);
    }
    return result;
  }
}
