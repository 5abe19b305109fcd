import type { ConsoleUser } from './console-session.js';

export type ConsoleRole = 'approver' | 'auditor' | 'admin';

export interface ConsoleGroups {
  approverGroups: readonly string[];
  auditorGroups: readonly string[];
  adminGroups: readonly string[];
}

/** The console roles a user's groups give; none means the console shows nothing. */
export function rolesOf(user: Pick<ConsoleUser, 'groups'>, groups: ConsoleGroups): ConsoleRole[] {
  const has = (list: readonly string[]): boolean => user.groups.some((g) => list.includes(g));
  const roles: ConsoleRole[] = [];
  if (has(groups.approverGroups)) roles.push('approver');
  if (has(groups.auditorGroups)) roles.push('auditor');
  if (has(groups.adminGroups)) roles.push('admin');
  return roles;
}

/**
 * Which roles may call an admin API path with a console session. Approvals and grants are for
 * approvers and admins, the audit evidence for auditors; anything else is refused.
 */
export function rolesFor(path: string): readonly ConsoleRole[] {
  if (/^\/v1\/(approvals|grants)(\/|$)/.test(path)) return ['approver', 'admin'];
  if (/^\/v1\/audit(\/|$)/.test(path)) return ['auditor'];
  return [];
}
