import type { Clock } from '../clock/clock.js';
import type { AuditConfig } from '../config/audit-config.js';
import { readSecretFile } from '../config/secret-file.js';
import type { Logger } from '../logging/logger.js';
import { createAuditChain } from './audit-chain.js';
import { loadAuditSigner } from './audit-keys.js';
import type { AuditSink } from './audit-sink.js';
import { JsonlFileAuditSink } from './jsonl-file-audit-sink.js';
import { KafkaAuditSink } from './kafka-audit-sink.js';
import { newChainId } from './uuid-v7.js';

export interface AuditSinkDeps {
  logger: Logger;
  clock: Clock;
  /** @default `<hostname>-<random uuid>` (a new chain per process lifetime) */
  chainId?: string;
  /** Observes each group commit to disk (events, seconds for write + fdatasync): the sync latency metric. */
  onCommit?: (records: number, seconds: number) => void;
}

/** A sink plus the id of the chain it writes (for logs and `service.started`). */
export type ChainedAuditSink = AuditSink & { readonly chainId: string };

/** Builds the configured sink: the JSONL file (embedded default) or Kafka fed from a local write-ahead log. */
export async function createAuditSink(config: Readonly<AuditConfig>, deps: AuditSinkDeps): Promise<ChainedAuditSink> {
  const logger = deps.logger.child({ component: 'audit' });
  const signer = await loadAuditSigner(config.signing, logger);
  const chain = createAuditChain({ chainId: deps.chainId ?? newChainId(), signer, clock: deps.clock });
  const base = {
    chain,
    checkpointEveryEvents: config.checkpoint.everyEvents,
    checkpointEveryMs: config.checkpoint.everyMs,
    queueMaxEvents: config.queueMaxEvents,
    clock: deps.clock,
    logger,
  };
  const onCommit = deps.onCommit === undefined ? {} : { onCommit: deps.onCommit };
  if (config.sink === 'file') return JsonlFileAuditSink.create({ ...base, ...onCommit, path: config.file.path });
  const { kafka } = config;
  const sasl = kafka.sasl === undefined
    ? undefined
    : { mechanism: kafka.sasl.mechanism, username: kafka.sasl.username, password: readSecretFile(kafka.sasl.passwordFile, 'audit.kafka.sasl.passwordFile') };
  return KafkaAuditSink.create({
    ...base,
    connection: {
      brokers: kafka.brokers,
      clientId: kafka.clientId,
      ...(kafka.ssl === undefined ? {} : { ssl: kafka.ssl }),
      ...(sasl === undefined ? {} : { sasl }),
    },
    topic: kafka.topic,
    batchSize: kafka.batchSize,
    lingerMs: kafka.lingerMs,
    compression: kafka.compression,
    sendTimeoutMs: kafka.sendTimeoutMs,
    log: { dir: config.spool.dir, maxBytes: config.spool.maxBytes, segmentMaxBytes: config.spool.segmentMaxBytes, ...onCommit },
  });
}

