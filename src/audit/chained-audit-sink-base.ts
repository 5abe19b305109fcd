import type { Clock } from '../clock/clock.js';
import { ErrorCode, WardgateError } from '../errors/wardgate-error.js';
import type { Logger } from '../logging/logger.js';
import type { AuditChain } from './audit-chain.js';
import type { AuditEventInput } from './audit-event.js';
import type { AuditSink, AuditSinkHealth } from './audit-sink.js';
import { copyJson } from './json-copy.js';
import type { SealedAuditEvent } from './sealed-audit-event.js';

export interface ChainedAuditSinkOptions {
  chain: AuditChain;
  /** Seal a signed checkpoint after this many events. */
  checkpointEveryEvents: number;
  /** …and this often while events are pending a checkpoint. */
  checkpointEveryMs: number;
  /** true (default): `emit` throws when an event cannot be kept; false: it drops and counts. */
  failClosed: boolean;
  /** Stamps `time` at emit. */
  clock: Pick<Clock, 'now'>;
  logger: Logger;
}

/**
 * The part every audit sink shares, after OpenTelemetry's BatchSpanProcessorBase: it seals
 * events into the hash chain, adds checkpoints by count, timer and at close, enforces the
 * fail-closed rule, counts drops, and makes `close` idempotent. Subclasses only move sealed
 * events (`accept` must not do I/O on the caller's stack).
 *
 * `emit` only copies the event and stamps its time; hashing happens in a batch on the next
 * turn of the event loop (or at flush), in emit order, so the request path stays cheap.
 */
export abstract class ChainedAuditSinkBase implements AuditSink {
  protected readonly chain: AuditChain;
  protected readonly logger: Logger;
  private readonly checkpointEveryEvents: number;
  private readonly failClosed: boolean;
  private readonly checkpointTimer: NodeJS.Timeout;
  private readonly clock: Pick<Clock, 'now'>;
  private closing: Promise<void> | undefined;
  private dropped = 0;
  private unsealed: { input: AuditEventInput; at: number }[] = [];
  private sealScheduled = false;

  protected constructor(options: ChainedAuditSinkOptions) {
    this.chain = options.chain;
    this.logger = options.logger;
    this.checkpointEveryEvents = Math.max(1, options.checkpointEveryEvents);
    this.failClosed = options.failClosed;
    this.clock = options.clock;
    this.checkpointTimer = setInterval(() => {
      this.sealPending();
      this.checkpoint('timer');
    }, Math.max(10, options.checkpointEveryMs));
    this.checkpointTimer.unref();
  }

  /** Events dropped because they could not be kept (only with failClosed=false). Must stay 0. */
  get droppedEvents(): number {
    return this.dropped;
  }

  get chainId(): string {
    return this.chain.chainId;
  }

  emit(event: AuditEventInput): void {
    const refusal = this.closing === undefined
      ? this.refusal()
      : new WardgateError(ErrorCode.Unavailable, 'audit sink is closed');
    if (refusal !== undefined) {
      if (this.failClosed || this.closing !== undefined) throw refusal;
      this.dropped++;
      this.logger.error({ kind: event.kind, dropped: this.dropped, reason: refusal.message }, 'audit event dropped');
      return;
    }
    this.unsealed.push({ input: copyJson(event), at: this.clock.now() });
    if (!this.sealScheduled) {
      this.sealScheduled = true;
      setImmediate(() => this.sealPending());
    }
  }

  /** Events emitted but not yet sealed (at most one event-loop turn's worth). */
  protected get unsealedCount(): number {
    return this.unsealed.length;
  }

  /** Seals what `emit` took, in order; subclasses call it before they flush. */
  protected sealPending(): void {
    this.sealScheduled = false;
    const batch = this.unsealed;
    if (batch.length === 0) return;
    this.unsealed = [];
    for (const { input, at } of batch) {
      let sealed;
      try {
        sealed = this.chain.seal(input, at);
      } catch (err) {
        // Only an event JSON cannot hold (NaN, a function) gets here: a producer bug, logged not sealed.
        this.dropped++;
        this.logger.error({ err, kind: input.kind, dropped: this.dropped }, 'audit event cannot be sealed');
        continue;
      }
      this.accept(sealed);
      if (this.chain.uncheckpointed >= this.checkpointEveryEvents) this.checkpoint('count');
    }
  }

  health(): AuditSinkHealth {
    const sinkHealth = this.sinkHealth();
    const health = { ...sinkHealth, pending: sinkHealth.pending + this.unsealed.length };
    if (this.closing !== undefined) return { ...health, ready: false, detail: 'closed' };
    if (this.dropped === 0) return health;
    return { ...health, detail: [health.detail, `${this.dropped} events dropped`].filter(Boolean).join('; ') };
  }

  flush(): Promise<void> {
    this.sealPending();
    return this.flushSink();
  }

  close(): Promise<void> {
    this.closing ??= this.shutdown();
    return this.closing;
  }

  private async shutdown(): Promise<void> {
    clearInterval(this.checkpointTimer);
    this.sealPending();
    this.checkpoint('close');
    try {
      await this.flushSink();
    } finally {
      await this.closeSink();
    }
  }

  private checkpoint(reason: 'count' | 'timer' | 'close'): void {
    const event = this.chain.checkpoint(reason);
    // Checkpoints bypass the capacity check: they are at most one per N events and losing one only delays proof.
    if (event !== undefined) this.accept(event);
  }

  /** Why an event cannot be kept right now, or undefined when it can. */
  protected abstract refusal(): WardgateError | undefined;
  /** Takes a sealed event into the delivery queue. Synchronous, no I/O, never throws. */
  protected abstract accept(event: SealedAuditEvent): void;
  protected abstract flushSink(): Promise<void>;
  /** Releases resources after the final flush. */
  protected abstract closeSink(): Promise<void>;
  protected abstract sinkHealth(): AuditSinkHealth;
}
