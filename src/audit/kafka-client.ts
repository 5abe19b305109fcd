import { Kafka, logLevel, type LogEntry, type SASLOptions } from 'kafkajs';
import type { Logger } from '../logging/logger.js';

export interface KafkaConnectionOptions {
  brokers: readonly string[];
  clientId: string;
  ssl?: boolean;
  /** The password is the secret itself (read from `passwordFile` by the caller). */
  sasl?: { mechanism: 'plain' | 'scram-sha-256' | 'scram-sha-512'; username: string; password: string };
  /** @default 3000 */
  connectionTimeoutMs?: number;
  /** @default 5000 */
  requestTimeoutMs?: number;
}

/**
 * A quiet kafkajs client: its own logs at ERROR and above go to our logger (as warnings: we
 * handle the failures ourselves), and retries are few so an outage is noticed in seconds.
 */
export function createKafkaClient(options: KafkaConnectionOptions, logger: Logger): Kafka {
  const log = logger.child({ component: 'kafkajs' });
  return new Kafka({
    brokers: [...options.brokers],
    clientId: options.clientId,
    ...(options.ssl === undefined ? {} : { ssl: options.ssl }),
    ...(options.sasl === undefined ? {} : { sasl: options.sasl as SASLOptions }),
    connectionTimeout: options.connectionTimeoutMs ?? 3000,
    requestTimeout: options.requestTimeoutMs ?? 5000,
    retry: { retries: 2, initialRetryTime: 200, maxRetryTime: 2000 },
    logLevel: logLevel.ERROR,
    logCreator: () => (entry: LogEntry) => {
      const { message, error, broker } = entry.log as { message: string; error?: unknown; broker?: unknown };
      log.warn({ namespace: entry.namespace, broker, error: typeof error === 'string' ? error : undefined }, message);
    },
  });
}
