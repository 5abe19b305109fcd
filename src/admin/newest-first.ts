import type { ApprovalRequest } from '../approvals/approval.js';

/**
 * Approvals newest first; equal creation times fall back to the id so two calls list the same order
 * (stores return their own order: a Redis scan is not stable).
 */
export function newestFirst<T extends Pick<ApprovalRequest, 'createdAt' | 'id'>>(approvals: readonly T[]): T[] {
  return [...approvals].sort((a, b) => b.createdAt - a.createdAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}
