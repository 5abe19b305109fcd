import { SystemClock } from '../clock/clock.js';
import { InMemoryGrantStore } from '../grants/in-memory-grant-store.js';
import { createSilentLogger } from '../logging/logger.js';
import { describeApprovalServiceContract } from '../../test/support/approval-service-contract.js';
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
