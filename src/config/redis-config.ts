import { z } from 'zod';
import { ErrorCode, WardgateError } from '../errors/wardgate-error.js';
import { durationMs } from './duration.js';
import { readSecretFile } from './secret-file.js';

const hostPort = z.string().regex(/^[^\s:]+:\d{1,5}$|^\[[0-9a-fA-F:]+\]:\d{1,5}$/, 'use host:port');

/** What users write under `redis:` (grants and approvals share one Redis deployment). */
export const redisConfigSchema = z
  .strictObject({
    /** @default 'single' */
    mode: z.enum(['single', 'sentinel', 'cluster']).default('single'),
    /** single: `redis://host:port/db` or `rediss://` for TLS. */
    url: z.string().regex(/^rediss?:\/\//, 'use redis://host:port or rediss://host:port').optional(),
    /** sentinel: the sentinels as host:port, and the monitored master's name. */
    sentinels: z.array(hostPort).min(1).optional(),
    name: z.string().min(1).optional(),
    /** cluster: some seed nodes as host:port. */
    nodes: z.array(hostPort).min(1).optional(),
    tls: z.union([z.boolean(), z.strictObject({ caFile: z.string().optional(), serverName: z.string().optional() })]).default(false),
    /** Files holding the credentials (Kubernetes secret mounts); never inline secrets. */
    usernameFile: z.string().optional(),
    passwordFile: z.string().optional(),
    sentinelPasswordFile: z.string().optional(),
    /** @default 'wardgate:' */
    keyPrefix: z.string().regex(/^[A-Za-z0-9_.:-]*$/, 'letters, digits, _ . : - only').default('wardgate:'),
    /** @default 500ms: a hot-path lookup fails (closed) rather than waits longer. */
    commandTimeout: durationMs.default(500),
    /** @default 2s */
    connectTimeout: durationMs.default(2000),
  })
  .superRefine((c, ctx) => {
    if (c.mode === 'single' && !c.url) ctx.addIssue({ code: 'custom', path: ['url'], message: 'mode single needs url' });
    if (c.mode === 'sentinel' && (!c.sentinels || !c.name)) {
      ctx.addIssue({ code: 'custom', path: ['sentinels'], message: 'mode sentinel needs sentinels and name' });
    }
    if (c.mode === 'cluster' && !c.nodes) ctx.addIssue({ code: 'custom', path: ['nodes'], message: 'mode cluster needs nodes' });
  });

export type RedisConfigInput = z.input<typeof redisConfigSchema>;

export interface RedisEndpoint {
  host: string;
  port: number;
}

/** The resolved, frozen form `createRedisClient` takes: secrets read, durations in ms. */
export interface RedisConfig {
  mode: 'single' | 'sentinel' | 'cluster';
  url?: string;
  sentinels?: RedisEndpoint[];
  name?: string;
  nodes?: RedisEndpoint[];
  tls?: { ca?: string; serverName?: string };
  username?: string;
  password?: string;
  sentinelPassword?: string;
  keyPrefix: string;
  commandTimeoutMs: number;
  connectTimeoutMs: number;
}

function endpoint(text: string): RedisEndpoint {
  const colon = text.lastIndexOf(':');
  return { host: text.slice(0, colon).replace(/^\[|\]$/g, ''), port: Number(text.slice(colon + 1)) };
}

function readSecret(file: string | undefined, field: string): string | undefined {
  return file === undefined ? undefined : readSecretFile(file, `redis.${field}`);
}

/** Validates and resolves `redis:`; reads the credential files once. */
export function compileRedisConfig(input: unknown): RedisConfig {
  const parsed = redisConfigSchema.safeParse(input);
  if (!parsed.success) {
    throw new WardgateError(ErrorCode.InvalidArgument, `invalid redis config: ${z.prettifyError(parsed.error)}`);
  }
  const c = parsed.data;
  const tls = c.tls === false ? undefined : c.tls === true ? {} : { ca: readSecret(c.tls.caFile, 'tls.caFile'), serverName: c.tls.serverName };
  const config: RedisConfig = {
    mode: c.mode,
    keyPrefix: c.keyPrefix,
    commandTimeoutMs: c.commandTimeout,
    connectTimeoutMs: c.connectTimeout,
    ...(c.url !== undefined ? { url: c.url } : {}),
    ...(c.sentinels ? { sentinels: c.sentinels.map(endpoint) } : {}),
    ...(c.name !== undefined ? { name: c.name } : {}),
    ...(c.nodes ? { nodes: c.nodes.map(endpoint) } : {}),
    ...(tls ? { tls } : {}),
  };
  const username = readSecret(c.usernameFile, 'usernameFile');
  const password = readSecret(c.passwordFile, 'passwordFile');
  const sentinelPassword = readSecret(c.sentinelPasswordFile, 'sentinelPasswordFile');
  if (username !== undefined) config.username = username;
  if (password !== undefined) config.password = password;
  if (sentinelPassword !== undefined) config.sentinelPassword = sentinelPassword;
  return Object.freeze(config);
}
