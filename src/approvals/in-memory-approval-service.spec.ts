import { describe, expect, it } from 'vitest';
import type { AuditEventInput } from '../audit/audit-event.js';
import { SystemClock } from '../clock/clock.js';
import { InMemoryGrantStore } from '../grants/in-memory-grant-store.js';
import { createSilentLogger } from '../logging/logger.js';
import { describeApprovalServiceContract, newRequest } from '../../test/support/approval-service-contract.js';
import { RecordingAuditSink, RecordingNotifier } from '../../test/support/recording-fakes.js';
import { InMemoryApprovalService } from './in-memory-approval-service.js';

describeApprovalServiceContract('in-memory', () => {
  const clock = new SystemClock();
  const grants = new InMemoryGrantStore({ clock });
  const audit = new RecordingAuditSink();
  const notifier = new RecordingNotifier();
  const maxGrantTtlMs = 3_600_000;
  const service = new InMemoryApprovalService({ grants, audit, notifier, clock, logger: createSilentLogger(), maxGrantTtlMs, sweepIntervalMs: 0 });
  return Promise.resolve({ service, grants, audit, notifier, maxGrantTtlMs, cleanup: () => service.close() });
});

describe('approver comments in audit events', () => {
  const decide = async (maskComment?: (comment: string) => string): Promise<AuditEventInput | undefined> => {
    const clock = new SystemClock();
    const audit = new RecordingAuditSink();
    const service = new InMemoryApprovalService({ grants: new InMemoryGrantStore({ clock }), audit, clock, logger: createSilentLogger(), sweepIntervalMs: 0, ...(maskComment ? { maskComment } : {}) });
    const created = await service.create(newRequest());
    await service.decide(created.id, { approver: { subject: 'alice', groups: ['phi-approvers'] }, verdict: 'approve', comment: 'ok for Jennifer Smith, MRN 12345678' });
    await service.close();
    return audit.events.find((e) => e.kind === 'approval.approved');
  };

  it('are masked by the given masker', async () => {
    const event = await decide(() => 'ok for [REDACTED:NAME], MRN [REDACTED:MRN]');
    expect(event?.approval?.comment).toBe('ok for [REDACTED:NAME], MRN [REDACTED:MRN]');
    expect(JSON.stringify(event)).not.toContain('Jennifer');
  });

  it('are left out without one', async () => {
    const event = await decide();
    expect(event).toBeDefined();
    expect(event?.approval?.comment).toBeUndefined();
    expect(JSON.stringify(event)).not.toContain('Jennifer');
  });
});
