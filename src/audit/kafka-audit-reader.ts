import { randomUUID } from 'node:crypto';
import { ErrorCode, WardgateError } from '../errors/wardgate-error.js';
import type { Logger } from '../logging/logger.js';
import { createKafkaClient, type KafkaConnectionOptions } from './kafka-client.js';

export interface ReadAuditTopicOptions {
  connection: KafkaConnectionOptions;
  topic: string;
  logger: Logger;
  /** Give up when the snapshot is not read within this time. @default 120000 */
  timeoutMs?: number;
}

/**
 * Reads a topic from the beginning up to the high-water marks taken at the start (a snapshot),
 * partition by partition in offset order, each value parsed as JSON (unparseable values are
 * returned as strings so the verifier can report them). Uses a throw-away consumer group.
 */
export async function readAuditTopic(options: ReadAuditTopicOptions): Promise<unknown[]> {
  const kafka = createKafkaClient(options.connection, options.logger);
  const admin = kafka.admin();
  const groupId = `wardgate-audit-verify-${randomUUID()}`;
  const consumer = kafka.consumer({ groupId, allowAutoTopicCreation: false });
  const byPartition = new Map<number, unknown[]>();
  let timer: NodeJS.Timeout | undefined;
  let joined = false;
  try {
    await admin.connect();
    const offsets = await admin.fetchTopicOffsets(options.topic);
    const targets = new Map<number, bigint>();
    for (const o of offsets) if (BigInt(o.high) > BigInt(o.low)) targets.set(o.partition, BigInt(o.high));
    if (targets.size === 0) return [];
    const done = new Set<number>();
    await consumer.connect();
    joined = true;
    await consumer.subscribe({ topics: [options.topic], fromBeginning: true });
    await new Promise<void>((resolve, reject) => {
      timer = setTimeout(() => reject(new WardgateError(ErrorCode.DeadlineExceeded, 'reading the audit topic timed out')), options.timeoutMs ?? 120_000);
      consumer.run({
        autoCommit: false,
        eachMessage: ({ partition, message }) => {
          const target = targets.get(partition);
          const offset = BigInt(message.offset);
          if (target === undefined || offset >= target) return Promise.resolve();
          let list = byPartition.get(partition);
          if (list === undefined) byPartition.set(partition, (list = []));
          list.push(parse(message.value));
          if (offset + 1n >= target && !done.has(partition)) {
            done.add(partition);
            if (done.size === targets.size) resolve();
          }
          return Promise.resolve();
        },
      }).catch(reject);
    });
  } catch (cause) {
    throw WardgateError.from(cause, ErrorCode.Unavailable);
  } finally {
    clearTimeout(timer);
    if (joined) await consumer.disconnect().catch(() => undefined);
    await admin.deleteGroups([groupId]).catch(() => undefined);
    await admin.disconnect().catch(() => undefined);
  }
  return [...byPartition.keys()].sort((a, b) => a - b).flatMap((p) => byPartition.get(p)!);
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
