import { Cluster } from 'ioredis';
import type { Clock } from '../clock/clock.js';
import type { Grant, GrantLookup, GrantSubject, NewGrant } from './grant.js';
import { exactAuthority, isAmbiguousPath, normalizeDestination, subjectMatchesFilter } from './grant-matcher.js';
import type { GrantStore } from './grant-store.js';
import { DEFAULT_GRANT_MAX_TTL_MS, validateNewGrant } from './grant-validation.js';
import type { RedisClient } from './redis-client.js';
import { callRedis, pingRedis, runRedisScript } from './redis-client.js';
import { GrantKeys } from './redis-grant-keys.js';
import { globToLuaPattern, issueGrantLua, revokeGrantLua, useGrantLua, type StoredMatcher } from './redis-grant-scripts.js';

export interface RedisGrantStoreOptions {
  client: RedisClient;
  clock: Clock;
  /** @default 'wardgate:' */
  keyPrefix?: string;
  /** @default 8h */
  maxTtlMs?: number;
  /** close() quits the client too (when the store owns it). @default false */
  ownsClient?: boolean;
}

/** Stored as `<matcher JSON>\n<grant JSON>` so that Lua decodes only the small matcher. */
function encode(grant: Omit<Grant, 'usesLeft'>, matcher: StoredMatcher): string {
  return `${JSON.stringify(matcher)}\n${JSON.stringify(grant)}`;
}

function parseStored(raw: string): { g: Omit<Grant, 'usesLeft'>; m: StoredMatcher } {
  const cut = raw.indexOf('\n');
  return { m: JSON.parse(raw.slice(0, cut)) as StoredMatcher, g: JSON.parse(raw.slice(cut + 1)) as Omit<Grant, 'usesLeft'> };
}


const commands = { use: 'wardgateGrantUse', issue: 'wardgateGrantIssue', revoke: 'wardgateGrantRevoke' } as const;

/**
 * Grants in Redis (single, Sentinel or Cluster). See `redis-grant-keys.ts` for the layout and
 * `redis-grant-scripts.ts` for the atomic scripts.
 *
 * Round trips of useMatching: one for a lookup with a user or an agent only; with both, one on
 * a single Redis or Sentinel (both index keys go to one script), and in a Cluster one for the
 * user's tag plus a second only when no user-level grant matched (the agent-only tag lives in
 * another slot). Grants created by approvals carry the user, so they are found in one trip.
 */
export class RedisGrantStore implements GrantStore {
  private readonly client: RedisClient;
  private readonly clock: Clock;
  private readonly keys: GrantKeys;
  private readonly maxTtlMs: number;
  private readonly ownsClient: boolean;
  private closed = false;

  constructor(options: RedisGrantStoreOptions) {
    this.client = options.client;
    this.clock = options.clock;
    this.keys = new GrantKeys(options.keyPrefix ?? 'wardgate:');
    this.maxTtlMs = options.maxTtlMs ?? DEFAULT_GRANT_MAX_TTL_MS;
    this.ownsClient = options.ownsClient ?? false;
    // Loaded once; ioredis sends EVALSHA and falls back to EVAL on NOSCRIPT (e.g. after a failover).
    this.client.defineCommand(commands.use, { lua: useGrantLua });
    this.client.defineCommand(commands.issue, { lua: issueGrantLua, numberOfKeys: 3 });
    this.client.defineCommand(commands.revoke, { lua: revokeGrantLua, numberOfKeys: 3 });
  }

  async issue(input: NewGrant): Promise<Grant> {
    validateNewGrant(input, this.maxTtlMs);
    const createdAt = this.clock.now();
    const id = this.keys.newId(input.subject);
    const grant: Omit<Grant, 'usesLeft'> = {
      id,
      subject: pickSubject(input.subject),
      scope: {
        ...(input.scope.match !== undefined ? { match: input.scope.match } : {}),
        destinations: [...input.scope.destinations],
        methods: [...input.scope.methods],
        paths: [...input.scope.paths],
        commandKinds: [...input.scope.commandKinds],
        ...(input.scope.commandHash !== undefined ? { commandHash: input.scope.commandHash } : {}),
      },
      reason: input.reason,
      approvedBy: [...input.approvedBy],
      createdAt,
      expiresAt: createdAt + input.ttlMs,
      ...(input.fingerprint !== undefined ? { fingerprint: input.fingerprint } : {}),
      ...(input.approvalId !== undefined ? { approvalId: input.approvalId } : {}),
    };
    const keys = this.keys.forId(id)!;
    const stored = encode(grant, matcherOf(grant, input.maxUses !== undefined));
    await this.run(commands.issue, keys.index, keys.grant, keys.uses, id, stored, input.ttlMs, input.maxUses ?? '');
    return input.maxUses !== undefined ? { ...grant, usesLeft: input.maxUses } : grant;
  }

