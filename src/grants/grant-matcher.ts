import type { Grant, GrantLookup, GrantSubject } from './grant.js';

/** Which character ends a glob segment: `/` for paths, `.` for host names. */
export type GlobSeparator = '/' | '.';

/** Globs longer or wilder than this are refused at issue time (they must stay cheap to match). */
export const MAX_GLOB_LENGTH = 512;
export const MAX_GLOB_WILDCARDS = 16;

/** Splits a glob into literal runs and wildcards: `**` (anything) and `*` (one segment). */
export function tokenizeGlob(glob: string): Array<{ kind: 'literal'; text: string } | { kind: 'any' | 'segment' }> {
  const tokens: Array<{ kind: 'literal'; text: string } | { kind: 'any' | 'segment' }> = [];
  let literal = '';
  for (let i = 0; i < glob.length; i++) {
    if (glob[i] !== '*') {
      literal += glob[i];
      continue;
    }
    if (literal) tokens.push({ kind: 'literal', text: literal });
    literal = '';
    if (glob[i + 1] === '*') {
      tokens.push({ kind: 'any' });
      i++;
    } else {
      tokens.push({ kind: 'segment' });
    }
  }
  if (literal) tokens.push({ kind: 'literal', text: literal });
  return tokens;
}

/** `*` matches within one segment (no separator), `**` matches anything; the rest is literal. */
export function globToRegExp(glob: string, separator: GlobSeparator): RegExp {
  const segment = separator === '/' ? '[^/]*' : '[^.]*';
  const source = tokenizeGlob(glob)
    .map((t) => (t.kind === 'literal' ? t.text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&') : t.kind === 'any' ? '.*' : segment))
    .join('');
  return new RegExp(`^${source}$`, 's');
}

/** Why a glob is unusable, or undefined when it is fine. */
export function globProblem(glob: string): string | undefined {
  if (glob.length === 0) return 'empty glob';
  if (glob.length > MAX_GLOB_LENGTH) return `glob longer than ${MAX_GLOB_LENGTH} characters`;
  if ([...glob].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f)) return 'glob contains control characters';
  const wildcards = tokenizeGlob(glob).filter((t) => t.kind !== 'literal').length;
  if (wildcards > MAX_GLOB_WILDCARDS) return `glob has more than ${MAX_GLOB_WILDCARDS} wildcards`;
  return undefined;
}

/** Host of an authority, lower-cased and without port (`[::1]:8443` -> `[::1]`). */
export function normalizeDestination(authority: string): string {
  const lower = authority.trim().toLowerCase();
  if (lower.startsWith('[')) {
    const end = lower.indexOf(']');
    return end === -1 ? lower : lower.slice(0, end + 1);
  }
  const colon = lower.lastIndexOf(':');
  return colon === -1 ? lower : lower.slice(0, colon);
}

/**
 * True when a path could mean something else upstream than it looks here: dot segments or
 * encoded separators (`/Patient/..%2fAdmin`). No grant covers such a path: we fail closed
 * rather than guess how the upstream normalizes it.
 */
export function isAmbiguousPath(path: string): boolean {
  if (!path.startsWith('/')) return true;
  for (const raw of path.split('/')) {
    let segment: string;
    try {
      segment = decodeURIComponent(raw);
    } catch {
      return true;
    }
    if (segment === '.' || segment === '..' || segment.includes('/') || segment.includes('\\')) return true;
  }
  return false;
}

/** A grant subject covers a lookup when every field the grant sets is equal in the lookup. */
export function subjectCovers(grant: GrantSubject, lookup: GrantSubject): boolean {
  if (!grant.user && !grant.agent) return false;
  if (grant.user && grant.user !== lookup.user) return false;
  if (grant.agent && grant.agent !== lookup.agent) return false;
  return true;
}

/** The `list` filter of both stores: every field the filter sets must equal the grant's. */
export function subjectMatchesFilter(subject: GrantSubject, wanted: GrantSubject | undefined): boolean {
  return !wanted || ((!wanted.user || subject.user === wanted.user) && (!wanted.agent || subject.agent === wanted.agent));
}

function anyGlob(globs: readonly string[], value: string, separator: GlobSeparator): boolean {
  return globs.length === 0 || globs.some((g) => globToRegExp(g, separator).test(value));
}

/**
 * Does this grant cover the lookup? Expiry and remaining uses are the store's business.
 * - subject: every field the grant sets must equal the lookup's;
 * - destinations: globs on the host without port (`*` one DNS label, `**` any), case-insensitive;
 * - methods: case-insensitive; paths: globs (`*` one segment, `**` any), case-sensitive;
 * - commandKinds: every kind of the request must be listed (a grant for `sql:select` does not
 *   cover a batch that also deletes);
 * - an empty list means any; a grant with a fingerprint covers only that exact request.
 *
 * `src/grants/redis-grant-scripts.ts` implements the same rules in Lua; keep them in step.
 */
export function grantCovers(grant: Pick<Grant, 'subject' | 'scope' | 'fingerprint'>, lookup: GrantLookup): boolean {
  if (!subjectCovers(grant.subject, lookup.subject)) return false;
  if (grant.fingerprint !== undefined && grant.fingerprint !== lookup.fingerprint) return false;
  if (isAmbiguousPath(lookup.path)) return false;
  const { scope } = grant;
  if (scope.match === 'exact') return exactScopeCovers(scope, lookup);
  const method = lookup.method.toUpperCase();
  if (scope.methods.length > 0 && !scope.methods.some((m) => m.toUpperCase() === method)) return false;
  if (!anyGlob(scope.destinations.map((d) => d.toLowerCase()), normalizeDestination(lookup.destination), '.')) return false;
  if (!anyGlob(scope.paths, lookup.path, '/')) return false;
  if (scope.commandKinds.length > 0) {
    const allowed = new Set(scope.commandKinds.map((k) => k.toLowerCase()));
    if (lookup.commandKinds.length === 0 || !lookup.commandKinds.every((k) => allowed.has(k.toLowerCase()))) return false;
  }
  return true;
}

/** The authority an `exact` scope records and compares: lower-cased, port kept, nothing else changed. */
export function exactAuthority(authority: string): string {
  return authority.toLowerCase();
}

/**
 * An `exact` scope: every list names one value, compared literally (a `*` in a held path is
 * a `*`, not a wildcard), and the command hash when the scope has one. No list means "any".
 */
function exactScopeCovers(scope: Grant['scope'], lookup: GrantLookup): boolean {
  const oneOf = (list: readonly string[], value: string): boolean => list.length > 0 && list.includes(value);
  if (!oneOf(scope.methods.map((m) => m.toUpperCase()), lookup.method.toUpperCase())) return false;
  if (!oneOf(scope.destinations.map(exactAuthority), exactAuthority(lookup.destination))) return false;
  if (!oneOf(scope.paths, lookup.path)) return false;
  if (scope.commandHash !== undefined && scope.commandHash !== lookup.commandHash) return false;
  const allowed = new Set(scope.commandKinds.map((k) => k.toLowerCase()));
  return lookup.commandKinds.every((k) => allowed.has(k.toLowerCase())) && (allowed.size > 0 || lookup.commandKinds.length === 0);
}
