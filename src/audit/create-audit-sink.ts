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
}

/** A sink plus the id of the chain it writes (for logs and `service.started`). */
export type ChainedAuditSink = AuditSink & { readonly chainId: string };

/** Builds the configured sink: the JSONL file (embedded default) or Kafka with a disk spool. */
export async function createAuditSink(config: Readonly<AuditConfig>, deps: AuditSinkDeps): Promise<ChainedAuditSink> {
  const logger = deps.logger.child({ component: 'audit' });
  const signer = await loadAuditSigner(config.signing, logger);
  const chain = createAuditChain({ chainId: deps.chainId ?? newChainId(), signer, clock: deps.clock });
  const base = {
    chain,
    checkpointEveryEvents: config.checkpoint.everyEvents,
    checkpointEveryMs: config.checkpoint.everyMs,
    failClosed: config.failClosedWhenUndeliverable,
    clock: deps.clock,
    logger,
  };
  if (config.sink === 'file') {
    return JsonlFileAuditSink.create({ ...base, path: config.file.path, fsync: config.file.fsync, queueMaxEvents: config.queueMaxEvents });
  }
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
    queueMaxEvents: config.queueMaxEvents,
    spool: { dir: config.spool.dir, maxBytes: config.spool.maxBytes, fsync: config.spool.fsync },
  });
}

