import { CompressionTypes, Partitioners, type Kafka, type Message, type Producer } from 'kafkajs';
import { ErrorCode, WardgateError } from '../errors/wardgate-error.js';
import type { AuditSinkHealth } from './audit-sink.js';
import { ChainedAuditSinkBase, type ChainedAuditSinkOptions } from './chained-audit-sink-base.js';
import { DiskSpool, type DiskSpoolOptions, type SpoolSegment } from './disk-spool.js';
import { EventQueue } from './event-queue.js';
import { FlushWaiters } from './flush-waiters.js';
import { createKafkaClient, type KafkaConnectionOptions } from './kafka-client.js';
import type { SealedAuditEvent } from './sealed-audit-event.js';

export interface KafkaAuditSinkOptions extends ChainedAuditSinkOptions {
  connection: KafkaConnectionOptions;
  topic: string;
  /** Events per `send`. */
  batchSize: number;
  /** How long a partial batch waits for company. */
  lingerMs: number;
  compression: 'gzip' | 'none';
  /** Events held in memory; `emit` refuses beyond this. */
  queueMaxEvents: number;
  /** Above this many queued events the queue is spilled to the spool (Kafka slower than traffic). @default queueMaxEvents / 2 */
  highWaterEvents?: number;
  spool: Omit<DiskSpoolOptions, 'logger'>;
  /** A send (or connect) not acknowledged within this time counts as failed. @default 10000 */
  sendTimeoutMs?: number;
  /** Reconnect backoff, doubled per failed attempt with ±20% jitter. @default { initialMs: 500, maxMs: 15000 } */
  backoff?: { initialMs: number; maxMs: number };
}

/**
 * - `up`: events go to Kafka (spool leftovers first, so each chain stays in order).
 * - `down`: a send failed; events go to the disk spool while a backoff loop probes Kafka.
 */
export type KafkaLinkState = 'up' | 'down';

export interface KafkaAuditSinkStats {
  link: KafkaLinkState;
  queued: number;
  spooledEvents: number;
  spoolBytes: number;
  /** Events acknowledged by Kafka since start (replayed ones included). */
  delivered: number;
  dropped: number;
}

const spillChunk = 5000;
const spoolRetryMs = 1000;

/**
 * Sends sealed events to Kafka with an idempotent producer (acks=all, one request in flight,
 * keyed by chain id so a chain stays in one ordered partition), in batches. When Kafka is
 * unreachable or too slow, events go to an fsync'ed disk spool and are replayed in order,
 * before newer events, once Kafka is back — also after a restart.
 */
export class KafkaAuditSink extends ChainedAuditSinkBase {
  private readonly kafka: Kafka;
  private readonly topic: string;
  private readonly batchSize: number;
  private readonly lingerMs: number;
  private readonly compression: CompressionTypes;
  private readonly queueMaxEvents: number;
  private readonly highWater: number;
  private readonly sendTimeoutMs: number;
  private readonly backoff: { initialMs: number; maxMs: number };
  private readonly queue = new EventQueue<SealedAuditEvent>();
  private readonly waiters = new FlushWaiters();
  private producer: Producer | undefined;
  private connected = false;
  private link: KafkaLinkState = 'up';
  private replay: { segment: SpoolSegment; offset: number } | undefined;
  private spoolError: WardgateError | undefined;
  private pumping: Promise<void> | undefined;
  private again = false;
  private lingerTimer: NodeJS.Timeout | undefined;
  private retryTimer: NodeJS.Timeout | undefined;
  private nextBackoffMs: number;
  private delivered = 0;
  private closed = false;
  private warnedSlow = false;

  private constructor(options: KafkaAuditSinkOptions, private readonly spool: DiskSpool) {
    super(options);
    this.kafka = createKafkaClient(options.connection, options.logger);
    this.topic = options.topic;
    this.batchSize = Math.max(1, options.batchSize);
    this.lingerMs = options.lingerMs;
    this.compression = options.compression === 'gzip' ? CompressionTypes.GZIP : CompressionTypes.None;
    this.queueMaxEvents = options.queueMaxEvents;
    this.highWater = options.highWaterEvents ?? Math.max(this.batchSize, Math.floor(options.queueMaxEvents / 2));
    this.sendTimeoutMs = options.sendTimeoutMs ?? 10_000;
    this.backoff = options.backoff ?? { initialMs: 500, maxMs: 15_000 };
    this.nextBackoffMs = this.backoff.initialMs;
  }

