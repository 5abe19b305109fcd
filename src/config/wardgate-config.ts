import { z } from 'zod';
import { ErrorCode, WardgateError } from '../errors/wardgate-error.js';
import { adminConfigSchema, compileAdminConfig, type AdminConfig } from './admin-config.js';
import { approvalsConfigSchema, compileApprovalsConfig, compileGrantsConfig, grantsConfigSchema, type ApprovalsConfig, type GrantsConfig } from './approvals-config.js';
import { auditConfigSchema, type AuditConfig } from './audit-config.js';
import { compileConsoleConfig, consoleConfigSchema, type ConsoleConfig } from './console-config.js';
import { identityConfigSchema, type IdentityConfig } from './identity-config.js';
import { applyEnvironment, deepFreeze, readConfigFile, validateConfig } from './load-config.js';
import { maskingConfigSchema, type MaskingConfig } from './masking-config.js';
import { policyConfigSchema, type PolicyConfig } from './policy-config.js';
import { compileRedisConfig, type RedisConfig } from './redis-config.js';
import { readSecretFile, readSecretFileBytes } from './secret-file.js';
import { tracingConfigSchema, type TracingConfig } from './tracing-config.js';
import { authzConfigSchema, extprocConfigSchema, serverConfigSchema, type AuthzConfig, type ExtprocConfig, type ServerConfig } from './server-config.js';

/** Everything a user can write in the YAML file (stage one). */
export const wardgateConfigSchema = z.strictObject({
  /** @default info */
  logLevel: z.enum(['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent']).default('info'),
  server: serverConfigSchema,
  identity: identityConfigSchema.prefault({}),
  policy: policyConfigSchema.prefault({}),
  masking: maskingConfigSchema.prefault({}),
  extproc: extprocConfigSchema,
  authz: authzConfigSchema,
  /** Present: grants and approvals default to Redis. */
  redis: z.unknown().optional(),
  grants: grantsConfigSchema.partial().prefault({}),
  approvals: approvalsConfigSchema.partial().prefault({}),
  admin: adminConfigSchema.prefault({}),
  audit: auditConfigSchema.prefault({}),
  tracing: tracingConfigSchema.prefault({}),
  /** The web console; off unless `console.issuer` is set. */
  console: consoleConfigSchema.prefault({}),
});

/** The compiled configuration (stage two): validated, secrets read, frozen. */
export interface WardgateConfig {
  logLevel: string;
  server: ServerConfig;
  identity: IdentityConfig;
  policy: PolicyConfig;
  masking: MaskingConfig & { tokenKey?: Buffer };
  extproc: ExtprocConfig;
  authz: AuthzConfig;
  redis?: RedisConfig;
  grants: GrantsConfig;
  approvals: ApprovalsConfig;
  admin: AdminConfig;
  /** `commandHashKey`: the bytes of `commandHashKeyFile` (one trailing newline stripped). */
  audit: AuditConfig & { commandHashKey?: Buffer };
  tracing: TracingConfig;
  /** The file this was read from (its `masking.custom` block is hot-reloaded). */
  configFile?: string;
  /** Present only when the console is on. */
  console?: ConsoleConfig;
}

export interface LoadConfigInput {
  /** A YAML file to read (from --config or WARDGATE_CONFIG). */
  file?: string;
  /** Already-parsed content (tests); merged under the file's. */
  raw?: Record<string, unknown>;
  env: Readonly<Record<string, string | undefined>>;
}

