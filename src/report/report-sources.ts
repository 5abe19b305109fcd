import { readJsonlAuditFile } from '../audit/jsonl-audit-reader.js';
import { streamAuditTopic, type ReadAuditTopicOptions } from '../audit/kafka-audit-reader.js';
import type { ReportSource, SourcedRecord } from './build-audit-report.js';

/** JSONL files read one after the other, as if they were one stream. */
export function fileReportSource(paths: readonly string[]): ReportSource {
  return {
    labels: [...paths],
    deliveryTimesKnown: false,
    async *open(): AsyncGenerator<SourcedRecord> {
      for (const path of paths) for await (const value of readJsonlAuditFile(path)) yield { value };
    },
  };
}

/** An audit topic, read as `audit verify` reads it; each record carries Kafka's timestamp. */
export function kafkaReportSource(options: Omit<ReadAuditTopicOptions, 'mapRecord'>): ReportSource {
  return {
    labels: [`kafka://${options.connection.brokers.join(',')}/${options.topic}`],
    deliveryTimesKnown: true,
    open: () => streamAuditTopic({ ...options, mapRecord: (value, record) => ({ value, deliveredAt: record.timestamp }) }) as AsyncGenerator<SourcedRecord>,
  };
}
