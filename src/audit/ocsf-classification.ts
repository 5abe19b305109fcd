import type { AuditEventInput } from './audit-event.js';
import type { OcsfClassification } from './sealed-audit-event.js';

const activityByMethod: Record<string, OcsfClassification['activityId']> = {
  GET: 2, HEAD: 2, OPTIONS: 2, POST: 1, PUT: 3, PATCH: 3, DELETE: 4,
};

/** Maps an event onto OCSF API Activity (6003); the table is documented in docs/audit.md. */
export function classifyOcsf(input: AuditEventInput): OcsfClassification {
  let activityId: OcsfClassification['activityId'] = 99;
  let severityId: OcsfClassification['severityId'] = 1;
  let statusId: OcsfClassification['statusId'] = 1;
  switch (input.kind) {
    case 'access.decision': {
      activityId = methodActivity(input.target?.method);
      const enforced = input.decision?.enforced;
      if (enforced === 'deny') [statusId, severityId] = [2, 3];
      else if (enforced === 'hold') [statusId, severityId] = [99, 2];
      else if (enforced === undefined) statusId = 0;
      // A dry-run allow of a request the policy denied is worth a look.
      if (input.decision?.action === 'deny' && enforced === 'allow') severityId = 3;
      break;
    }
    case 'access.session': {
      activityId = methodActivity(input.target?.method);
      const status = input.session?.status;
      if (input.session?.blocked !== undefined) [statusId, severityId] = [2, 3];
      else if (status === undefined) statusId = 0;
      else if (status >= 400) statusId = 2;
      break;
    }
    case 'approval.denied':
    case 'approval.expired':
    case 'grant.expired':
      statusId = 2;
      break;
    case 'grant.revoked':
      severityId = 2;
      break;
    case 'console.session':
      // A refused sign-in is a failed attempt worth a look; the rest are routine.
      if (input.details?.action === 'refused') [statusId, severityId] = [2, 2];
      break;
    case 'policy.rejected':
      [statusId, severityId] = [2, 4];
      break;
    default:
      break;
  }
  return { classUid: 6003, categoryUid: 6, activityId, typeUid: 6003 * 100 + activityId, severityId, statusId };
}

function methodActivity(method: string | undefined): OcsfClassification['activityId'] {
  if (method === undefined) return 0;
  return activityByMethod[method.toUpperCase()] ?? 99;
}
