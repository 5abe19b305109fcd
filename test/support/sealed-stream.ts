import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { createAuditChain } from '../../src/audit/audit-chain.js';
import type { AuditEventInput } from '../../src/audit/audit-event.js';
import { createEd25519Signer, type AuditVerificationKey } from '../../src/audit/audit-signer.js';
import type { SealedAuditEvent } from '../../src/audit/sealed-audit-event.js';
import { ManualClock } from '../../src/clock/clock.js';

export const T0 = Date.UTC(2026, 2, 2, 9, 0, 0);

/** A step of a scripted stream: an event at `at` ms after T0 (events are sealed in the order given). */
export interface ScriptedEvent {
  at: number;
  event: AuditEventInput;
}

export interface SealedStream {
  events: SealedAuditEvent[];
  keys: Map<string, AuditVerificationKey>;
}

const defaultKey = generateKeyPairSync('ed25519');

/** Seals a script on one chain, with a signed checkpoint every `every` events and at the end. */
export function sealScript(script: readonly ScriptedEvent[], options: { chainId?: string; keyId?: string; privateKey?: KeyObject; publicKey?: KeyObject; every?: number } = {}): SealedStream {
  const clock = new ManualClock(T0);
  const keyId = options.keyId ?? 'k1';
  const chain = createAuditChain({ chainId: options.chainId ?? 'gw-1', signer: createEd25519Signer(keyId, options.privateKey ?? defaultKey.privateKey), clock });
  const every = options.every ?? 5;
  const events: SealedAuditEvent[] = [];
  let last = T0;
  for (const step of script) {
    last = T0 + step.at;
    clock.set(last);
    events.push(chain.seal(step.event, last));
    if (chain.uncheckpointed >= every) events.push(chain.checkpoint('count')!);
  }
  const close = chain.checkpoint('close');
  if (close) events.push(close);
  return { events, keys: new Map([[keyId, options.publicKey ?? defaultKey.publicKey]]) };
}