  /** Opens the spool (picking up leftovers of earlier processes, replayed first) and starts the sink. */
  static async create(options: KafkaAuditSinkOptions): Promise<KafkaAuditSink> {
    const spool = await DiskSpool.open({ ...options.spool, logger: options.logger });
    const sink = new KafkaAuditSink(options, spool);
    if (!spool.isEmpty) sink.kick();
    return sink;
  }

  stats(): KafkaAuditSinkStats {
    return {
      link: this.link,
      queued: this.queue.length + this.unsealedCount,
      spooledEvents: this.spooledEvents(),
      spoolBytes: this.spool.bytes,
      delivered: this.delivered,
      dropped: this.droppedEvents,
    };
  }

  protected refusal(): WardgateError | undefined {
    const queued = this.queue.length + this.unsealedCount;
    if (queued >= this.queueMaxEvents) {
      return new WardgateError(ErrorCode.Unavailable, 'audit queue full', { details: { queued } });
    }
    if (this.link === 'down' && (this.spoolError !== undefined || this.spool.isFull())) {
      return new WardgateError(ErrorCode.Unavailable, 'audit events can be neither delivered nor spooled', { cause: this.spoolError });
    }
    return undefined;
  }

  protected accept(event: SealedAuditEvent): void {
    this.queue.push(event);
    this.waiters.onAccepted();
    if (this.queue.length >= this.batchSize) {
      this.kick();
    } else if (this.lingerTimer === undefined) {
      this.lingerTimer = setTimeout(() => {
        this.lingerTimer = undefined;
        this.kick();
      }, this.lingerMs);
    }
  }

  protected async flushSink(): Promise<void> {
    const done = this.waiters.wait();
    this.kick();
    await done;
  }

  protected async closeSink(): Promise<void> {
    this.closed = true;
    for (const timer of [this.lingerTimer, this.retryTimer]) if (timer !== undefined) clearTimeout(timer);
    await this.pumping;
    await this.spool.close();
    await this.dropProducer();
  }

  protected sinkHealth(): AuditSinkHealth {
    const pending = this.queue.length + this.spooledEvents();
    const refusal = this.refusal();
    if (refusal !== undefined) return { ready: false, pending, detail: refusal.message };
    if (this.link === 'down') return { ready: true, pending, detail: `kafka unreachable: spooling to disk (${this.spooledEvents()} events)` };
    if (!this.spool.isEmpty) return { ready: true, pending, detail: `replaying spool (${this.spooledEvents()} events)` };
    return { ready: true, pending };
  }

  private spooledEvents(): number {
    return this.spool.lines - (this.replay?.offset ?? 0);
  }

  /** Runs the single delivery loop, or asks the running one to look again. */
  private kick(): void {
    if (this.pumping !== undefined) {
      this.again = true;
      return;
    }
    this.pumping = this.pump().finally(() => {
      this.pumping = undefined;
    });
  }

  private async pump(): Promise<void> {
    do {
      this.again = false;
      try {
        while (await this.step());
      } catch (err) {
        this.logger.error({ err }, 'audit delivery loop failed; retrying');
        this.scheduleRetry();
      }
    } while (this.again && !this.closed);
  }

  /** One unit of work; true when it made progress and should be called again. */
  private async step(): Promise<boolean> {
    if (this.closed) return false;
    if (this.link === 'down') return this.queue.length > 0 && this.spill();
    const flushing = this.waiters.pending > 0;
    if (this.replay !== undefined || !this.spool.isEmpty) {
      // Older events are still on disk: newer ones queue up behind them, on disk once there are many.
      if (this.queue.length > 0 && (flushing || this.queue.length >= this.highWater)) return this.spill();
      return this.replayBatch();
    }
    if (this.queue.length === 0) return false;
    if (this.queue.length >= this.highWater) {
      if (!this.warnedSlow) this.logger.warn({ queued: this.queue.length }, 'Kafka is slower than audit traffic: spooling to disk');
      this.warnedSlow = true;
      return this.spill();
    }
    const batch = this.queue.peek(this.batchSize);
    if (!(await this.send(batch.map((e) => ({ key: e.chain.id, value: JSON.stringify(e) }))))) return this.linkFailed();
    this.queue.drop(batch.length);
    this.waiters.onSettled(batch.length);
    return true;
  }

  private async replayBatch(): Promise<boolean> {
    if (this.replay === undefined) {
      const segment = await this.spool.oldest();
      if (segment === undefined) return false;
      this.replay = { segment, offset: 0 };
    }
    const { segment, offset } = this.replay;
    if (offset >= segment.lines.length) {
      await this.spool.remove(segment.name);
      this.replay = undefined;
      if (this.spool.isEmpty) this.logger.info({ delivered: this.delivered }, 'audit spool replayed to Kafka');
      return true;
    }
    const lines = segment.lines.slice(offset, offset + this.batchSize);
    if (!(await this.send(lines.map((line) => ({ key: chainIdOfLine(line), value: line }))))) return this.linkFailed();
    this.replay.offset += lines.length;
    return true;
  }