  async useMatching(lookup: GrantLookup): Promise<Grant | undefined> {
    if (isAmbiguousPath(lookup.path)) return undefined;
    const indexes = this.keys.lookupIndexes(lookup.subject);
    if (indexes.length === 0) return undefined;
    const args = [
      lookup.subject.user ?? '',
      lookup.subject.agent ?? '',
      normalizeDestination(lookup.destination),
      lookup.method.toUpperCase(),
      lookup.path,
      lookup.fingerprint,
      JSON.stringify(lookup.commandKinds.map((k) => k.toLowerCase())),
      exactAuthority(lookup.destination),
      lookup.commandHash ?? '',
    ];
    // Different tags are different slots in a Cluster: one script call per tag there.
    const batches = this.client instanceof Cluster ? indexes.map((k) => [k]) : [indexes];
    for (const batch of batches) {
      const reply = await this.run(commands.use, batch.length, ...batch, ...args);
      if (Array.isArray(reply)) {
        const [raw, usesLeft] = reply as [string, number];
        const { g } = parseStored(raw);
        return usesLeft >= 0 ? { ...g, usesLeft } : g;
      }
    }
    return undefined;
  }

  async get(id: string): Promise<Grant | undefined> {
    const keys = this.keys.forId(id);
    if (!keys) return undefined;
    const [raw, uses] = await this.call(() => this.client.mget(keys.grant, keys.uses));
    return raw ? decode(raw, uses ?? null) : undefined;
  }

  async list(filter: { subject?: GrantSubject } = {}): Promise<Grant[]> {
    const wanted = filter.subject;
    let grants: Grant[];
    if (wanted?.user) {
      // Every grant of a user lives under the user's tag: read its index only.
      const index = this.keys.lookupIndexes({ user: wanted.user })[0]!;
      const ids = await this.call(() => this.client.zrange(index, 0, -1));
      grants = await this.fetch(ids.map((id) => this.keys.forId(id)?.grant).filter((k): k is string => k !== undefined));
    } else {
      grants = await this.fetch(await this.scanGrantKeys());
    }
    return grants
      .filter((g) => subjectMatchesFilter(g.subject, wanted))
      .sort((a, b) => a.createdAt - b.createdAt);
  }

  async revoke(id: string): Promise<boolean> {
    const keys = this.keys.forId(id);
    if (!keys) return false;
    const removed = await this.run(commands.revoke, keys.index, keys.grant, keys.uses, id);
    return removed === 1;
  }

  async ping(): Promise<void> {
    await pingRedis(this.client);
  }

  async close(): Promise<void> {
    if (this.closed || !this.ownsClient) return;
    this.closed = true;
    await this.client.quit().catch(() => this.client.disconnect());
  }

  private async scanGrantKeys(): Promise<string[]> {
    const nodes = this.client instanceof Cluster ? this.client.nodes('master') : [this.client];
    const found = new Set<string>();
    await this.call(() =>
      Promise.all(
        nodes.map(async (node) => {
          let cursor = '0';
          do {
            const [next, keys] = await node.scan(cursor, 'MATCH', this.keys.grantKeyPattern(), 'COUNT', 500);
            cursor = next;
            for (const key of keys) found.add(key);
          } while (cursor !== '0');
        }),
      ),
    );
    return [...found];
  }

  /** GETs grants with their use counters; per key, since in a Cluster they span slots. */
  private async fetch(grantKeys: string[]): Promise<Grant[]> {
    const pairs = await this.call(() =>
      Promise.all(grantKeys.map((key) => this.client.mget(key, this.keys.usesKeyOf(key)))),
    );
    return pairs.flatMap(([raw, uses]) => (raw ? [decode(raw, uses ?? null)] : []));
  }

  private run(name: string, ...args: Array<string | number>): Promise<unknown> {
    return runRedisScript(this.client, name, args);
  }

  private call<T>(op: () => Promise<T>): Promise<T> {
    return callRedis(op);
  }
}

function pickSubject(subject: GrantSubject): GrantSubject {
  return { ...(subject.user ? { user: subject.user } : {}), ...(subject.agent ? { agent: subject.agent } : {}) };
}

function matcherOf(grant: Omit<Grant, 'usesLeft'>, limited: boolean): StoredMatcher {
  const { scope } = grant;
  const flags = { ...(limited ? { l: 1 as const } : {}) };
  if (scope.match === 'exact') {
    // Literal values, compared with == in Lua: no pattern is built, so no character is magic.
    return {
      ...(grant.subject.user ? { u: grant.subject.user } : {}),
      ...(grant.subject.agent ? { a: grant.subject.agent } : {}),
      ...(grant.fingerprint !== undefined ? { f: grant.fingerprint } : {}),
      me: scope.methods.map((m) => m.toUpperCase()),
      d: scope.destinations.map(exactAuthority),
      p: [...scope.paths],
      k: scope.commandKinds.map((k) => k.toLowerCase()),
      x: 1,
      ...(scope.commandHash !== undefined ? { h: scope.commandHash } : {}),
      ...flags,
    };
  }
  return {
    ...(grant.subject.user ? { u: grant.subject.user } : {}),
    ...(grant.subject.agent ? { a: grant.subject.agent } : {}),
    ...(grant.fingerprint !== undefined ? { f: grant.fingerprint } : {}),
    me: grant.scope.methods.map((m) => m.toUpperCase()),
    d: grant.scope.destinations.map((d) => globToLuaPattern(d.toLowerCase(), '.')),
    p: grant.scope.paths.map((p) => globToLuaPattern(p, '/')),
    k: grant.scope.commandKinds.map((k) => k.toLowerCase()),
    ...(limited ? { l: 1 as const } : {}),
  };
}

function decode(raw: string, uses: string | null): Grant {
  const { g, m } = parseStored(raw);
  if (!m.l) return g;
  return { ...g, usesLeft: Number(uses ?? 0) };
}