/** Short-hands for the events Wardgate's components emit (shapes as in src/authz, extproc, approvals, admin). */
export const ev = {
  decision(o: { id: string; user?: string; agent?: string; dest?: string; method?: string; path?: string; kinds?: string[]; action: 'allow' | 'deny' | 'hold'; enforced?: 'allow' | 'deny' | 'hold'; rule?: string; dryRun?: boolean; reason?: string; grantId?: string; approvalId?: string; command?: string }): AuditEventInput {
    return {
      kind: 'access.decision',
      correlationId: o.id,
      actor: { ...(o.user ? { user: o.user, groups: ['dev'] } : {}), ...(o.agent ? { agent: o.agent } : {}), sourceAddress: '10.0.0.9' },
      target: { destination: o.dest ?? 'fhir.internal', method: o.method ?? 'GET', path: o.path ?? '/Patient', command: o.command ?? `${o.method ?? 'GET'} ${o.path ?? '/Patient'}`, commandKinds: o.kinds ?? ['rest:read'], commandHash: `hmac-sha256:${'a'.repeat(64)}` },
      decision: {
        action: o.action, enforced: o.enforced ?? (o.dryRun ? 'allow' : o.action), ruleId: o.rule ?? 'r-default', reason: o.reason ?? 'matched', dryRun: o.dryRun ?? false,
        ...(o.grantId ? { grantId: o.grantId } : {}), ...(o.approvalId ? { approvalId: o.approvalId } : {}),
      },
    };
  },
  session(o: { id?: string; user?: string; agent?: string; profile?: string; categories?: Record<string, number>; blocked?: string; noSummary?: boolean; rule?: string; status?: number }): AuditEventInput {
    const categories = o.categories ?? {};
    const total = Object.values(categories).reduce((a, b) => a + b, 0);
    return {
      kind: 'access.session',
      ...(o.id ? { correlationId: o.id } : {}),
      actor: { ...(o.user ? { user: o.user } : {}), ...(o.agent ? { agent: o.agent } : {}) },
      session: {
        status: o.status ?? 200, requestBytes: 0, responseBytes: 120, durationMs: 3, contentType: 'application/fhir+json',
        ...(o.profile === undefined ? { maskingProfile: 'strict' } : { maskingProfile: o.profile }),
        ...(o.noSummary ? {} : { masking: { categories, rules: {}, total } }),
        ...(o.blocked ? { blocked: o.blocked } : {}),
      },
      details: { outcome: 'completed', ruleId: o.rule ?? 'r-default' },
    };
  },
  requested(o: { approvalId: string; id: string; user: string; agent?: string; command: string; rule?: string; kinds?: string[] }): AuditEventInput {
    return {
      kind: 'approval.requested', correlationId: o.id,
      actor: { user: o.user, groups: ['dev'], ...(o.agent ? { agent: o.agent } : {}) },
      target: { destination: 'fhir.internal', method: 'POST', command: o.command, commandKinds: o.kinds ?? ['rest:write'] },
      approval: { id: o.approvalId, status: 'pending', approvalsRequired: 1 },
      details: { ruleId: o.rule ?? 'r-hold', expiresAt: T0 + 3_600_000 },
    };
  },
  decided(o: { approvalId: string; id: string; approver: string; verdict: 'approved' | 'denied'; comment?: string }): AuditEventInput {
    return {
      kind: o.verdict === 'approved' ? 'approval.approved' : 'approval.denied', correlationId: o.id,
      actor: { user: o.approver, groups: ['approvers'] },
      target: { destination: 'fhir.internal', method: 'POST', command: 'POST /Observation', commandKinds: ['rest:write'] },
      approval: { id: o.approvalId, status: o.verdict, approver: o.approver, ...(o.comment ? { comment: o.comment } : {}), approvalsRequired: 1 },
      details: { ruleId: 'r-hold', requester: 'alice' },
    };
  },
  expired(o: { approvalId: string; id: string; user: string }): AuditEventInput {
    return { kind: 'approval.expired', correlationId: o.id, actor: { user: o.user }, target: { destination: 'fhir.internal', method: 'POST', command: 'POST /x', commandKinds: ['rest:write'] }, approval: { id: o.approvalId, status: 'expired', approvalsRequired: 1 }, details: { ruleId: 'r-hold', votes: 0 } };
  },
  grantIssued(o: { grantId: string; approvalId?: string; id?: string; user: string; agent?: string; by: string; expiresAt: number; uses?: number; admin?: boolean }): AuditEventInput {
    return {
      kind: 'grant.issued',
      ...(o.id ? { correlationId: o.id } : {}),
      actor: o.admin ? { user: o.by, groups: ['admins'] } : { user: o.user, groups: ['dev'] },
      ...(o.admin ? {} : { target: { destination: 'fhir.internal', method: 'POST', command: 'POST /Observation', commandKinds: ['rest:write'] } }),
      ...(o.approvalId ? { approval: { id: o.approvalId, status: 'approved' } } : {}),
      grant: { id: o.grantId, subjectUser: o.user, ...(o.agent ? { subjectAgent: o.agent } : {}), expiresAt: o.expiresAt, ...(o.uses !== undefined ? { usesLeft: o.uses } : {}), approvedBy: [o.by] },
      ...(o.admin ? { details: { source: 'admin-api' } } : {}),
    };
  },
  grantUsed(o: { grantId: string; id: string; user: string; usesLeft?: number }): AuditEventInput {
    return { kind: 'grant.used', correlationId: o.id, actor: { user: o.user }, grant: { id: o.grantId, subjectUser: o.user, ...(o.usesLeft !== undefined ? { usesLeft: o.usesLeft } : {}) } };
  },
  grantRevoked(o: { grantId: string; by: string }): AuditEventInput {
    return { kind: 'grant.revoked', actor: { user: o.by, groups: ['admins'] }, grant: { id: o.grantId }, details: { source: 'admin-api' } };
  },
  policyLoaded(sha: string, rules = 3): AuditEventInput {
    return { kind: 'policy.loaded', policy: { sha256: sha.repeat(64 / sha.length), rules, source: '/etc/wardgate/policy.yaml' } };
  },
  policyRejected(error: string): AuditEventInput {
    return { kind: 'policy.rejected', policy: { sha256: '0'.repeat(64), source: '/etc/wardgate/policy.yaml', error } };
  },
  started(chainId = 'gw-1'): AuditEventInput {
    return { kind: 'service.started', details: { chainId, grpcPort: 9000, httpPort: 9090 } };
  },
  stopped(chainId = 'gw-1'): AuditEventInput {
    return { kind: 'service.stopped', details: { chainId } };
  },
};
