import type { AuditEventInput } from './audit-event.js';

export interface AuditSinkHealth {
  ready: boolean;
  /** Events accepted but not yet durably delivered (queue + spool). */
  pending: number;
  detail?: string;
}

/**
 * Where audit events go. Implementations: chained JSONL file (embedded default) and Kafka
 * with a disk spool. `emit` only enqueues: it must not add I/O latency to a decision.
 */
export interface AuditSink {
  /**
   * Accepts the event into the chain. Throws WardgateError(Unavailable or ResourceExhausted)
   * only when the event cannot be kept at all (neither delivery queue nor spool can take it);
   * callers on PHI routes then fail closed.
   */
  emit(event: AuditEventInput): void;
  health(): AuditSinkHealth;
  /** Resolves when everything emitted so far is durably delivered (or spooled). */
  flush(): Promise<void>;
  /** Flushes and releases resources. Idempotent. */
  close(): Promise<void>;
}
