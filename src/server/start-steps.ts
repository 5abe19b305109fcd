import { randomBytes } from 'node:crypto';
import { createAdminRouter } from '../admin/admin-router.js';
import { ApprovalEventStreams } from '../admin/approval-event-streams.js';
import { auditEvidenceFromConfig } from '../admin/audit-evidence.js';
import type { ExpirySweep } from '../console/expiry-sweep.js';
import { InMemoryApprovalService } from '../approvals/in-memory-approval-service.js';
import type { ApprovalNotifier } from '../approvals/approval-notifier.js';
import type { ApprovalService } from '../approvals/approval-service.js';
import { RedisApprovalService } from '../approvals/redis-approval-service.js';
import { WebhookNotifier } from '../approvals/webhook-notifier.js';
import { SinkAuditRecorder, type AuditRecorder } from '../audit/audit-recorder.js';
import type { ConsoleRouter } from '../console/console-router.js';
import { createConsole } from '../console/create-console.js';
import { createCommandHasher, type CommandHash } from '../audit/command-hasher.js';
import { createAuditSink, type ChainedAuditSink } from '../audit/create-audit-sink.js';
import { PolicyAuthorizer } from '../authz/policy-authorizer.js';
import type { Clock } from '../clock/clock.js';
import { commandOrThrow, createCommandClassifier } from '../command/classify-command.js';
import { embeddedDefaultPolicyPath } from '../config/package-root.js';
import type { WardgateConfig } from '../config/wardgate-config.js';
import { createCustomMaskingWatcher, type CustomMaskingWatcher } from '../config/custom-masking-watcher.js';
import { builtInMaskingProfiles } from '../masking/masking-profile.js';
import { ErrorCode, WardgateError } from '../errors/wardgate-error.js';
import { createMaskingExchangeHandlers } from '../extproc/masking-exchange-handler.js';
import type { ExchangeHandlerFactory } from '../extproc/exchange-handler.js';
import { InMemoryGrantStore } from '../grants/in-memory-grant-store.js';
import type { GrantStore } from '../grants/grant-store.js';
import { createRedisClient, type RedisClient } from '../grants/redis-client.js';
import { RedisGrantStore } from '../grants/redis-grant-store.js';
import { verifyAdminToken } from '../identity/admin-token.js';
import type { IdentityResolver } from '../identity/identity-resolver.js';
import { createJwtVerifier, type JwtVerifier } from '../identity/jwt-verifier.js';
import type { Logger } from '../logging/logger.js';
import type { MaskingEngine } from '../masking/masking-engine.js';
import type { WardgateMetrics } from '../metrics/wardgate-metrics.js';
import { createPolicyWatcher, type PolicyWatcher } from '../policy/policy-watcher.js';
import { createNoopTracer, type RequestTracer } from '../tracing/request-tracer.js';
import { TracedAuditRecorder } from '../audit/traced-audit-recorder.js';
import { TracedGrantStore } from '../grants/traced-grant-store.js';
import type { HttpRoutes, ReadinessCheck } from './http-server.js';

/** `tracing.enabled`: spans through a bounded batch exporter to the OTLP/HTTP endpoint, drops counted; else no spans. */
export async function createTracer(ctx: Pick<StartContext, 'config' | 'metrics' | 'logger'>): Promise<RequestTracer> {
  const { tracing } = ctx.config;
  if (!tracing.enabled) return createNoopTracer();
  // Loaded only when tracing is on: the OpenTelemetry SDK and exporter cost a few MiB of RSS in every process.
  const { createOtlpHttpExporter, OtelRequestTracer } = await import('../tracing/otel-request-tracer.js');
  ctx.logger.info({ endpoint: tracing.endpoint }, 'tracing: exporting spans over OTLP/HTTP');
  return new OtelRequestTracer({
    serviceName: tracing.serviceName,
    sampleRatio: tracing.sampleRatio,
    maxQueueSize: tracing.maxQueueSize,
    maxExportBatchSize: tracing.maxExportBatchSize,
    scheduledDelayMs: tracing.scheduledDelay,
    exportTimeoutMs: tracing.exportTimeout,
    exporter: createOtlpHttpExporter(tracing.endpoint, tracing.headers, tracing.exportTimeout),
    onDropped: (count, reason) => ctx.metrics.tracingDroppedSpans.inc({ reason }, count),
    onExported: (count) => ctx.metrics.tracingExportedSpans.inc({}, count),
  });
}

