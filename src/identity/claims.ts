import type { UserIdentity } from './identity.js';

// Bounds on what one token may contribute, so a hostile IdP claim cannot blow up policy work.
const maxGroups = 1000;
const maxGroupLength = 512;

/**
 * Reads a claim by name, falling back to a dotted path (`realm_access.roles`). Exact names win
 * because some IdPs use claim names with dots or URLs (`https://example.com/groups`).
 */
export function readClaim(claims: Readonly<Record<string, unknown>>, path: string): unknown {
  if (Object.hasOwn(claims, path)) return claims[path];
  let current: unknown = claims;
  for (const part of path.split('.')) {
    if (current === null || typeof current !== 'object' || Array.isArray(current)) return undefined;
    if (!Object.hasOwn(current, part)) return undefined;
    current = (current as Record<string, unknown>)[part];
  }
  return current;
}

/** Groups from a claim that is an array of strings or a single string; other values are ignored. */
export function readGroups(claims: Readonly<Record<string, unknown>>, groupsClaim: string): string[] {
  const raw = readClaim(claims, groupsClaim);
  const values = typeof raw === 'string' ? [raw] : Array.isArray(raw) ? raw : [];
  const groups: string[] = [];
  for (const value of values) {
    if (groups.length >= maxGroups) break;
    if (typeof value === 'string' && value.length > 0 && value.length <= maxGroupLength) groups.push(value);
  }
  return groups;
}

/** Builds a UserIdentity from verified claims; undefined when the token names no subject. */
export function userFromClaims(
  claims: Readonly<Record<string, unknown>>,
  groupsClaim: string,
  source: UserIdentity['source'],
): UserIdentity | undefined {
  const subject = claims['sub'];
  if (typeof subject !== 'string' || subject.length === 0) return undefined;
  const issuer = typeof claims['iss'] === 'string' ? claims['iss'] : '';
  const user: UserIdentity = { subject, issuer, groups: Object.freeze(readGroups(claims, groupsClaim)), source };
  if (typeof claims['email'] === 'string') user.email = claims['email'];
  const name = claims['name'] ?? claims['preferred_username'];
  if (typeof name === 'string') user.name = name;
  return user;
}
