import { z } from 'zod';
import { ErrorCode, WardgateError } from '../errors/wardgate-error.js';
import { byteSize } from './byte-size.js';
import { durationMs } from './duration.js';
import { deepFreeze } from './load-config.js';

const brokerAddress = z.string().regex(/^[^\s:]+:\d{1,5}$/, 'use host:port');

/**
 * The `audit:` section as users write it (every field optional, durations like "10s", sizes
 * like "1GiB"); parsing yields the fully-resolved `AuditConfig`.
 */
export const auditConfigSchema = z
  .strictObject({
    /** Where sealed events go. @default 'file' */
    sink: z.enum(['file', 'kafka']).default('file'),
    file: z
      .strictObject({
        /** Each event is written and fdatasync'ed (group commit) before its receipt settles. @default 'wardgate-audit.jsonl' */
        path: z.string().min(1).default('wardgate-audit.jsonl'),
      })
      .prefault({}),
    kafka: z
      .strictObject({
        /** `host:port` list; required when `sink: kafka`. */
        brokers: z.array(brokerAddress).default([]),
        /** @default 'wardgate.audit' */
        topic: z.string().min(1).default('wardgate.audit'),
        /** @default 'wardgate' */
        clientId: z.string().min(1).default('wardgate'),
        ssl: z.boolean().optional(),
        sasl: z
          .strictObject({
            mechanism: z.enum(['plain', 'scram-sha-256', 'scram-sha-512']),
            username: z.string().min(1),
            /** File holding the password (a mounted secret); never the password itself. */
            passwordFile: z.string().min(1),
          })
          .optional(),
        /** Events per produce request. @default 500 */
        batchSize: z.number().int().min(1).max(10_000).default(500),
        /** How long a partial batch waits. @default '20ms' */
        lingerMs: durationMs.default(20),
        /** @default 'gzip' */
        compression: z.enum(['gzip', 'none']).default('gzip'),
        /** A produce not acknowledged in this time counts as an outage. @default '10s' */
        sendTimeoutMs: durationMs.default(10_000),
      })
      .prefault({}),
    /** The local write-ahead log every event goes through before Kafka (`sink: kafka`). */
    spool: z
      .strictObject({
        /** One directory per Wardgate instance, on a persistent volume. @default 'wardgate-audit-spool' */
        dir: z.string().min(1).default('wardgate-audit-spool'),
        /** Events are refused (PHI routes fail closed) once the log holds this much not yet acknowledged by Kafka. @default '1GiB' */
        maxBytes: byteSize.default(1024 ** 3),
        /** @default '16MiB' */
        segmentMaxBytes: byteSize.default(16 * 1024 ** 2),
      })
      .prefault({}),
    /**
     * `durable`: a Check answer (and the last body chunk of a response) waits until its event is
     * fdatasync'ed to local disk. `queued`: they do not wait; a crash (kill -9, OOM, node loss)
     * can lose the events of requests answered in the last moments: who chooses it accepts that.
     * @default 'durable'
     */
    durability: z.enum(['durable', 'queued']).default('durable'),
    /** Events held in memory before the disk takes them. @default 50000 */
    queueMaxEvents: z.number().int().min(100).default(50_000),
    checkpoint: z
      .strictObject({
        /** @default 100 */
        everyEvents: z.number().int().min(1).default(100),
        /** @default '10s' */
        everyMs: durationMs.default(10_000),
      })
      .prefault({}),
    signing: z
      .strictObject({
        /** @default 'ed25519' */
        alg: z.enum(['ed25519', 'hmac-sha256']).default('ed25519'),
        /** Recorded in each checkpoint; the verifier is given keys by this id. @default 'wardgate-audit' */
        keyId: z.string().min(1).regex(/^[^=\s]+$/, 'no "=" or spaces').default('wardgate-audit'),
        /** PEM PKCS#8 private key (ed25519) or secret bytes (hmac). Unset: ephemeral key, unverifiable later. */
        keyFile: z.string().min(1).optional(),
      })
      .prefault({}),
    /** Secret for `target.commandHash` (HMAC-SHA256 of the raw command). */
    commandHashKeyFile: z.string().min(1).optional(),
    /** Refuse requests on PHI routes when their audit events cannot be kept. @default true */
    failClosedWhenUndeliverable: z.boolean().default(true),
  })
  .superRefine((config, ctx) => {
    if (config.sink === 'kafka' && config.kafka.brokers.length === 0) {
      ctx.addIssue({ code: 'custom', path: ['kafka', 'brokers'], message: 'sink "kafka" needs at least one broker' });
    }
  });

export type AuditConfigInput = z.input<typeof auditConfigSchema>;
export type AuditConfig = z.output<typeof auditConfigSchema>;

/** Validates the user's `audit:` section into a frozen, fully-resolved config. */
export function compileAuditConfig(input: unknown): Readonly<AuditConfig> {
  const parsed = auditConfigSchema.safeParse(input ?? {});
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `audit.${i.path.join('.')}: ${i.message}`);
    throw new WardgateError(ErrorCode.InvalidArgument, `invalid audit config: ${issues.join('; ')}`, { details: { issues } });
  }
  return deepFreeze(parsed.data);
}
