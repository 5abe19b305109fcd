import type { Clock } from '../clock/clock.js';
import { ErrorCode, WardgateError } from '../errors/wardgate-error.js';
import type { Logger } from '../logging/logger.js';
import type { AuditChain } from './audit-chain.js';
import type { AuditEventInput } from './audit-event.js';
import type { AuditEmitOptions, AuditReceipt, AuditSink, AuditSinkHealth } from './audit-sink.js';
import { copyJson } from './json-copy.js';
import type { SealedAuditEvent } from './sealed-audit-event.js';

export interface ChainedAuditSinkOptions {
  chain: AuditChain;
  /** Seal a signed checkpoint after this many events. */
  checkpointEveryEvents: number;
  /** …and this often while events are pending a checkpoint. */
  checkpointEveryMs: number;
  /** Events emitted but not yet on disk; `emit` refuses beyond this. */
  queueMaxEvents: number;
  /** Stamps `time` at emit. */
  clock: Pick<Clock, 'now'>;
  logger: Logger;
}

interface Unsealed {
  input: AuditEventInput;
  at: number;
  settle: (outcome: WardgateError | undefined) => void;
}

/**
 * The part every audit sink shares, after OpenTelemetry's BatchSpanProcessorBase: it seals
 * events into the hash chain, adds checkpoints by count, timer and at close, bounds what is
 * waiting for the disk, counts refusals, and makes `close` idempotent. It never throws at its
 * callers: `emit` returns a receipt. Subclasses only write sealed events durably.
 *
 * `emit` only copies the event and stamps its time; hashing happens in a batch on the next
 * turn of the event loop (or at flush), in emit order, so the request path stays cheap. An
 * event its caller waits for is sealed at the end of the caller's task instead (with whatever
 * else is unsealed), so that its write starts before the turn's other callbacks run.
 */
export abstract class ChainedAuditSinkBase implements AuditSink {
  protected readonly chain: AuditChain;
  protected readonly logger: Logger;
  private readonly checkpointEveryEvents: number;
  private readonly queueMaxEvents: number;
  private readonly checkpointTimer: NodeJS.Timeout;
  private readonly clock: Pick<Clock, 'now'>;
  private closing: Promise<void> | undefined;
  private refused = 0;
  private unsealed: Unsealed[] = [];
  private sealScheduled = false;
  private sealSoon = false;
  /** Events sealed and handed to `write` whose write has not settled. */
  private writing = 0;
  private lastWrite: Promise<unknown> = Promise.resolve();
  private lastCheckpointAt: number | undefined;

  protected constructor(options: ChainedAuditSinkOptions) {
    this.chain = options.chain;
    this.logger = options.logger;
    this.checkpointEveryEvents = Math.max(1, options.checkpointEveryEvents);
    this.queueMaxEvents = options.queueMaxEvents;
    this.clock = options.clock;
    this.checkpointTimer = setInterval(() => {
      this.sealPending();
      this.checkpoint('timer');
    }, Math.max(10, options.checkpointEveryMs));
    this.checkpointTimer.unref();
  }

  /** Events refused since start (the recorder decided what each meant). */
  get refusedEvents(): number {
    return this.refused;
  }

  get chainId(): string {
    return this.chain.chainId;
  }

  emit(event: AuditEventInput, options: AuditEmitOptions = {}): AuditReceipt {
    const refusal = this.closing !== undefined ? new WardgateError(ErrorCode.Unavailable, 'audit sink is closed') : this.admission();
    if (refusal !== undefined) {
      this.refused++;
      return { refused: refusal, durable: Promise.resolve(refusal) };
    }
    let settle!: (outcome: WardgateError | undefined) => void;
    const durable = new Promise<WardgateError | undefined>((resolve) => (settle = resolve));
    this.unsealed.push({ input: copyJson(event), at: this.clock.now(), settle });
    if (options.awaited === true) {
      if (!this.sealSoon) {
        this.sealSoon = true;
        queueMicrotask(() => {
          this.sealSoon = false;
          this.sealPending();
        });
      }
    } else if (!this.sealScheduled) {
      this.sealScheduled = true;
      setImmediate(() => {
        this.sealScheduled = false;
        this.sealPending();
      });
    }
    return { refused: undefined, durable };
  }

