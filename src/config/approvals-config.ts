import { z } from 'zod';
import { ErrorCode, WardgateError } from '../errors/wardgate-error.js';
import { durationMs } from './duration.js';
import { readSecretFile } from './secret-file.js';

/** What users write under `grants:`. */
export const grantsConfigSchema = z.strictObject({
  /** `memory` for one replica (embedded default); `redis` to share grants between replicas. @default 'memory' */
  store: z.enum(['memory', 'redis']).default('memory'),
  /** No grant (issued or from an approval) lives longer. @default 8h */
  maxTtl: durationMs.default(8 * 3_600_000),
});

const webhookSchema = z
  .strictObject({
    /** The webhook URL is a credential (Slack): prefer `urlFile` (a mounted secret). */
    url: z.url().optional(),
    urlFile: z.string().optional(),
    /** Per try. @default 3s */
    timeout: durationMs.default(3000),
    /** Tries in all. @default 5 */
    maxAttempts: z.number().int().min(1).max(20).default(5),
    /** @default 250ms, doubling per retry up to maxBackoff */
    initialBackoff: durationMs.default(250),
    /** @default 5s */
    maxBackoff: durationMs.default(5000),
  })
  .refine((w) => (w.url === undefined) !== (w.urlFile === undefined), { message: 'set exactly one of url and urlFile' });

/** What users write under `approvals:`. */
export const approvalsConfigSchema = z.strictObject({
  /** `memory` for one replica; `redis` so any replica can release a hold. @default 'memory' */
  store: z.enum(['memory', 'redis']).default('memory'),
  /** How long decided and expired requests stay listed. @default 7d */
  retention: durationMs.default(7 * 86_400_000),
  /** How often overdue requests are announced as expired. @default 5s */
  sweepInterval: durationMs.default(5000),
  webhook: webhookSchema.optional(),
});

export interface GrantsConfig {
  store: 'memory' | 'redis';
  maxTtlMs: number;
}

export interface ApprovalsConfig {
  store: 'memory' | 'redis';
  retentionMs: number;
  sweepIntervalMs: number;
  webhook?: { url: string; timeoutMs: number; maxAttempts: number; initialBackoffMs: number; maxBackoffMs: number };
}

function fail(section: string, error: z.ZodError): never {
  throw new WardgateError(ErrorCode.InvalidArgument, `invalid ${section} config: ${z.prettifyError(error)}`);
}

export function compileGrantsConfig(input: unknown): GrantsConfig {
  const parsed = grantsConfigSchema.safeParse(input ?? {});
  if (!parsed.success) fail('grants', parsed.error);
  if (parsed.data.maxTtl <= 0) throw new WardgateError(ErrorCode.InvalidArgument, 'invalid grants config: maxTtl must be positive');
  return Object.freeze({ store: parsed.data.store, maxTtlMs: parsed.data.maxTtl });
}

export function compileApprovalsConfig(input: unknown): ApprovalsConfig {
  const parsed = approvalsConfigSchema.safeParse(input ?? {});
  if (!parsed.success) fail('approvals', parsed.error);
  const c = parsed.data;
  let webhook: ApprovalsConfig['webhook'];
  if (c.webhook) {
    let url = c.webhook.url;
    if (c.webhook.urlFile !== undefined) {
      url = readSecretFile(c.webhook.urlFile, 'approvals.webhook.urlFile').trim();
      if (!/^https?:\/\//.test(url)) throw new WardgateError(ErrorCode.InvalidArgument, 'approvals.webhook.urlFile does not hold an http(s) URL');
    }
    webhook = {
      url: url!,
      timeoutMs: c.webhook.timeout,
      maxAttempts: c.webhook.maxAttempts,
      initialBackoffMs: c.webhook.initialBackoff,
      maxBackoffMs: c.webhook.maxBackoff,
    };
  }
  return Object.freeze({ store: c.store, retentionMs: c.retention, sweepIntervalMs: c.sweepInterval, ...(webhook ? { webhook } : {}) });
}
