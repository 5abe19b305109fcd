import { z } from 'zod';

/** Version of the report document; bump the major on any incompatible change (docs/audit-report.md). */
export const AUDIT_REPORT_VERSION = '1.0.0';

const count = z.number().int().nonnegative();
const time = z.string().describe('ISO-8601 UTC.');
const keyCount = z.strictObject({ key: z.string(), count });

/** A list kept up to a limit: `total` says how many there were, `items.length` how many are listed. */
function capped<T extends z.ZodType>(item: T) {
  return z.strictObject({ total: count, items: z.array(item) });
}

const finding = z.strictObject({
  kind: z.string().describe('The verifier\'s finding kind (gap, hash_mismatch, reordered, ...).'),
  chainId: z.string().optional(),
  seq: z.number().int().optional(),
  toSeq: z.number().int().optional(),
  message: z.string(),
});

const chain = z.strictObject({
  chainId: z.string(),
  events: count,
  firstSeq: z.number().int(),
  lastSeq: z.number().int(),
  firstTime: z.string(),
  lastTime: z.string(),
  startsAtSeq: z.number().int().optional(),
  checkpoints: count.describe('Checkpoint signatures that verified.'),
  keyIds: z.array(z.string()).describe('Key ids of the checkpoints seen on this chain, in order of first use.'),
  lastSignedSeq: z.number().int(),
  unsignedTail: count,
  duplicates: count.describe('Exact re-deliveries, ignored.'),
  ok: z.boolean(),
});

const decisionLabel = z.enum(['allow', 'deny', 'hold', 'dry_run_allow']);

const request = z.strictObject({
  time,
  user: z.string().optional(),
  agent: z.string().optional(),
  destination: z.string().optional(),
  method: z.string().optional(),
  path: z.string().optional().describe('As recorded, re-masked with the current engine.'),
  commandKinds: z.array(z.string()),
  decision: decisionLabel.describe('allow, deny or hold as the policy decided; dry_run_allow: let through by dry run although denied or held.'),
  enforced: z.enum(['allow', 'deny', 'hold']),
  ruleId: z.string(),
  grantId: z.string().optional(),
  approvalId: z.string().optional(),
  correlationId: z.string().optional(),
});

const session = z.strictObject({
  time,
  correlationId: z.string().optional(),
  user: z.string().optional(),
  agent: z.string().optional(),
  ruleId: z.string().optional(),
  status: z.number().int().optional(),
  maskingProfile: z.string().optional(),
  masked: count,
  categories: z.record(z.string(), count),
  blocked: z.string().optional(),
});

const sessionRef = z.strictObject({
  time,
  correlationId: z.string().optional(),
  user: z.string().optional(),
  agent: z.string().optional(),
  ruleId: z.string().optional(),
  maskingProfile: z.string().optional(),
  reason: z.string().optional(),
});

const grantEnd = z.enum(['active', 'expired', 'revoked', 'used_up']);

const grant = z.strictObject({
  id: z.string(),
  issuedAt: time,
  issuedBy: z.array(z.string()).describe('Approvers, or the admin who issued it directly.'),
  source: z.enum(['approval', 'admin']),
  approvalId: z.string().optional(),
  subjectUser: z.string().optional(),
  subjectAgent: z.string().optional(),
  scope: z.strictObject({ destination: z.string().optional(), method: z.string().optional(), commandKinds: z.array(z.string()) }).optional()
    .describe('From the held request (events do not carry a grant\'s paths).'),
  expiresAt: time.optional(),
  ttlMs: z.number().int().optional().describe('expiresAt minus the time of the grant.issued event, sealed just after the grant: a few ms under the TTL granted.'),
  usesAtIssue: z.number().int().optional(),
  useCount: count,
  uses: z.array(time).describe('Times of the first uses (up to the list limit).'),
  end: grantEnd,
  endedAt: time.optional(),
});

const hold = z.strictObject({
  approvalId: z.string(),
  requestedAt: time,
  user: z.string().optional(),
  agent: z.string().optional(),
  destination: z.string().optional(),
  method: z.string().optional(),
  command: z.string().optional().describe('Masked, and re-masked with the current engine.'),
  commandKinds: z.array(z.string()),
  ruleId: z.string().optional(),
  outcome: z.enum(['pending', 'approved', 'denied', 'expired']),
  decidedBy: z.string().optional(),
  decidedAt: time.optional(),
  comment: z.string().optional().describe('Re-masked with the current engine.'),
  timeToDecisionMs: z.number().int().optional(),
  grantId: z.string().optional(),
});

const policyVersion = z.strictObject({ sha256: z.string(), rules: z.number().int().optional(), loadedAt: time, chainId: z.string() });