  /** Events emitted and not yet on disk. */
  protected get inFlight(): number {
    return this.unsealed.length + this.writing;
  }

  private admission(): WardgateError | undefined {
    if (this.inFlight >= this.queueMaxEvents) {
      return new WardgateError(ErrorCode.Unavailable, 'audit queue full', { details: { queued: this.inFlight } });
    }
    return this.refusal();
  }

  /** Seals what `emit` took, in order, and hands it to `write`. */
  private sealPending(): void {
    const batch = this.unsealed;
    if (batch.length === 0) return;
    this.unsealed = [];
    for (const { input, at, settle } of batch) {
      let sealed;
      try {
        sealed = this.chain.seal(input, at);
      } catch (err) {
        // Only an event JSON cannot hold (NaN, a function) gets here: a producer bug, logged not sealed.
        this.logger.error({ err, kind: input.kind }, 'audit event cannot be sealed');
        settle(WardgateError.from(err));
        continue;
      }
      this.track(sealed, false, settle);
      if (this.chain.uncheckpointed >= this.checkpointEveryEvents) this.checkpoint('count');
    }
  }

  private track(event: SealedAuditEvent, isCheckpoint: boolean, settle: (outcome: WardgateError | undefined) => void): void {
    this.writing++;
    const done = this.write(event, isCheckpoint).then(
      () => undefined,
      (err: unknown) => {
        const error = WardgateError.from(err, ErrorCode.Unavailable);
        this.refused++;
        this.logger.error({ err: error, cause: error.cause, kind: event.kind, seq: event.chain.seq }, 'audit event not written to disk');
        return error;
      },
    );
    this.lastWrite = done;
    void done.then((outcome) => {
      this.writing--;
      settle(outcome);
    });
  }

  health(): AuditSinkHealth {
    const sinkHealth = this.sinkHealth();
    const health: AuditSinkHealth = {
      ...sinkHealth,
      pending: sinkHealth.pending + this.inFlight,
      uncheckpointed: this.chain.uncheckpointed,
      ...(this.lastCheckpointAt !== undefined ? { lastCheckpointAt: this.lastCheckpointAt } : {}),
    };
    if (this.closing !== undefined) return { ...health, ready: false, detail: 'closed' };
    if (this.refused === 0) return health;
    return { ...health, detail: [health.detail, `${this.refused} events refused`].filter(Boolean).join('; ') };
  }

  async flush(): Promise<void> {
    this.sealPending();
    await this.lastWrite;
  }

  close(): Promise<void> {
    this.closing ??= this.shutdown().catch((err: unknown) => {
      this.logger.error({ err }, 'audit sink did not close cleanly');
    });
    return this.closing;
  }

  private async shutdown(): Promise<void> {
    clearInterval(this.checkpointTimer);
    this.sealPending();
    this.checkpoint('close');
    await this.lastWrite;
    await this.closeSink();
  }

  private checkpoint(reason: 'count' | 'timer' | 'close'): void {
    const event = this.chain.checkpoint(reason);
    if (event === undefined) return;
    this.track(event, true, (outcome) => {
      // Only a checkpoint on disk counts: the overdue alert watches this time.
      if (outcome === undefined) this.lastCheckpointAt = Date.parse(event.time);
    });
  }

  /** Why an event cannot be taken right now (beyond the in-memory bound), or undefined. */
  protected abstract refusal(): WardgateError | undefined;
  /**
   * Writes a sealed event durably; resolves after the fdatasync that covers it. Calls come in
   * chain order and must be written in that order. Checkpoints may exceed the disk bound.
   */
  protected abstract write(event: SealedAuditEvent, isCheckpoint: boolean): Promise<void>;
  /** Releases resources after the last write settled. */
  protected abstract closeSink(): Promise<void>;
  /** Readiness and events pending beyond the disk (`health` adds those not yet on it). */
  protected abstract sinkHealth(): AuditSinkHealth;
}
