import { CompressionTypes, Partitioners, type Kafka, type Message, type Producer } from 'kafkajs';
import { ErrorCode, WardgateError } from '../errors/wardgate-error.js';
import type { AuditSinkHealth } from './audit-sink.js';
import { ChainedAuditSinkBase, type ChainedAuditSinkOptions } from './chained-audit-sink-base.js';
import { createKafkaClient, type KafkaConnectionOptions } from './kafka-client.js';
import type { SealedAuditEvent } from './sealed-audit-event.js';
import { WriteAheadLog, type WriteAheadLogOptions } from './write-ahead-log.js';

export interface KafkaAuditSinkOptions extends ChainedAuditSinkOptions {
  connection: KafkaConnectionOptions;
  topic: string;
  /** Events per `send`. */
  batchSize: number;
  /** How long a partial batch waits for company. */
  lingerMs: number;
  compression: 'gzip' | 'none';
  /** The local write-ahead log every event goes through before Kafka. */
  log: Omit<WriteAheadLogOptions, 'logger'>;
  /** A send (or connect) not acknowledged within this time counts as failed. @default 10000 */
  sendTimeoutMs?: number;
  /** Reconnect backoff, doubled per failed attempt with ±20% jitter. @default { initialMs: 500, maxMs: 15000 } */
  backoff?: { initialMs: number; maxMs: number };
  /** At close, how long the shipper may go on sending what the log holds. @default sendTimeoutMs */
  closeShipMs?: number;
}

/**
 * - `up`: the shipper sends records from the log to Kafka as they become durable.
 * - `down`: a send failed; records stay in the log while a backoff loop retries.
 */
export type KafkaLinkState = 'up' | 'down';

export interface KafkaAuditSinkStats {
  link: KafkaLinkState;
  /** Events emitted, not yet on disk. */
  queued: number;
  /** Records in the local log not yet acknowledged by Kafka. */
  unshipped: number;
  logBytes: number;
  /** Records acknowledged by Kafka since start (replayed ones included). */
  delivered: number;
  refused: number;
  /** Records of the local log that could not be read (damaged on disk) and were skipped. */
  unreadable: number;
}

/**
 * Every sealed event is appended to a local write-ahead log (its receipt settles after the
 * fdatasync that covers it); a single shipper reads the log in order and sends batches to Kafka
 * with an idempotent producer (acks=all, one request in flight, keyed by chain id so a chain
 * stays in one ordered partition), then commits the acknowledged offset. An outage is not a
 * separate mode: the log simply grows until Kafka is back — also across a restart or a kill.
 */
export class KafkaAuditSink extends ChainedAuditSinkBase {
  private readonly kafka: Kafka;
  private readonly topic: string;
  private readonly batchSize: number;
  private readonly lingerMs: number;
  private readonly compression: CompressionTypes;
  private readonly sendTimeoutMs: number;
  private readonly closeShipMs: number;
  private readonly backoff: { initialMs: number; maxMs: number };
  private producer: Producer | undefined;
  private connected = false;
  private link: KafkaLinkState = 'up';
  private nextBackoffMs: number;
  private delivered = 0;
  private stopping = false;
  private stopped = false;
  private wake: (() => void) | undefined;
  private wakeOnStop: (() => void) | undefined;
  private readonly shipping: Promise<void>;
  private readonly unsubscribe: () => void;

  private constructor(options: KafkaAuditSinkOptions, private readonly log: WriteAheadLog) {
    super(options);
    this.kafka = createKafkaClient(options.connection, options.logger);
    this.topic = options.topic;
    this.batchSize = Math.max(1, options.batchSize);
    this.lingerMs = options.lingerMs;
    this.compression = options.compression === 'gzip' ? CompressionTypes.GZIP : CompressionTypes.None;
    this.sendTimeoutMs = options.sendTimeoutMs ?? 10_000;
    this.closeShipMs = options.closeShipMs ?? this.sendTimeoutMs;
    this.backoff = options.backoff ?? { initialMs: 500, maxMs: 15_000 };
    this.nextBackoffMs = this.backoff.initialMs;
    this.unsubscribe = log.onDurable(() => this.wake?.());
    this.shipping = this.ship();
  }

  /** Opens the log (records left by earlier processes are shipped first) and starts shipping. */
  static async create(options: KafkaAuditSinkOptions): Promise<KafkaAuditSink> {
    const log = await WriteAheadLog.open({ ...options.log, logger: options.logger });
    return new KafkaAuditSink(options, log);
  }

  stats(): KafkaAuditSinkStats {
    return {
      link: this.link,
      queued: this.inFlight,
      unshipped: this.log.end - this.log.committedOffset,
      logBytes: this.log.bytes,
      delivered: this.delivered,
      refused: this.refusedEvents,
      unreadable: this.log.unreadableRecords,
    };
  }

