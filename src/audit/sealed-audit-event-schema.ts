import { z } from 'zod';
import { AUDIT_SCHEMA_VERSION, type AuditEventKind } from './audit-event.js';
import type { SealedAuditEvent } from './sealed-audit-event.js';

const kinds = [
  'access.decision', 'access.session',
  'approval.requested', 'approval.approved', 'approval.denied', 'approval.expired',
  'grant.issued', 'grant.used', 'grant.revoked', 'grant.expired',
  'policy.loaded', 'policy.rejected', 'service.started', 'service.stopped', 'console.session', 'chain.checkpoint',
] as const satisfies readonly AuditEventKind[];

const hex64 = z.string().regex(/^[0-9a-f]{64}$/);
const counts = z.record(z.string(), z.number().int().nonnegative());
const decisionValue = z.enum(['allow', 'deny', 'hold']);

/** The published shape of a sealed audit event (docs/audit-event.schema.json is generated from it). */
export const sealedAuditEventSchema = z.strictObject({
  schemaVersion: z.string().regex(/^1\.\d+\.\d+$/).describe(`Schema version; this build writes ${AUDIT_SCHEMA_VERSION}.`),
  id: z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/).describe('UUIDv7, sortable by time.'),
  time: z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/).describe('ISO-8601 UTC with milliseconds.'),
  kind: z.enum(kinds),
  correlationId: z.string().optional(),
  traceId: z.string().regex(/^[0-9a-f]{32}$/).optional().describe('W3C trace id of the request, for correlation with traces.'),
  actor: z.strictObject({
    user: z.string().optional(),
    groups: z.array(z.string()).optional(),
    agent: z.string().optional(),
    sourceAddress: z.string().optional(),
  }).optional(),
  target: z.strictObject({
    destination: z.string().optional(),
    method: z.string().optional(),
    path: z.string().optional(),
    command: z.string().optional(),
    commandKinds: z.array(z.string()).optional(),
    commandHash: z.string().regex(/^hmac-sha256:[0-9a-f]{64}$/).optional(),
  }).optional(),
  decision: z.strictObject({
    action: decisionValue,
    enforced: decisionValue,
    ruleId: z.string(),
    reason: z.string(),
    dryRun: z.boolean(),
    grantId: z.string().optional(),
    approvalId: z.string().optional(),
  }).optional(),
  session: z.strictObject({
    status: z.number().int().optional(),
    requestBytes: z.number().int().nonnegative().optional().describe('Bytes of the request body Wardgate saw; absent when the body was not sent to it (size unknown).'),
    responseBytes: z.number().int().nonnegative().optional().describe('Bytes of the response body Wardgate saw; absent when the body was not sent to it (size unknown).'),
    durationMs: z.number().nonnegative(),
    contentType: z.string().optional(),
    maskingProfile: z.string().optional(),
    masking: z.strictObject({ categories: counts, rules: counts, total: z.number().int().nonnegative() }).optional(),
    blocked: z.string().optional(),
  }).optional(),
  approval: z.strictObject({
    id: z.string(),
    status: z.string(),
    approver: z.string().optional(),
    comment: z.string().optional(),
    approvalsRequired: z.number().int().nonnegative().optional(),
  }).optional(),
  grant: z.strictObject({
    id: z.string(),
    subjectUser: z.string().optional(),
    subjectAgent: z.string().optional(),
    expiresAt: z.number().int().optional(),
    usesLeft: z.number().int().optional(),
    approvedBy: z.array(z.string()).optional(),
  }).optional(),
  policy: z.strictObject({
    sha256: hex64,
    rules: z.number().int().nonnegative().optional(),
    source: z.string().optional(),
    error: z.string().optional(),
  }).optional(),
  details: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).optional(),
  ocsf: z.strictObject({
    classUid: z.literal(6003),
    categoryUid: z.literal(6),
    activityId: z.union([z.literal(0), z.literal(1), z.literal(2), z.literal(3), z.literal(4), z.literal(99)]),
    typeUid: z.number().int(),
    severityId: z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4)]),
    statusId: z.union([z.literal(0), z.literal(1), z.literal(2), z.literal(99)]),
  }),
  chain: z.strictObject({
    id: z.string().min(1),
    seq: z.number().int().min(1),
    prevHash: hex64,
    hash: hex64,
  }),
  checkpoint: z.strictObject({
    keyId: z.string().min(1),
    alg: z.enum(['Ed25519', 'HMAC-SHA256']),
    signature: z.string().regex(/^[A-Za-z0-9+/]+={0,2}$/),
    coversSeq: z.number().int().min(1),
  }).optional(),
});

// Fails to compile when the schema and the TypeScript types drift apart.
type SchemaEvent = z.infer<typeof sealedAuditEventSchema>;
const _schemaMatchesType: (e: SchemaEvent) => SealedAuditEvent = (e) => e;
const _typeMatchesSchema: (e: SealedAuditEvent) => SchemaEvent = (e) => e;

/**
 * What the verifier needs from any event, whatever minor version wrote it: the chain link,
 * the checkpoint and the time. Unknown fields are allowed (they are covered by the hash).
 */
export const auditEnvelopeSchema = z.looseObject({
  time: z.string(),
  kind: z.string(),
  chain: z.looseObject({ id: z.string().min(1), seq: z.number().int().min(1), prevHash: z.string(), hash: z.string() }),
  checkpoint: z.looseObject({ keyId: z.string(), alg: z.string(), signature: z.string(), coversSeq: z.number() }).optional(),
});
export type AuditEnvelope = z.infer<typeof auditEnvelopeSchema>;

/** The JSON Schema (draft 2020-12) published as docs/audit-event.schema.json. */
export function auditEventJsonSchema(): Record<string, unknown> {
  return {
    ...z.toJSONSchema(sealedAuditEventSchema, { target: 'draft-2020-12' }),
    $id: 'https://wardgate.dev/schemas/audit-event/v1.json',
    title: 'Wardgate sealed audit event',
  };
}
