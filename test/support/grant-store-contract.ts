import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ErrorCode, WardgateError } from '../../src/errors/wardgate-error.js';
import type { Grant, GrantLookup, GrantScope, NewGrant } from '../../src/grants/grant.js';
import type { GrantStore } from '../../src/grants/grant-store.js';

export interface GrantStoreHarness {
  store: GrantStore;
  /** The store's configured maximum ttl. */
  maxTtlMs: number;
  /** Lets `ms` pass for the store: advances a manual clock, or really waits (Redis TTLs). */
  elapse(ms: number): Promise<void>;
  /** Time units small enough for a real wait; the in-memory harness can use hours. */
  shortTtlMs: number;
  cleanup(): Promise<void>;
}

const anyScope: GrantScope = { destinations: [], methods: [], paths: [], commandKinds: [] };

function newGrant(overrides: Partial<NewGrant> & Pick<NewGrant, 'subject'>): NewGrant {
  return { scope: anyScope, reason: 'contract test', approvedBy: ['admin@example.org'], ttlMs: 60_000, ...overrides };
}

function lookupFor(user: string | undefined, agent: string | undefined, overrides: Partial<GrantLookup> = {}): GrantLookup {
  return {
    subject: { ...(user ? { user } : {}), ...(agent ? { agent } : {}) },
    destination: 'fhir.clinical.svc.cluster.local:8080',
    method: 'GET',
    path: '/Patient/123',
    commandKinds: ['rest:get'],
    fingerprint: 'fp-1',
    ...overrides,
  };
}

interface CoverageCase {
  name: string;
  scope?: Partial<GrantScope>;
  fingerprint?: string;
  lookup: Partial<GrantLookup>;
  covered: boolean;
}

/** Scope matching rules both stores must agree on (the Redis one evaluates them in Lua). */
const coverageCases: CoverageCase[] = [
  { name: 'empty scope covers anything', lookup: {}, covered: true },
  { name: 'method is case-insensitive', scope: { methods: ['get'] }, lookup: { method: 'GET' }, covered: true },
  { name: 'other method', scope: { methods: ['GET'] }, lookup: { method: 'DELETE' }, covered: false },
  { name: '** spans segments', scope: { paths: ['/Patient/**'] }, lookup: { path: '/Patient/123/_history/2' }, covered: true },
  { name: '* is one segment', scope: { paths: ['/Patient/*'] }, lookup: { path: '/Patient/123/_history' }, covered: false },
  { name: '* matches one segment', scope: { paths: ['/Patient/*'] }, lookup: { path: '/Patient/123' }, covered: true },
  { name: 'literal path only itself', scope: { paths: ['/Patient'] }, lookup: { path: '/Patient/1' }, covered: false },
  { name: 'regex/Lua magic is literal', scope: { paths: ['/a.b/(x)[y]+-?$^%25'] }, lookup: { path: '/a.b/(x)[y]+-?$^%25' }, covered: true },
  { name: 'dot is not a wildcard', scope: { paths: ['/a.b'] }, lookup: { path: '/axb' }, covered: false },
  { name: 'dot segments are never covered', scope: { paths: ['/Patient/**'] }, lookup: { path: '/Patient/../Admin' }, covered: false },
  { name: 'encoded slash is never covered', scope: { paths: ['/Patient/*'] }, lookup: { path: '/Patient/..%2fAdmin' }, covered: false },
  { name: 'destination ignores port', scope: { destinations: ['fhir.clinical.svc.cluster.local'] }, lookup: {}, covered: true },
  { name: 'destination is case-insensitive', scope: { destinations: ['FHIR.clinical.svc.cluster.local'] }, lookup: {}, covered: true },
  { name: 'destination * is one label', scope: { destinations: ['*.svc.cluster.local'] }, lookup: {}, covered: false },
  { name: 'destination ** spans labels', scope: { destinations: ['**.svc.cluster.local'] }, lookup: {}, covered: true },
  { name: 'destination * label match', scope: { destinations: ['fhir.*.svc.cluster.local'] }, lookup: {}, covered: true },
  { name: 'other destination', scope: { destinations: ['sql.clinical.svc.cluster.local'] }, lookup: {}, covered: false },
  { name: 'any of several paths', scope: { paths: ['/Observation/**', '/Patient/*'] }, lookup: {}, covered: true },
  { name: 'kinds: all request kinds listed', scope: { commandKinds: ['sql:select'] }, lookup: { commandKinds: ['sql:select', 'sql:delete'] }, covered: false },
  { name: 'kinds: subset covered', scope: { commandKinds: ['sql:select', 'sql:delete'] }, lookup: { commandKinds: ['sql:delete'] }, covered: true },
  { name: 'kinds: unclassified request not covered', scope: { commandKinds: ['rest:get'] }, lookup: { commandKinds: [] }, covered: false },
  { name: 'fingerprint must equal', fingerprint: 'fp-1', lookup: { fingerprint: 'fp-2' }, covered: false },
  { name: 'fingerprint equal', fingerprint: 'fp-1', lookup: { fingerprint: 'fp-1' }, covered: true },
  // Exact scopes (what approving a held request creates): every character is literal.
  ...exactCases(),
];