/** The report as `--format json` writes it (the same object the HTML is rendered from). */
export const auditReportSchema = z.strictObject({
  reportVersion: z.string().regex(/^1\.\d+\.\d+$/).describe(`This build writes ${AUDIT_REPORT_VERSION}.`),
  generatedAt: time,
  scope: z.strictObject({
    from: time.optional(),
    to: time.optional(),
    sources: z.array(z.string()).describe('Files, or kafka://brokers/topic.'),
    firstEvent: time.optional(),
    lastEvent: time.optional(),
  }),
  integrity: z.strictObject({
    ok: z.boolean(),
    records: count.describe('Records read.'),
    inRange: count,
    eventsInReport: count.describe('Verified events the report is built from.'),
    excluded: z.record(z.string(), count).describe('Records left out of the report, by reason.'),
    chains: z.array(chain),
    findings: z.array(finding),
    keyIds: z.array(z.string()).describe('Key ids with at least one verified checkpoint signature.'),
    unsignedEvents: count,
    duplicates: count,
  }),
  policy: z.strictObject({
    versions: capped(policyVersion),
    rejected: capped(z.strictObject({ time, chainId: z.string(), error: z.string().optional() })),
    dryRun: z.strictObject({ decisions: count, firstAt: time.optional(), lastAt: time.optional(), days: z.array(z.string()) }),
  }),
  access: z.strictObject({
    total: count,
    byDecision: z.strictObject({ allow: count, deny: count, hold: count, dry_run_allow: count }),
    byEnforced: z.strictObject({ allow: count, deny: count, hold: count }),
    byUser: z.array(keyCount),
    byAgent: z.array(keyCount),
    byDestination: z.array(keyCount),
    byCommandKind: z.array(keyCount),
    byDay: z.array(z.strictObject({ day: z.string(), allow: count, deny: count, hold: count, dry_run_allow: count })),
    otherKeys: count.describe('Decisions counted under "(other)" because a breakdown reached its key limit.'),
    requests: z.array(request).describe('Every request, in the order read (each chain in seq order).'),
  }),
  masking: z.strictObject({
    sessions: count,
    maskedValues: count,
    byCategory: z.array(keyCount),
    byProfile: z.array(z.strictObject({ profile: z.string(), sessions: count, maskedValues: count })),
    exceptions: z.strictObject({
      passedUnmasked: capped(sessionRef).describe('Responses passed with maskingProfile none.'),
      blocked: capped(sessionRef),
      missingSummary: capped(sessionRef).describe('Sessions on a masked route without a masking summary.'),
      decisionWithoutSession: capped(sessionRef).describe('Allowed requests with no session event.'),
      sessionWithoutDecision: capped(sessionRef),
    }),
    sessionList: z.array(session).describe('Every response session, in the order read.'),
  }),
  approvals: z.strictObject({
    holds: capped(hold),
    byOutcome: z.strictObject({ pending: count, approved: count, denied: count, expired: count }),
    expiredUnanswered: count,
    grants: capped(grant),
    directGrants: count,
  }),
  exceptions: z.strictObject({
    failOpen: capped(z.strictObject({ time, correlationId: z.string().optional(), ruleId: z.string(), reason: z.string() })),
    lateDelivered: z.strictObject({ count, thresholdMs: count, known: z.boolean().describe('False for files: their records carry no delivery time.') }),
    starts: capped(z.strictObject({ chainId: z.string(), startedAt: time, stoppedAt: time.optional() })),
    restarts: count.describe('Starts after the first one in the period.'),
    uncleanStops: count.describe('Chains that ended without service.stopped, other than the latest.'),
    keyChanges: capped(z.strictObject({ time, chainId: z.string(), fromKeyId: z.string(), toKeyId: z.string() })),
  }),
  limits: z.strictObject({ listItems: count, breakdownKeys: count, htmlRows: count }),
});

export type AuditReport = z.infer<typeof auditReportSchema>;
export type ReportRequest = AuditReport['access']['requests'][number];
export type ReportSession = AuditReport['masking']['sessionList'][number];
export type ReportSessionRef = z.infer<typeof sessionRef>;
export type ReportHold = z.infer<typeof hold>;
export type ReportGrant = z.infer<typeof grant>;
export type ReportChain = z.infer<typeof chain>;
export type DecisionLabel = z.infer<typeof decisionLabel>;
export interface Capped<T> {
  total: number;
  items: T[];
}

/** The JSON Schema (draft 2020-12) published as docs/audit-report.schema.json. */
export function auditReportJsonSchema(): Record<string, unknown> {
  return {
    ...z.toJSONSchema(auditReportSchema, { target: 'draft-2020-12' }),
    $id: 'https://wardgate.dev/schemas/audit-report/v1.json',
    title: 'Wardgate audit report',
  };
}