  protected refusal(): WardgateError | undefined {
    return this.log.refusal();
  }

  protected write(event: SealedAuditEvent, isCheckpoint: boolean): Promise<void> {
    return this.log.append(JSON.stringify(event), { force: isCheckpoint });
  }

  protected async closeSink(): Promise<void> {
    this.stopping = true;
    this.wakeOnStop?.();
    // Records Kafka does not take before the deadline stay in the log for the next start.
    const deadline = new Promise<void>((resolve) => setTimeout(resolve, this.closeShipMs).unref());
    await Promise.race([this.shipping, deadline]);
    this.stopped = true;
    this.wakeOnStop?.();
    await this.shipping;
    this.unsubscribe();
    await this.log.close();
    await this.dropProducer();
  }

  protected sinkHealth(): AuditSinkHealth {
    const unshipped = this.log.end - this.log.committedOffset;
    const pending = unshipped;
    // Damaged records do not make the sink unready (it keeps and ships the rest), but they are never silent.
    const unreadable = this.log.unreadableRecords;
    const damage = unreadable > 0 ? `${unreadable} records of the local log unreadable (damaged on disk), skipped` : undefined;
    const details = (...parts: Array<string | undefined>): { detail?: string } => {
      const detail = parts.filter(Boolean).join('; ');
      return detail === '' ? {} : { detail };
    };
    const refusal = this.refusal();
    if (refusal !== undefined) return { ready: false, pending, unreadable, ...details(refusal.message, damage) };
    if (this.link === 'down') return { ready: true, pending, unreadable, ...details(`kafka unreachable: ${unshipped} events kept in the local log`, damage) };
    return { ready: true, pending, unreadable, ...details(damage) };
  }

  /** The one shipping loop: log → Kafka → committed offset. */
  private async ship(): Promise<void> {
    let cursor = this.log.committedOffset;
    while (!this.stopped) {
      const available = this.log.end - cursor;
      if (available === 0) {
        if (this.stopping && this.log.pending === 0) return;
        await this.sleep(this.stopping ? 10 : 1000);
        continue;
      }
      // Let a partial batch gather company, unless we are draining.
      if (available < this.batchSize && !this.stopping && this.lingerMs > 0) await this.sleep(this.lingerMs, false);
      try {
        const { payloads, next } = await this.log.read(cursor, this.batchSize);
        if (payloads.length > 0 && !(await this.send(payloads))) {
          await this.linkFailed();
          continue;
        }
        cursor = next;
        this.delivered += payloads.length;
        await this.log.commit(cursor);
      } catch (err) {
        this.logger.error({ err }, 'audit shipping failed; retrying');
        await this.sleep(1000);
      }
    }
  }

  /** Waits `ms`, or until the sink stops, or (when `wakeable`) until new records are durable. */
  private sleep(ms: number, wakeable = true): Promise<void> {
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        if (this.wake === done) this.wake = undefined;
        if (this.wakeOnStop === done) this.wakeOnStop = undefined;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.wakeOnStop = done;
      if (wakeable) this.wake = done;
    });
  }

  private async send(payloads: string[]): Promise<boolean> {
    const messages: Message[] = payloads.map((value) => ({ key: chainIdOf(value), value }));
    try {
      const producer = await this.connectedProducer();
      await withTimeout(
        producer.send({ topic: this.topic, acks: -1, compression: this.compression, messages }),
        this.sendTimeoutMs,
        'Kafka send timed out',
      );
    } catch (err) {
      if (this.link === 'up') this.logger.warn({ err: describe(err), events: messages.length }, 'audit delivery to Kafka failed; events stay in the local log');
      return false;
    }
    if (this.link === 'down') this.logger.info({ unshipped: this.log.end - this.log.committedOffset }, 'Kafka reachable again: shipping the audit log');
    this.link = 'up';
    this.nextBackoffMs = this.backoff.initialMs;
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

  private async linkFailed(): Promise<void> {
    this.link = 'down';
    // kafkajs' idempotent producer can keep stale sequence numbers after a failed send and stall
    // once the broker is back, so each outage starts over with a new producer (and producer id).
    await this.dropProducer();
    if (this.stopping) {
      this.stopped = true;
      return;
    }
    const delay = Math.round(this.nextBackoffMs * (0.8 + Math.random() * 0.4));
    this.nextBackoffMs = Math.min(this.backoff.maxMs, this.nextBackoffMs * 2);
    await this.sleep(delay, false);
  }

  private async dropProducer(): Promise<void> {
    const producer = this.producer;
    this.producer = undefined;
    this.connected = false;
    if (producer !== undefined) await producer.disconnect().catch(() => undefined);
  }
}

function chainIdOf(line: string): string | null {
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
