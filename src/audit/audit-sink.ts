import type { WardgateError } from '../errors/wardgate-error.js';
import type { AuditEventInput } from './audit-event.js';

export interface AuditSinkHealth {
  ready: boolean;
  /** Events accepted but not yet delivered downstream (in memory or in the local log). */
  pending: number;
  detail?: string;
  /** Unix ms of the last signed checkpoint on disk (undefined before the first). */
  lastCheckpointAt?: number;
  /** Events sealed since the last checkpoint: a checkpoint is due while this is above 0. */
  uncheckpointed?: number;
  /** Records the local log holds but cannot read (damaged on disk): skipped, never delivered. */
  unreadable?: number;
}

/**
 * What `emit` reports about one event. The sink never throws at its caller: it says whether it
 * took the event and when the event is on disk; `AuditRecorder` decides what a refusal means.
 */
export interface AuditReceipt {
  /** Set when the sink refused the event outright (closed, full): known at emit. */
  readonly refused: WardgateError | undefined;
  /** Settles (never rejects) once the event is fdatasync'ed to local disk: undefined, or why it is not. */
  readonly durable: Promise<WardgateError | undefined>;
}

export interface AuditEmitOptions {
  /**
   * The caller awaits `durable` (durable mode): the event is sealed and handed to the disk at
   * the end of the caller's task instead of on the next turn of the event loop, which may come
   * only after every other callback of the turn. @default false
   */
  awaited?: boolean;
}

/**
 * Where audit events go. Implementations: chained JSONL file (embedded default) and Kafka fed
 * from a local write-ahead log. `emit` does no I/O on the caller's stack; the caller may await
 * `durable` (durable mode) or not (queued mode).
 */
export interface AuditSink {
  /** Takes the event into the chain. Never throws. */
  emit(event: AuditEventInput, options?: AuditEmitOptions): AuditReceipt;
  health(): AuditSinkHealth;
  /** Resolves when everything emitted so far is on local disk (or failed to get there). Never rejects. */
  flush(): Promise<void>;
  /** Stops taking events, flushes and releases resources. Idempotent, never rejects. */
  close(): Promise<void>;
}