/** Reads, overlays the environment, validates and resolves the whole configuration. */
export function loadWardgateConfig(input: LoadConfigInput): Readonly<WardgateConfig> {
  const file = input.file ?? input.env.WARDGATE_CONFIG;
  const fromFile = file ? readConfigFile(file) : {};
  const raw = applyEnvironment({ ...(input.raw ?? {}), ...fromFile }, input.env);
  const parsed = validateConfig(wardgateConfigSchema, raw);

  // Redis named anywhere means grants and approvals use it, unless a section says otherwise.
  const redis = parsed.redis === undefined ? undefined : compileRedisConfig(parsed.redis);
  const storeDefault = redis ? 'redis' : 'memory';
  const grants = compileGrantsConfig({ ...parsed.grants, store: (raw.grants as { store?: string } | undefined)?.store ?? storeDefault });
  const approvals = compileApprovalsConfig({ ...rawSection(raw, 'approvals'), store: (raw.approvals as { store?: string } | undefined)?.store ?? storeDefault });
  if (!redis && (grants.store === 'redis' || approvals.store === 'redis')) {
    throw new WardgateError(ErrorCode.InvalidArgument, 'invalid configuration:\n  redis: grants or approvals use Redis but no redis section (or WARDGATE_REDIS_URL) is set');
  }

  const tokenKeyText = parsed.masking.tokenKeyFile
    ? readSecretFile(parsed.masking.tokenKeyFile, 'masking.tokenKeyFile')
    : parsed.masking.tokenKeyEnv
      ? input.env[parsed.masking.tokenKeyEnv]
      : undefined;
  if (parsed.masking.tokenKeyEnv && !tokenKeyText) {
    throw new WardgateError(ErrorCode.InvalidArgument, `invalid configuration:\n  masking.tokenKeyEnv: ${parsed.masking.tokenKeyEnv} is not set`);
  }

  const commandHashKey = parsed.audit.commandHashKeyFile ? readSecretFileBytes(parsed.audit.commandHashKeyFile, 'audit.commandHashKeyFile') : undefined;
  if (commandHashKey !== undefined && commandHashKey.length < 16) {
    throw new WardgateError(ErrorCode.InvalidArgument, 'invalid configuration:\n  audit.commandHashKeyFile: the key must hold at least 16 bytes');
  }

  const admin = compileAdminConfig(parsed.admin);
  const consoleConfig = compileConsoleConfig(parsed.console, { publicUrl: admin.publicUrl, redisConfigured: redis !== undefined, adminEnabled: admin.enabled });
  refuseMemoryStoresAcrossProcesses(parsed.server.processes, { grants: grants.store, approvals: approvals.store, 'console.sessionStore': consoleConfig?.sessionStore });
  refuseFileSinkAcrossProcesses(parsed.server.processes, parsed.audit.sink);

  return deepFreeze({
    logLevel: parsed.logLevel,
    server: parsed.server,
    identity: parsed.identity,
    policy: parsed.policy,
    masking: { ...parsed.masking, ...(tokenKeyText ? { tokenKey: Buffer.from(tokenKeyText, 'utf8') } : {}) },
    extproc: parsed.extproc,
    authz: parsed.authz,
    ...(redis ? { redis } : {}),
    grants,
    approvals,
    admin,
    audit: { ...parsed.audit, ...(commandHashKey ? { commandHashKey } : {}) },
    tracing: parsed.tracing,
    ...(file ? { configFile: file } : {}),
    ...(consoleConfig ? { console: consoleConfig } : {}),
  });
}

/** Each process would hold its own copy: a grant issued, an approval decided or a session opened in one would not exist in the others. */
function refuseMemoryStoresAcrossProcesses(processes: number, stores: Record<string, 'memory' | 'redis' | undefined>): void {
  if (processes <= 1) return;
  const inMemory = Object.entries(stores).filter(([, store]) => store === 'memory').map(([field]) => (field.includes('.') ? field : `${field}.store`));
  if (inMemory.length === 0) return;
  throw new WardgateError(
    ErrorCode.InvalidArgument,
    `invalid configuration:\n  server.processes: ${processes} processes need ${inMemory.join(', ')} in Redis (memory stores are per process, so a grant, approval or console session made in one process would not exist in the others)`,
    { details: { field: 'server.processes', memoryStores: inMemory } },
  );
}

/** One JSONL file cannot take appends from several processes; Kafka takes one chain per process, each from its own write-ahead log. */
function refuseFileSinkAcrossProcesses(processes: number, sink: 'file' | 'kafka'): void {
  if (processes <= 1 || sink !== 'file') return;
  throw new WardgateError(
    ErrorCode.InvalidArgument,
    `invalid configuration:\n  server.processes: ${processes} processes need audit.sink: kafka (each process keeps its own chain and write-ahead log under audit.spool.dir; one audit file cannot take appends from several processes)`,
    { details: { field: 'server.processes', auditSink: sink } },
  );
}

function rawSection(raw: Record<string, unknown>, key: string): Record<string, unknown> {
  const value = raw[key];
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

