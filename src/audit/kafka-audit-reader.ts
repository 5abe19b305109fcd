import { randomUUID } from 'node:crypto';
import { ErrorCode, WardgateError } from '../errors/wardgate-error.js';
import type { Logger } from '../logging/logger.js';
import { createKafkaClient, type KafkaConnectionOptions } from './kafka-client.js';

export interface ReadAuditTopicOptions {
  connection: KafkaConnectionOptions;
  topic: string;
  logger: Logger;
  /** Give up when no record of the snapshot arrives within this time. @default 120000 */
  timeoutMs?: number;
  /** Records parsed ahead of the reader; the consumer waits beyond this. @default 1000 */
  maxBuffered?: number;
  /**
   * Start each partition at its first record Kafka timestamped at or after this (epoch ms)
   * instead of at the beginning: records before it are not read at all.
   */
  fromTimestamp?: number;
  /** What to yield for each record instead of its parsed value (e.g. with its Kafka timestamp). */
  mapRecord?: (value: unknown, record: { timestamp: number; partition: number; offset: string }) => unknown;
}

/**
 * How far before `--from` the topic is read: a record's Kafka timestamp is set when it is sent,
 * after its event was sealed, by the same host's clock (or the broker's, with LogAppendTime),
 * so it is never earlier than the event's time by more than the clocks disagree.
 */
export const AUDIT_TOPIC_CLOCK_SLACK_MS = 5 * 60_000;

/**
 * Streams a topic from the beginning (or from `fromTimestamp`) up to the high-water marks taken
 * at the start (a snapshot),
 * each partition in offset order (a chain is keyed to one partition, so each chain arrives in
 * its own order; partitions interleave), each value parsed as JSON (unparseable values are
 * yielded as strings so the verifier can report them). Uses a throw-away consumer group.
 * Memory stays bounded whatever the topic's size: the consumer waits while `maxBuffered`
 * records are not yet taken.
 */
export async function* streamAuditTopic(options: ReadAuditTopicOptions): AsyncGenerator<unknown> {
  const kafka = createKafkaClient(options.connection, options.logger);
  const admin = kafka.admin();
  const groupId = `wardgate-audit-verify-${randomUUID()}`;
  const consumer = kafka.consumer({ groupId, allowAutoTopicCreation: false });
  const maxBuffered = options.maxBuffered ?? 1000;
  const timeoutMs = options.timeoutMs ?? 120_000;
  const buffered: unknown[] = [];
  let wakeReader: (() => void) | undefined;
  let wakeConsumer: (() => void) | undefined;
  let finished = false;
  let failure: unknown;
  let joined = false;
  const nudgeReader = (): void => {
    const wake = wakeReader;
    wakeReader = undefined;
    wake?.();
  };
  const releaseConsumer = (): void => {
    const wake = wakeConsumer;
    wakeConsumer = undefined;
    wake?.();
  };
  try {
    await admin.connect();
    const offsets = await admin.fetchTopicOffsets(options.topic);
    const starts = new Map<number, bigint>(offsets.map((o) => [o.partition, BigInt(o.low)]));
    if (options.fromTimestamp !== undefined) {
      // Kafka answers the high-water mark for a partition with nothing that late.
      for (const o of await admin.fetchTopicOffsetsByTimestamp(options.topic, options.fromTimestamp)) {
        const start = BigInt(o.offset);
        if (start > (starts.get(o.partition) ?? 0n)) starts.set(o.partition, start);
      }
    }
    const targets = new Map<number, bigint>();
    for (const o of offsets) if (BigInt(o.high) > starts.get(o.partition)!) targets.set(o.partition, BigInt(o.high));
    if (targets.size === 0) return;
    const done = new Set<number>();
    await consumer.connect();
    joined = true;
    await consumer.subscribe({ topics: [options.topic] });
    consumer
      .run({
        autoCommit: false,
        eachMessage: async ({ partition, message }) => {
          const target = targets.get(partition);
          const offset = BigInt(message.offset);
          // Below the start: delivered before the seek took effect.
          if (finished || target === undefined || offset >= target || offset < starts.get(partition)!) return;
          const value = parse(message.value);
          buffered.push(options.mapRecord === undefined ? value : options.mapRecord(value, { timestamp: Number(message.timestamp), partition, offset: message.offset }));
          if (offset + 1n >= target) {
            done.add(partition);
            if (done.size === targets.size) finished = true;
          }
          nudgeReader();
          // Backpressure: kafkajs hands over the next record only when this one is settled.
          if (buffered.length >= maxBuffered && !finished) await new Promise<void>((resolve) => (wakeConsumer = resolve));
        },
      })
      .catch((err: unknown) => {
        failure = err;
        nudgeReader();
      });
    // Once run has set the consumer up (synchronously), each partition starts where it should.
    for (const partition of targets.keys()) consumer.seek({ topic: options.topic, partition, offset: String(starts.get(partition)!) });
    for (;;) {
      if (buffered.length > 0) {
        const batch = buffered.splice(0, buffered.length);
        releaseConsumer();
        yield* batch;
        continue;
      }
      if (failure !== undefined) throw WardgateError.from(failure, ErrorCode.Unavailable);
      if (finished) return;
      let timer: NodeJS.Timeout | undefined;
      try {
        await new Promise<void>((resolve, reject) => {
          wakeReader = resolve;
          timer = setTimeout(() => reject(new WardgateError(ErrorCode.DeadlineExceeded, `no audit record arrived within ${timeoutMs} ms`)), timeoutMs);
        });
      } finally {
        clearTimeout(timer);
      }
    }
  } catch (cause) {
    throw WardgateError.from(cause, ErrorCode.Unavailable);
  } finally {
    finished = true;
    releaseConsumer();
    if (joined) await consumer.disconnect().catch(() => undefined);
    await admin.deleteGroups([groupId]).catch(() => undefined);
    await admin.disconnect().catch(() => undefined);
  }
}

/** The whole snapshot as an array (for small topics and tests; `streamAuditTopic` for any size). */
export async function readAuditTopic(options: ReadAuditTopicOptions): Promise<unknown[]> {
  const records: unknown[] = [];
  for await (const record of streamAuditTopic(options)) records.push(record);
  return records;
}

function parse(value: Buffer | null): unknown {
  if (value === null) return null;
  const text = value.toString('utf8');
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}
