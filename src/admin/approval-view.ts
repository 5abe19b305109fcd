import type { ApprovalRequest } from '../approvals/approval.js';
import { approvalGrantScope } from '../approvals/approval-decision.js';
import type { Approver } from '../approvals/approval-service.js';
import type { GrantScope } from '../grants/grant.js';

/** What the admin API shows of one approval: the list, the single view and the event stream alike. */
export type ApprovalView = ApprovalRequest & { grantScope: GrantScope };

/** An approval as approvers see it, with the exact scope approving creates (`grantScope`). */
export function approvalView(approval: ApprovalRequest): ApprovalView {
  return { ...approval, grantScope: approvalGrantScope(approval) };
}

/** Who may see an approval: admins, the requester, and members of its approver groups. */
export function canSeeApproval(caller: Approver, isAdmin: boolean, approval: ApprovalRequest): boolean {
  return isAdmin || approval.requester.user === caller.subject || caller.groups.some((g) => approval.approverGroups.includes(g));
}