/** With tracing on, audit appends and Redis grant calls become child spans of their request. */
export function traceComponents(
  ctx: Pick<StartContext, 'config'>,
  tracer: RequestTracer,
  parts: { recorder: AuditRecorder; grants: GrantStore },
): { recorder: AuditRecorder; grants: GrantStore } {
  if (!tracer.enabled) return parts;
  return {
    recorder: new TracedAuditRecorder(parts.recorder, tracer, ctx.config.audit.sink === 'kafka' ? 'wal' : 'file'),
    grants: ctx.config.grants.store === 'redis' ? new TracedGrantStore(parts.grants, tracer) : parts.grants,
  };
}

/** Gauges read from the audit sink at scrape time: pending events and the checkpoint the overdue alert watches. */
export function collectAuditMetrics(ctx: Pick<StartContext, 'metrics'>, audit: Pick<ChainedAuditSink, 'health'>): void {
  const { metrics } = ctx;
  metrics.auditLastCheckpoint.set(0);
  metrics.auditUncheckpointed.set(0);
  metrics.auditUnreadable.set(0);
  metrics.registry.onCollect(() => {
    const health = audit.health();
    metrics.auditPending.set(health.pending);
    metrics.auditUncheckpointed.set(health.uncheckpointed ?? 0);
    metrics.auditUnreadable.set(health.unreadable ?? 0);
    if (health.lastCheckpointAt !== undefined) metrics.auditLastCheckpoint.set(health.lastCheckpointAt / 1000);
  });
}

/**
 * The named steps of startWardgate, one component each, in start order (see start-wardgate.ts
 * for the list). Each takes what it needs and nothing global, so each has a unit test.
 */
export interface StartContext {
  config: Readonly<WardgateConfig>;
  logger: Logger;
  clock: Clock;
  metrics: WardgateMetrics;
}

/** The configured sink, reporting its sync latency, and the one recorder every producer uses. */
export async function openAudit(ctx: StartContext): Promise<{ audit: ChainedAuditSink; recorder: AuditRecorder }> {
  const { config, logger, clock, metrics } = ctx;
  const audit = await createAuditSink(config.audit, { logger, clock, onCommit: (_records, seconds) => metrics.auditSyncSeconds.observe(seconds) });
  if (config.audit.durability === 'queued') logger.warn('audit.durability is queued: a crash can lose the events of requests answered just before it');
  const recorder = new SinkAuditRecorder({
    sink: audit,
    durability: config.audit.durability,
    failClosed: config.audit.failClosedWhenUndeliverable && config.authz.auditFailure === 'closed',
    logger: logger.child({ component: 'audit' }),
    onRefused: () => metrics.auditUndeliverable.inc(),
  });
  return { audit, recorder };
}

/** The key config/ read (`audit.commandHashKeyFile`), or a per-process key: for command hashes and hashed correlation ids. */
export function commandHashKey(ctx: Pick<StartContext, 'config' | 'logger'>): Buffer {
  const key = ctx.config.audit.commandHashKey;
  if (key === undefined) ctx.logger.warn('audit.commandHashKeyFile not set: command hashes cannot be re-checked after a restart');
  return key === undefined ? randomBytes(32) : Buffer.from(key);
}

/** The command hasher over `commandHashKey`. */
export function commandHasher(ctx: Pick<StartContext, 'config' | 'logger'>, key: Buffer = commandHashKey(ctx)): (raw: string) => CommandHash {
  return createCommandHasher(key);
}

/** A Redis client when grants or approvals are kept in Redis. */
export function connectRedis(ctx: Pick<StartContext, 'config' | 'logger'>): RedisClient | undefined {
  const { config } = ctx;
  if (!config.redis || (config.grants.store !== 'redis' && config.approvals.store !== 'redis' && config.console?.sessionStore !== 'redis')) return undefined;
  return createRedisClient(config.redis, ctx.logger.child({ component: 'redis' }));
}

