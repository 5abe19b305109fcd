import type { Admin } from 'kafkajs';

/** Seven years: HIPAA asks for six years of documentation retention; one more for margin. */
export const DEFAULT_AUDIT_RETENTION_MS = Math.round(7 * 365.25 * 24 * 3600 * 1000);

export interface AuditTopicOptions {
  topic: string;
  /** @default 6 */
  partitions?: number;
  /** -1 takes the broker's `default.replication.factor`; production: 3. @default -1 */
  replicationFactor?: number;
  /** @default DEFAULT_AUDIT_RETENTION_MS */
  retentionMs?: number;
  /** Production: 2 with replication factor 3, so acks=all survives one broker loss. Unset: broker default. */
  minInsyncReplicas?: number;
}

/**
 * Creates the audit topic with delete-only cleanup (never compaction: every event must stay)
 * and long retention. Returns false when the topic already existed (its config is left alone).
 */
export async function createTopicIfMissing(admin: Admin, options: AuditTopicOptions): Promise<boolean> {
  const existing = await admin.listTopics();
  if (existing.includes(options.topic)) return false;
  const configEntries = [
    { name: 'cleanup.policy', value: 'delete' },
    { name: 'retention.ms', value: String(options.retentionMs ?? DEFAULT_AUDIT_RETENTION_MS) },
    // Keep the whole retention regardless of size: audit data must not age out by volume.
    { name: 'retention.bytes', value: '-1' },
    ...(options.minInsyncReplicas === undefined ? [] : [{ name: 'min.insync.replicas', value: String(options.minInsyncReplicas) }]),
  ];
  return admin.createTopics({
    waitForLeaders: true,
    topics: [{ topic: options.topic, numPartitions: options.partitions ?? 6, replicationFactor: options.replicationFactor ?? -1, configEntries }],
  });
}