function exactCases(): CoverageCase[] {
  const held = { destination: 'fhir.clinical.svc.cluster.local:8080', method: 'POST', path: '/api/**', commandKinds: ['rest:post'], commandHash: 'h-1' };
  const scope = (over: Partial<typeof held> = {}): Partial<GrantScope> => {
    const v = { ...held, ...over };
    return { match: 'exact', destinations: [v.destination], methods: [v.method], paths: [v.path], commandKinds: v.commandKinds, commandHash: v.commandHash };
  };
  const lookup = (over: Partial<GrantLookup>): Partial<GrantLookup> => ({ ...held, ...over });
  const literal = (path: string): Partial<GrantScope> => scope({ path });
  return [
    { name: 'exact: the held request itself', scope: scope(), lookup: lookup({}), covered: true },
    { name: 'exact: ** is not a wildcard', scope: scope(), lookup: lookup({ path: '/api/users/1' }), covered: false },
    { name: 'exact: * is not a wildcard', scope: literal('/api/*'), lookup: lookup({ path: '/api/x' }), covered: false },
    { name: 'exact: ? is not a wildcard', scope: literal('/api/?'), lookup: lookup({ path: '/api/x' }), covered: false },
    { name: 'exact: [ ] is not a class', scope: literal('/api/[a-z]'), lookup: lookup({ path: '/api/b' }), covered: false },
    { name: 'exact: { } is not a choice', scope: literal('/api/{a,b}'), lookup: lookup({ path: '/api/a' }), covered: false },
    { name: 'exact: Lua/regex magic is literal', scope: literal('/a.b/(x)[y]+-?$^'), lookup: lookup({ path: '/a.b/(x)[y]+-?$^' }), covered: true },
    { name: 'exact: dot is not any character', scope: literal('/a.b'), lookup: lookup({ path: '/axb' }), covered: false },
    { name: 'exact: percent-encoding is not decoded', scope: literal('/api/a%2Ab'), lookup: lookup({ path: '/api/a*b' }), covered: false },
    { name: 'exact: trailing slash differs', scope: literal('/api/x'), lookup: lookup({ path: '/api/x/' }), covered: false },
    { name: 'exact: doubled slash differs', scope: literal('/api/x'), lookup: lookup({ path: '/api//x' }), covered: false },
    { name: 'exact: dot segment never covered', scope: literal('/api/./x'), lookup: lookup({ path: '/api/./x' }), covered: false },
    { name: 'exact: path case differs', scope: literal('/api/x'), lookup: lookup({ path: '/API/x' }), covered: false },
    { name: 'exact: prefix of the path is not covered', scope: literal('/api'), lookup: lookup({ path: '/api/x' }), covered: false },
    { name: 'exact: authority case is folded', scope: scope(), lookup: lookup({ destination: 'FHIR.Clinical.svc.cluster.local:8080' }), covered: true },
    { name: 'exact: other port differs', scope: scope(), lookup: lookup({ destination: 'fhir.clinical.svc.cluster.local:9090' }), covered: false },
    { name: 'exact: missing port differs', scope: scope(), lookup: lookup({ destination: 'fhir.clinical.svc.cluster.local' }), covered: false },
    { name: 'exact: authority glob is literal', scope: scope({ destination: '*.svc.cluster.local' }), lookup: lookup({ destination: 'fhir.svc.cluster.local' }), covered: false },
    { name: 'exact: other method', scope: scope(), lookup: lookup({ method: 'PUT' }), covered: false },
    { name: 'exact: other command hash (other query or SQL)', scope: scope(), lookup: lookup({ commandHash: 'h-2' }), covered: false },
    { name: 'exact: no command hash in the lookup', scope: scope(), lookup: lookup({ commandHash: undefined }), covered: false },
    { name: 'exact: a wider command kind', scope: scope(), lookup: lookup({ commandKinds: ['rest:post', 'sql:delete'] }), covered: false },
  ];
}

/**
 * Registers the behaviour every GrantStore must have. `makeHarness` runs once per suite;
 * subjects are unique per case so a shared backend needs no flushing.
 */