export function createGrantStore(ctx: Pick<StartContext, 'config' | 'clock'>, redis: RedisClient | undefined): GrantStore {
  const { config, clock } = ctx;
  return config.grants.store === 'redis' && redis
    ? new RedisGrantStore({ client: redis, clock, keyPrefix: config.redis?.keyPrefix, maxTtlMs: config.grants.maxTtlMs })
    : new InMemoryGrantStore({ clock, maxTtlMs: config.grants.maxTtlMs });
}

export function createApprovals(
  ctx: StartContext,
  parts: { grants: GrantStore; recorder: AuditRecorder; redis: RedisClient | undefined; maskComment: (comment: string) => string },
): ApprovalService {
  const { config, clock, logger } = ctx;
  const notifier: ApprovalNotifier | undefined = config.approvals.webhook
    ? new WebhookNotifier({ ...config.approvals.webhook, logger, serverHint: config.admin.publicUrl })
    : undefined;
  const deps = {
    grants: parts.grants,
    audit: parts.recorder,
    clock,
    logger,
    notifier,
    maxGrantTtlMs: config.grants.maxTtlMs,
    retentionMs: config.approvals.retentionMs,
    sweepIntervalMs: config.approvals.sweepIntervalMs,
    maskComment: parts.maskComment,
  };
  return config.approvals.store === 'redis' && parts.redis
    ? new RedisApprovalService({ ...deps, client: parts.redis, keyPrefix: config.redis?.keyPrefix })
    : new InMemoryApprovalService(deps);
}

export function createVerifier(ctx: Pick<StartContext, 'config' | 'clock' | 'logger' | 'metrics'>, tracer: RequestTracer = createNoopTracer()): JwtVerifier | undefined {
  const { identity } = ctx.config;
  if (identity.issuers.length === 0) return undefined;
  const { metrics } = ctx;
  // The series exist from the start, so the alerts see the first failure and a never-fetched issuer.
  identity.issuers.forEach((_issuer, index) => {
    metrics.jwksFetchFailures.inc({ issuer: String(index) }, 0);
    metrics.jwksLastSuccess.set(0, { issuer: String(index) });
  });
  return createJwtVerifier({
    issuers: identity.issuers.map((i) => ({ issuer: i.issuer, jwksUri: i.jwksUri, audiences: [...i.audiences] })),
    groupsClaim: identity.groupsClaim,
    clockSkewMs: identity.clockSkew,
    jwksCacheMs: identity.jwksCacheTtl,
    jwksCooldownMs: identity.jwksCooldown,
    algorithms: [...identity.algorithms],
    timeoutMs: identity.jwksTimeout,
    clock: ctx.clock,
    logger: ctx.logger,
    onJwksFetch: (index, ok) => {
      if (ok) metrics.jwksLastSuccess.set(ctx.clock.now() / 1000, { issuer: String(index) });
      else metrics.jwksFetchFailures.inc({ issuer: String(index) });
    },
    ...(tracer.enabled ? { traceJwksFetch: (index: number, work: () => Promise<void>) => tracer.child('wardgate.jwks.fetch', work, { 'wardgate.jwks.issuer': index }) } : {}),
  });
}

/** The `masking.custom` rules in force, hot-reloaded from the config file (started by `auditCustomMasking`). */
export function customMaskingRules(ctx: Pick<StartContext, 'config' | 'logger'>): CustomMaskingWatcher {
  const { config, logger } = ctx;
  return createCustomMaskingWatcher({
    ...(config.configFile ? { file: config.configFile } : {}),
    initial: config.masking.custom,
    knownProfiles: [...builtInMaskingProfiles().map((p) => p.name), ...config.masking.profiles.map((p) => p.name)],
    logger,
    pollIntervalMs: config.policy.pollInterval,
  });
}

