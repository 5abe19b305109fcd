import type { AuditRecorder } from '../audit/audit-recorder.js';
import type { AuditSink } from '../audit/audit-sink.js';
import type { Logger } from '../logging/logger.js';

/** One named step of the stop sequence. */
export interface StopStep {
  name: string;
  run: () => unknown;
}

/** What there is to stop; a start that failed half-way has only some of it. */
export interface StoppableParts {
  audit?: AuditSink & { readonly chainId: string };
  recorder?: AuditRecorder;
  policy?: { close(): void };
  customMasking?: { close(): void };
  /** The live approval streams (`GET /v1/approvals/events`), which keep HTTP connections open. */
  approvalEvents?: { stop(): Promise<void> };
  /** The console's session expiry sweep: stopped before Redis and the audit sink close under it. */
  consoleSweep?: { stop(): Promise<void> } | undefined;
  approvals?: { close(): Promise<void> };
  grants?: { close(): Promise<void> };
  redis?: { quit(): Promise<unknown>; disconnect(): void };
  tracer?: { shutdown(): Promise<void> };
}

/**
 * The stop order, written once. The gRPC server has already stopped accepting and drained its
 * in-flight streams (WardgateServer.shutdown) when this runs; the HTTP server closes after it, and
 * waits for open connections, so the approval event streams are ended here first:
 * flush audit → stop what produces events (policy watcher, approval event streams, approvals) → close stores (grants,
 * Redis) → record `service.stopped` (after everything it speaks for, so it is the last durable
 * point) → close audit (closing checkpoint, fdatasync) → shut down tracing (export the last spans,
 * those of the steps above included).
 */
export function stopSteps(parts: StoppableParts): StopStep[] {
  const { audit, recorder, policy, customMasking, approvalEvents, consoleSweep, approvals, grants, redis, tracer } = parts;
  const steps: Array<StopStep | undefined> = [
    audit && { name: 'flush audit', run: () => audit.flush() },
    policy && { name: 'close policy watcher', run: () => policy.close() },
    customMasking && { name: 'close custom masking watcher', run: () => customMasking.close() },
    approvalEvents && { name: 'end approval event streams', run: () => approvalEvents.stop() },
    consoleSweep && { name: 'stop console session sweep', run: () => consoleSweep.stop() },
    approvals && { name: 'close approvals', run: () => approvals.close() },
    grants && { name: 'close grants', run: () => grants.close() },
    redis && { name: 'close redis', run: () => redis.quit().catch(() => redis.disconnect()) },
    audit && recorder && { name: 'record service.stopped', run: () => recorder.record({ kind: 'service.stopped', details: { chainId: audit.chainId } }, 'record') },
    audit && { name: 'close audit', run: () => audit.close() },
    tracer && { name: 'shut down tracing', run: () => tracer.shutdown() },
  ];
  return steps.filter((s): s is StopStep => s !== undefined);
}

/** Runs every step in order; a step that fails is logged and the next runs. Never rejects; returns the failed names. */
export async function runStopSteps(steps: readonly StopStep[], logger: Logger): Promise<string[]> {
  const failed: string[] = [];
  for (const step of steps) {
    try {
      await step.run();
    } catch (err: unknown) {
      failed.push(step.name);
      logger.error({ err, step: step.name }, 'stop step failed');
    }
  }
  return failed;
}
