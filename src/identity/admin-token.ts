import { extractBearerToken } from './bearer-token.js';
import type { IdentityProblem, UserIdentity } from './identity.js';
import type { JwtVerifier } from './jwt-verifier.js';

export type AdminTokenResult =
  | { ok: true; user: UserIdentity }
  | { ok: false; status: 401; problem: IdentityProblem }
  | { ok: false; status: 403; problem: 'not_in_admin_group' };

/**
 * Checks an admin API caller: a valid token (401 otherwise) whose user is in one of
 * `allowedGroups` (403 otherwise). An empty `allowedGroups` admits any verified user.
 */
export async function verifyAdminToken(
  verifier: JwtVerifier,
  authorizationHeader: string | undefined,
  allowedGroups: readonly string[],
): Promise<AdminTokenResult> {
  const token = extractBearerToken(authorizationHeader);
  if (token === undefined) return { ok: false, status: 401, problem: 'missing' };
  const verified = await verifier.verify(token);
  if (!('user' in verified)) return { ok: false, status: 401, problem: verified.problem };
  if (allowedGroups.length > 0 && !verified.user.groups.some((group) => allowedGroups.includes(group))) {
    return { ok: false, status: 403, problem: 'not_in_admin_group' };
  }
  return { ok: true, user: verified.user };
}