/** Watches the config file for `masking.custom` changes; loads and rejections are audited as policy reloads are. */
export function auditCustomMasking(ctx: Pick<StartContext, 'config'>, parts: { rules: CustomMaskingWatcher; recorder: AuditRecorder }): void {
  const source = `${ctx.config.configFile ?? '(config)'}#masking.custom`;
  const { recorder } = parts;
  parts.rules.start({
    onLoaded: (l) => void recorder.record({ kind: 'policy.loaded', policy: { sha256: l.sha256, rules: l.rules, source } }, 'record'),
    onRejected: (error) => void recorder.record({ kind: 'policy.rejected', policy: { sha256: '', source, error: error.message } }, 'record'),
  });
}

/** The policy in force, hot-reloaded; loads and rejections are recorded (never thrown at the watcher). */
export function watchPolicy(
  ctx: Pick<StartContext, 'config' | 'logger'>,
  parts: { recorder: AuditRecorder; masking: Pick<MaskingEngine, 'profileNames'> },
): Promise<PolicyWatcher> {
  const { config, logger } = ctx;
  const policyFile = config.policy.file ?? embeddedDefaultPolicyPath();
  if (!config.policy.file) logger.warn({ policyFile }, 'no policy configured: using the embedded demo policy');
  const { recorder } = parts;
  return createPolicyWatcher({
    path: policyFile,
    logger,
    knownMaskingProfiles: [...parts.masking.profileNames(), config.extproc.passthroughProfile],
    passthroughProfile: config.extproc.passthroughProfile,
    pollIntervalMs: config.policy.pollInterval,
    // The watcher logs loads and rejections; these put them in the audit log.
    onLoaded: (p) => void recorder.record({ kind: 'policy.loaded', policy: { sha256: p.sha256, rules: p.ruleCount, source: policyFile } }, 'record'),
    onRejected: (error) => void recorder.record({ kind: 'policy.rejected', policy: { sha256: '', source: policyFile, error: error.message } }, 'record'),
  });
}

/** The ext_authz decision maker over the policy in force (forced into dry run by `policy.dryRun`). */
export function createAuthorizer(
  ctx: StartContext,
  parts: {
    identity: IdentityResolver;
    policy: Pick<PolicyWatcher, 'current'>;
    grants: GrantStore;
    approvals: ApprovalService;
    recorder: AuditRecorder;
    masking: MaskingEngine;
    hashCommand: (raw: string) => CommandHash;
    recordProfile: string;
  },
): PolicyAuthorizer {
  const { config, logger, clock, metrics } = ctx;
  const classifier = createCommandClassifier({
    // An empty list means "sniff everywhere", which the classifier expresses as undefined.
    ...(config.authz.sqlPaths.length > 0 ? { sqlPaths: [...config.authz.sqlPaths] } : {}),
    ...(config.authz.graphqlPaths.length > 0 ? { graphqlPaths: [...config.authz.graphqlPaths] } : {}),
    maxBodyBytes: config.server.grpc.maxMessageSize,
    sqlDialects: config.authz.sqlDialects.map((d) => ({ ...d })),
  });
  const forceDryRun = config.policy.dryRun;
  return new PolicyAuthorizer({
    identity: parts.identity,
    policy: {
      evaluate: (input) => {
        const verdict = parts.policy.current().evaluate(input, { trace: false });
        return forceDryRun ? { ...verdict, dryRun: true } : verdict;
      },
    },
    // A classification failure throws here; the authorizer denies it (fail closed).
    classify: (request) => commandOrThrow(classifier.classify(request)),
    grants: parts.grants,
    approvals: parts.approvals,
    audit: parts.recorder,
    masking: parts.masking,
    hashCommand: parts.hashCommand,
    clock,
    logger,
    metrics,
    settings: {
      recordProfile: parts.recordProfile,
      passthroughProfile: config.extproc.passthroughProfile,
      grantStoreFailure: config.authz.grantStoreFailure,
      approvalUrlBase: config.authz.approvalUrlBase ?? config.admin.publicUrl,
    },
  });
}