export function describeGrantStoreContract(name: string, makeHarness: () => Promise<GrantStoreHarness>): void {
  describe(`GrantStore contract: ${name}`, () => {
    let h: GrantStoreHarness;
    beforeAll(async () => {
      h = await makeHarness();
    });
    afterAll(async () => {
      await h?.cleanup();
    });
    const user = (): string => `user-${randomUUID()}@example.org`;
    const agent = (): string => `spiffe://cluster.local/ns/agents/sa/${randomUUID()}`;

    it('issues a grant with an unguessable id and reads it back', async () => {
      const u = user();
      const a = agent();
      const issued = await h.store.issue(newGrant({ subject: { user: u, agent: a }, ttlMs: 60_000, maxUses: 2, fingerprint: 'fp', approvalId: 'ap-1' }));
      expect(issued.id).toMatch(/[A-Za-z0-9_-]{22}$/);
      expect(issued.expiresAt - issued.createdAt).toBe(60_000);
      expect(issued).toMatchObject({ subject: { user: u, agent: a }, usesLeft: 2, fingerprint: 'fp', approvalId: 'ap-1' });
      expect(await h.store.get(issued.id)).toEqual(issued);
      const other = await h.store.issue(newGrant({ subject: { user: u } }));
      expect(other.id).not.toBe(issued.id);
    });

    it.each([
      { name: 'ttl above the maximum', grant: (): NewGrant => newGrant({ subject: { user: 'u' }, ttlMs: h.maxTtlMs + 1 }) },
      { name: 'zero ttl', grant: (): NewGrant => newGrant({ subject: { user: 'u' }, ttlMs: 0 }) },
      { name: 'empty subject', grant: (): NewGrant => newGrant({ subject: {} }) },
      { name: 'empty-string user', grant: (): NewGrant => newGrant({ subject: { user: '' } }) },
      { name: 'zero maxUses', grant: (): NewGrant => newGrant({ subject: { user: 'u' }, maxUses: 0 }) },
      { name: 'empty reason', grant: (): NewGrant => newGrant({ subject: { user: 'u' }, reason: ' ' }) },
      { name: 'glob with too many wildcards', grant: (): NewGrant => newGrant({ subject: { user: 'u' }, scope: { ...anyScope, paths: ['/*'.repeat(17)] } }) },
      { name: 'exact scope with two paths', grant: (): NewGrant => newGrant({ subject: { user: 'u' }, scope: { match: 'exact', destinations: ['d'], methods: ['GET'], paths: ['/a', '/b'], commandKinds: [] } }) },
      { name: 'exact scope with no destination', grant: (): NewGrant => newGrant({ subject: { user: 'u' }, scope: { match: 'exact', destinations: [], methods: ['GET'], paths: ['/a'], commandKinds: [] } }) },
      { name: 'command hash on a glob scope', grant: (): NewGrant => newGrant({ subject: { user: 'u' }, scope: { ...anyScope, commandHash: 'h' } }) },
    ])('refuses $name with InvalidArgument', async ({ grant }) => {
      const error = await h.store.issue(grant()).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(WardgateError);
      expect((error as WardgateError).code).toBe(ErrorCode.InvalidArgument);
    });

    it.each(coverageCases)('scope: $name', async ({ scope, fingerprint, lookup, covered }) => {
      const u = user();
      await h.store.issue(newGrant({ subject: { user: u }, scope: { ...anyScope, ...scope }, ...(fingerprint ? { fingerprint } : {}) }));
      const found = await h.store.useMatching(lookupFor(u, agent(), lookup));
      expect(found !== undefined).toBe(covered);
    });

    it.each([
      { name: 'user-only grant, any agent', grant: 'user', lookup: 'user+other-agent', covered: true },
      { name: 'user+agent grant, same pair', grant: 'user+agent', lookup: 'user+agent', covered: true },
      { name: 'user+agent grant, other agent', grant: 'user+agent', lookup: 'user+other-agent', covered: false },
      { name: 'user+agent grant, no agent', grant: 'user+agent', lookup: 'user', covered: false },
      { name: 'agent-only grant, any user', grant: 'agent', lookup: 'other-user+agent', covered: true },
      { name: 'agent-only grant, no user', grant: 'agent', lookup: 'agent', covered: true },
      { name: 'user grant, other user', grant: 'user', lookup: 'other-user+agent', covered: false },
    ])('subject: $name', async ({ grant, lookup, covered }) => {
      const [u, a, ou, oa] = [user(), agent(), user(), agent()];
      const pick = (spec: string): { user?: string; agent?: string } => ({
        ...(spec.includes('other-user') ? { user: ou } : spec.includes('user') ? { user: u } : {}),
        ...(spec.includes('other-agent') ? { agent: oa } : spec.includes('agent') ? { agent: a } : {}),
      });
      await h.store.issue(newGrant({ subject: pick(grant) }));
      const s = pick(lookup);
      expect((await h.store.useMatching(lookupFor(s.user, s.agent))) !== undefined).toBe(covered);
    });

    it('consumes a one-time grant exactly once', async () => {
      const u = user();
      const g = await h.store.issue(newGrant({ subject: { user: u }, maxUses: 1, fingerprint: 'fp-1' }));
      const first = await h.store.useMatching(lookupFor(u, undefined));
      expect(first).toMatchObject({ id: g.id, usesLeft: 0 });
      expect(await h.store.useMatching(lookupFor(u, undefined))).toBeUndefined();
      expect(await h.store.get(g.id)).toBeUndefined();
    });

    it('counts down a limited grant', async () => {
      const u = user();
      const g = await h.store.issue(newGrant({ subject: { user: u }, maxUses: 3 }));
      const seen: Array<number | undefined> = [];
      for (let i = 0; i < 4; i++) seen.push((await h.store.useMatching(lookupFor(u, undefined)))?.usesLeft);
      expect(seen).toEqual([2, 1, 0, undefined]);
      expect(await h.store.get(g.id)).toBeUndefined();
    });

    it('uses an unlimited grant before spending a limited one', async () => {
      const u = user();
      const limited = await h.store.issue(newGrant({ subject: { user: u }, maxUses: 1 }));
      const unlimited = await h.store.issue(newGrant({ subject: { user: u } }));
      const used = await h.store.useMatching(lookupFor(u, undefined));
      expect(used?.id).toBe(unlimited.id);
      expect(used?.usesLeft).toBeUndefined();
      expect((await h.store.get(limited.id))?.usesLeft).toBe(1);
    });

    it('lets exactly one of 50 concurrent lookups take a single-use grant', async () => {
      const u = user();
      await h.store.issue(newGrant({ subject: { user: u }, maxUses: 1 }));
      const results = await Promise.all(Array.from({ length: 50 }, () => h.store.useMatching(lookupFor(u, undefined))));
      expect(results.filter((r) => r !== undefined)).toHaveLength(1);
    });

    it('revokes immediately', async () => {
      const u = user();
      const g = await h.store.issue(newGrant({ subject: { user: u } }));
      expect(await h.store.revoke(g.id)).toBe(true);
      expect(await h.store.get(g.id)).toBeUndefined();
      expect(await h.store.useMatching(lookupFor(u, undefined))).toBeUndefined();
      expect(await h.store.revoke(g.id)).toBe(false);
      expect(await h.store.revoke('not-a-grant-id')).toBe(false);
      expect(await h.store.get('not-a-grant-id')).toBeUndefined();
    });

    it('expires grants at their ttl', async () => {
      const u = user();
      const g = await h.store.issue(newGrant({ subject: { user: u }, ttlMs: h.shortTtlMs }));
      expect(await h.store.get(g.id)).toBeDefined();
      await h.elapse(h.shortTtlMs + Math.max(150, h.shortTtlMs / 2));
      expect(await h.store.get(g.id)).toBeUndefined();
      expect(await h.store.useMatching(lookupFor(u, undefined))).toBeUndefined();
      expect((await h.store.list({ subject: { user: u } })).map((x) => x.id)).toEqual([]);
    });

    it('lists by user, by agent and all', async () => {
      const [u, a] = [user(), agent()];
      const byUser = await h.store.issue(newGrant({ subject: { user: u } }));
      const byPair = await h.store.issue(newGrant({ subject: { user: u, agent: a } }));
      const byAgent = await h.store.issue(newGrant({ subject: { agent: a } }));
      const ids = (grants: Grant[]): string[] => grants.map((g) => g.id).sort();
      expect(ids(await h.store.list({ subject: { user: u } }))).toEqual([byUser.id, byPair.id].sort());
      expect(ids(await h.store.list({ subject: { agent: a } }))).toEqual([byPair.id, byAgent.id].sort());
      expect(ids(await h.store.list({ subject: { user: u, agent: a } }))).toEqual([byPair.id]);
      const all = ids(await h.store.list());
      expect(all).toEqual(expect.arrayContaining([byUser.id, byPair.id, byAgent.id]));
    });

    it('answers ping', async () => {
      await expect(h.store.ping()).resolves.toBeUndefined();
    });
  });
}