  /** Moves queued events to the spool, oldest first. */
  private async spill(): Promise<boolean> {
    const events = this.queue.peek(spillChunk);
    try {
      await this.spool.append(events.map((e) => JSON.stringify(e)));
    } catch (err) {
      const error = WardgateError.from(err, ErrorCode.Unavailable);
      if (this.spoolError === undefined) this.logger.error({ err, queued: this.queue.length }, 'audit spool not writable');
      this.spoolError = error;
      if (this.link === 'down') this.waiters.rejectAll(error);
      this.scheduleRetry();
      return false;
    }
    if (this.spoolError !== undefined) this.logger.info('audit spool writable again');
    this.spoolError = undefined;
    this.queue.drop(events.length);
    this.waiters.onSettled(events.length);
    return true;
  }

  private async send(messages: Message[]): Promise<boolean> {
    try {
      const producer = await this.connectedProducer();
      await withTimeout(
        producer.send({ topic: this.topic, acks: -1, compression: this.compression, messages }),
        this.sendTimeoutMs,
        'Kafka send timed out',
      );
    } catch (err) {
      this.logger.warn({ err: describe(err), events: messages.length }, 'audit delivery to Kafka failed; spooling');
      return false;
    }
    this.delivered += messages.length;
    this.nextBackoffMs = this.backoff.initialMs;
    this.warnedSlow = false;
    return true;
  }

  private async connectedProducer(): Promise<Producer> {
    if (this.producer !== undefined && this.connected) return this.producer;
    this.producer ??= this.kafka.producer({
      idempotent: true,
      maxInFlightRequests: 1,
      allowAutoTopicCreation: false,
      retry: { retries: 2, initialRetryTime: 200, maxRetryTime: 2000 },
      createPartitioner: Partitioners.DefaultPartitioner,
    });
    await withTimeout(this.producer.connect(), this.sendTimeoutMs, 'Kafka connect timed out');
    this.connected = true;
    return this.producer;
  }

  /** Marks Kafka down and starts probing; true so that the loop goes on to spool the queue. */
  private linkFailed(): boolean {
    this.link = 'down';
    // kafkajs' idempotent producer can keep stale sequence numbers after a failed send and stall
    // once the broker is back, so each outage starts over with a new producer (and producer id).
    void this.dropProducer();
    this.scheduleProbe();
    return true;
  }

  private async dropProducer(): Promise<void> {
    const producer = this.producer;
    this.producer = undefined;
    this.connected = false;
    if (producer !== undefined) await producer.disconnect().catch(() => undefined);
  }

  private scheduleProbe(): void {
    if (this.retryTimer !== undefined || this.closed) return;
    const delay = Math.round(this.nextBackoffMs * (0.8 + Math.random() * 0.4));
    this.nextBackoffMs = Math.min(this.backoff.maxMs, this.nextBackoffMs * 2);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      void this.probe();
    }, delay);
  }

  private async probe(): Promise<void> {
    if (this.closed) return;
    try {
      await this.connectedProducer();
    } catch (err) {
      this.logger.debug({ err: describe(err) }, 'Kafka still unreachable');
      await this.dropProducer();
      this.scheduleProbe();
      return;
    }
    // The next send (spool replay first) is the real test; a failure brings us back here with a longer backoff.
    this.logger.info({ spooled: this.spooledEvents() }, 'Kafka reachable again: replaying audit spool');
    this.link = 'up';
    this.kick();
  }

  private scheduleRetry(): void {
    if (this.link === 'down') {
      this.scheduleProbe();
      return;
    }
    if (this.retryTimer !== undefined || this.closed) return;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      this.kick();
    }, spoolRetryMs);
  }
}

function chainIdOfLine(line: string): string | null {
  try {
    const id = (JSON.parse(line) as { chain?: { id?: unknown } }).chain?.id;
    return typeof id === 'string' ? id : null;
  } catch {
    return null;
  }
}

/** Error name and message only: kafkajs errors carry request details we do not need in logs. */
function describe(err: unknown): { name: string; message: string } | string {
  return err instanceof Error ? { name: err.name, message: err.message } : String(err);
}

async function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new WardgateError(ErrorCode.DeadlineExceeded, message)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