export function createExchangeHandlers(ctx: StartContext, parts: { masking: MaskingEngine; recorder: AuditRecorder }): ExchangeHandlerFactory {
  const { extproc, masking } = ctx.config;
  return createMaskingExchangeHandlers({
    masking: parts.masking,
    audit: parts.recorder,
    logger: ctx.logger,
    clock: ctx.clock,
    metrics: ctx.metrics,
    settings: {
      defaultProfile: masking.defaultProfile,
      passthroughProfile: extproc.passthroughProfile,
      stripAcceptEncoding: extproc.stripAcceptEncoding,
      maxBufferedBytes: extproc.maxBufferedBody,
      maxAccumulatedBytes: extproc.maxAccumulatedBody,
      maxDecompressedBytes: extproc.maxDecompressedBody,
      unknownContentType: extproc.unknownContentType,
      uninspectable: extproc.uninspectable,
    },
  });
}

/** The live approvals feed of the admin API (`GET /v1/approvals/events`), watching the approval service from now on. */
export function createApprovalEventStreams(ctx: Pick<StartContext, 'logger'>, approvals: ApprovalService): ApprovalEventStreams {
  return new ApprovalEventStreams({ approvals, logger: ctx.logger.child({ component: 'approval-events' }) }).start();
}

export function createAdminRoutes(
  ctx: StartContext,
  parts: { approvals: ApprovalService; grants: GrantStore; verifier: JwtVerifier | undefined; recorder: AuditRecorder; console?: ConsoleRouter; events?: ApprovalEventStreams },
): HttpRoutes {
  const { config } = ctx;
  const { verifier } = parts;
  return createAdminRouter({
    approvals: parts.approvals,
    grants: parts.grants,
    authenticate: async (header) => {
      if (!verifier) throw new WardgateError(ErrorCode.Unauthenticated, 'no OIDC issuer configured for the admin API');
      const result = await verifyAdminToken(verifier, header, []);
      if (!result.ok) throw new WardgateError(ErrorCode.Unauthenticated, `invalid token (${result.problem})`);
      return { subject: result.user.subject, groups: result.user.groups };
    },
    ...(parts.console ? { authenticateSession: parts.console.authenticateSession } : {}),
    ...(parts.events ? { events: parts.events } : {}),
    // The Evidence page's data, for the console's auditor groups.
    ...(config.console ? { evidence: auditEvidenceFromConfig(config.audit, ctx), auditorGroups: config.console.auditorGroups } : {}),
    adminGroups: config.admin.adminGroups,
    maxTtlMs: config.grants.maxTtlMs,
    logger: ctx.logger,
    clock: ctx.clock,
    audit: parts.recorder,
  });
}

/** The web console when `console.issuer` is configured (its routes go before the admin API's). */
export function createConsoleRoutes(
  ctx: Pick<StartContext, 'config' | 'clock' | 'logger'>,
  parts: { redis: RedisClient | undefined; recorder: AuditRecorder; hashKey: Buffer },
): { router: ConsoleRouter; sweep: ExpirySweep } | undefined {
  const { config } = ctx;
  const { redis } = parts;
  if (!config.console) return undefined;
  const { router, sweep } = createConsole({
    config: config.console,
    adminGroups: config.admin.adminGroups,
    groupsClaim: config.identity.groupsClaim,
    clockSkewMs: config.identity.clockSkew,
    redis,
    ...(config.redis ? { redisKeyPrefix: config.redis.keyPrefix } : {}),
    clock: ctx.clock,
    logger: ctx.logger,
    audit: { recorder: parts.recorder, hashKey: parts.hashKey },
  });
  return { router, sweep: sweep.start() };
}

/** `/readyz`: the stores answer and the audit sink can keep events (its pending count is a gauge). */
export function readinessChecks(
  ctx: Pick<StartContext, 'metrics'>,
  parts: { grants: Pick<GrantStore, 'ping'>; approvals: Pick<ApprovalService, 'ping'>; audit: Pick<ChainedAuditSink, 'health'> },
): ReadinessCheck[] {
  const { grants, approvals, audit } = parts;
  return [
    { name: 'grants', check: () => grants.ping() },
    { name: 'approvals', check: () => approvals.ping() },
    {
      name: 'audit',
      check: () => {
        const health = audit.health();
        ctx.metrics.auditPending.set(health.pending);
        return health.ready ? Promise.resolve() : Promise.reject(new Error(health.detail ?? 'audit not ready'));
      },
    },
  ];
}
