import type { AuditGrant } from '../audit/audit-event.js';
import type { Grant } from './grant.js';

/** The audit view of a grant: who it is for, until when, how many uses; never its scope's paths. */
export function auditGrant(grant: Grant): AuditGrant {
  return {
    id: grant.id,
    ...(grant.subject.user ? { subjectUser: grant.subject.user } : {}),
    ...(grant.subject.agent ? { subjectAgent: grant.subject.agent } : {}),
    expiresAt: grant.expiresAt,
    ...(grant.usesLeft !== undefined ? { usesLeft: grant.usesLeft } : {}),
    approvedBy: [...grant.approvedBy],
  };
}
