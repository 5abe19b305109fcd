import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { InMemoryApprovalService } from '../approvals/in-memory-approval-service.js';
import type { ApprovalNotifier } from '../approvals/approval-notifier.js';
import type { ApprovalService } from '../approvals/approval-service.js';
import { RedisApprovalService } from '../approvals/redis-approval-service.js';
import { WebhookNotifier } from '../approvals/webhook-notifier.js';
import { createAdminRouter } from '../admin/admin-router.js';
import { createCorrelationIdRecorder } from '../audit/correlation-id.js';
import { createCommandHasher } from '../audit/command-hasher.js';
import { createAuditSink, type ChainedAuditSink } from '../audit/create-audit-sink.js';
import { PolicyAuthorizer } from '../authz/policy-authorizer.js';
import type { Clock } from '../clock/clock.js';
import { createCommandClassifier } from '../command/classify-command.js';
import { embeddedDefaultPolicyPath } from '../config/package-root.js';
import type { WardgateConfig } from '../config/wardgate-config.js';
import { ErrorCode, WardgateError } from '../errors/wardgate-error.js';
import { createMaskingExchangeHandlers } from '../extproc/masking-exchange-handler.js';
import { InMemoryGrantStore } from '../grants/in-memory-grant-store.js';
import type { GrantStore } from '../grants/grant-store.js';
import { createRedisClient, type RedisClient } from '../grants/redis-client.js';
import { RedisGrantStore } from '../grants/redis-grant-store.js';
import { verifyAdminToken } from '../identity/admin-token.js';
import { createIdentityResolver } from '../identity/identity-resolver.js';
import { createJwtVerifier, type JwtVerifier } from '../identity/jwt-verifier.js';
import type { Logger } from '../logging/logger.js';
import { createMaskingEngine } from '../masking/masking-engine.js';
import { createWardgateMetrics } from '../metrics/wardgate-metrics.js';
import { createPolicyWatcher, type PolicyWatcher } from '../policy/policy-watcher.js';
import type { ReadinessCheck } from './http-server.js';
import { WardgateServer, type ListeningPorts } from './wardgate-server.js';

/** The profile for what Wardgate itself records (commands, approver comments): everything redacted. */
const RECORD_PROFILE = 'strict';

export interface WardgateRuntime {
  ports: ListeningPorts;
  server: WardgateServer;
  audit: ChainedAuditSink;
  grants: GrantStore;
  approvals: ApprovalService;
  policy: PolicyWatcher;
  /** Drain and stop; idempotent. */
  shutdown(): Promise<void>;
}

export interface StartDeps {
  logger: Logger;
  clock: Clock;
}

/** The composition root: builds every component from the configuration and starts serving. */
export async function startWardgate(config: Readonly<WardgateConfig>, deps: StartDeps): Promise<WardgateRuntime> {
  const { logger, clock } = deps;
  const metrics = createWardgateMetrics();
  const cleanups: Array<() => Promise<void> | void> = [];
  const closeAll = async (): Promise<void> => {
    for (const cleanup of cleanups.reverse()) {
      try {
        await cleanup();
      } catch (err: unknown) {
        logger.error({ err }, 'cleanup failed');
      }
    }
  };

  try {
    if (!config.masking.tokenKey) logger.warn('masking.tokenKeyFile not set: consistent tokens change on every restart');
    const masking = createMaskingEngine({
      profiles: [...config.masking.profiles],
      tokenKey: config.masking.tokenKey ?? randomBytes(32),
      clock,
      maxStreamRecordChars: config.extproc.maxLine,
    });

    const audit = await createAuditSink(config.audit, { logger, clock });
    cleanups.push(() => audit.close());
    const commandHashKey = config.audit.commandHashKeyFile ? await readFile(config.audit.commandHashKeyFile) : randomBytes(32);
    if (!config.audit.commandHashKeyFile) logger.warn('audit.commandHashKeyFile not set: command hashes cannot be re-checked after a restart');

    let redis: RedisClient | undefined;
    if (config.redis && (config.grants.store === 'redis' || config.approvals.store === 'redis')) {
      redis = createRedisClient(config.redis, logger.child({ component: 'redis' }));
      const client = redis;
      cleanups.push(async () => {
        await client.quit().catch(() => client.disconnect());
      });
    }
    const grants: GrantStore =
      config.grants.store === 'redis' && redis
        ? new RedisGrantStore({ client: redis, clock, keyPrefix: config.redis?.keyPrefix, maxTtlMs: config.grants.maxTtlMs })
        : new InMemoryGrantStore({ clock, maxTtlMs: config.grants.maxTtlMs });
    cleanups.push(() => grants.close());

    const notifier: ApprovalNotifier | undefined = config.approvals.webhook
      ? new WebhookNotifier({ ...config.approvals.webhook, logger, serverHint: config.admin.publicUrl })
      : undefined;
    const approvalDeps = {
      grants,
      audit,
      clock,
      logger,
      notifier,
      maxGrantTtlMs: config.grants.maxTtlMs,
      retentionMs: config.approvals.retentionMs,
      sweepIntervalMs: config.approvals.sweepIntervalMs,
      maskComment: (comment: string) => masking.maskText(comment, RECORD_PROFILE).output,
    };
    const approvals: ApprovalService =
      config.approvals.store === 'redis' && redis
        ? new RedisApprovalService({ ...approvalDeps, client: redis, keyPrefix: config.redis?.keyPrefix })
        : new InMemoryApprovalService(approvalDeps);
    cleanups.push(() => approvals.close());

    const verifier: JwtVerifier | undefined =
      config.identity.issuers.length > 0
        ? createJwtVerifier({
            issuers: config.identity.issuers.map((i) => ({ issuer: i.issuer, jwksUri: i.jwksUri, audiences: [...i.audiences] })),
            groupsClaim: config.identity.groupsClaim,
            clockSkewMs: config.identity.clockSkew,
            jwksCacheMs: config.identity.jwksCacheTtl,
            jwksCooldownMs: config.identity.jwksCooldown,
            algorithms: [...config.identity.algorithms],
            timeoutMs: config.identity.jwksTimeout,
            clock,
            logger,
          })
        : undefined;
    const identity = createIdentityResolver({
      verifier,
      tokenHeader: config.identity.tokenHeader,
      trustEnvoyJwtAuthn: config.identity.trustEnvoyJwtAuthn,
      groupsClaim: config.identity.groupsClaim,
    });

    const policyFile = config.policy.file ?? embeddedDefaultPolicyPath();
    if (!config.policy.file) logger.warn({ policyFile }, 'no policy configured: using the embedded demo policy');
    const knownMaskingProfiles = [...masking.profileNames(), config.extproc.passthroughProfile];
    const policy = await createPolicyWatcher({
      path: policyFile,
      logger,
      knownMaskingProfiles,
      pollIntervalMs: config.policy.pollInterval,
      // The watcher logs loads and rejections; these callbacks put them in the audit log.
      onLoaded: (p) => {
        audit.emit({ kind: 'policy.loaded', policy: { sha256: p.sha256, rules: p.ruleCount, source: policyFile } });
      },
      onRejected: (error) => {
        audit.emit({ kind: 'policy.rejected', policy: { sha256: '', source: policyFile, error: error.message } });
      },
    });
    cleanups.push(() => policy.close());

    const classifier = createCommandClassifier({
      // An empty list means "sniff everywhere", which the classifier expresses as undefined.
      ...(config.authz.sqlPaths.length > 0 ? { sqlPaths: [...config.authz.sqlPaths] } : {}),
      ...(config.authz.graphqlPaths.length > 0 ? { graphqlPaths: [...config.authz.graphqlPaths] } : {}),
      maxBodyBytes: config.server.grpc.maxMessageSize,
      onFailure: (errorType) => logger.error({ errorType }, 'command classification failed; the request is classified as REST'),
    });
    const forceDryRun = config.policy.dryRun;
    const authorizer = new PolicyAuthorizer({
      identity,
      policy: {
        evaluate: (input) => {
          const verdict = policy.current().evaluate(input, { trace: false });
          return forceDryRun ? { ...verdict, dryRun: true } : verdict;
        },
      },
      classify: (request) => classifier.classify(request).command,
      grants,
      approvals,
      audit,
      masking,
      hashCommand: createCommandHasher(commandHashKey),
      clock,
      logger,
      metrics,
      settings: {
        recordProfile: RECORD_PROFILE,
        passthroughProfile: config.extproc.passthroughProfile,
        grantStoreFailure: config.authz.grantStoreFailure,
        auditFailure: config.audit.failClosedWhenUndeliverable ? config.authz.auditFailure : 'open',
        approvalUrlBase: config.authz.approvalUrlBase ?? config.admin.publicUrl,
      },
    });

    const exchangeHandlers = createMaskingExchangeHandlers({
      masking,
      audit,
      logger,
      clock,
      metrics,
      settings: {
        defaultProfile: config.masking.defaultProfile,
        passthroughProfile: config.extproc.passthroughProfile,
        stripAcceptEncoding: config.extproc.stripAcceptEncoding,
        maxBufferedBytes: config.extproc.maxBufferedBody,
        maxAccumulatedBytes: config.extproc.maxAccumulatedBody,
        maxDecompressedBytes: config.extproc.maxDecompressedBody,
        unknownContentType: config.extproc.unknownContentType,
        uninspectable: config.extproc.uninspectable,
      },
    });

    const routes = config.admin.enabled
      ? createAdminRouter({
          approvals,
          grants,
          authenticate: async (header) => {
            if (!verifier) throw new WardgateError(ErrorCode.Unauthenticated, 'no OIDC issuer configured for the admin API');
            const result = await verifyAdminToken(verifier, header, []);
            if (!result.ok) throw new WardgateError(ErrorCode.Unauthenticated, `invalid token (${result.problem})`);
            return { subject: result.user.subject, groups: result.user.groups };
          },
          adminGroups: config.admin.adminGroups,
          maxTtlMs: config.grants.maxTtlMs,
          logger,
          clock,
          audit,
        })
      : undefined;

    const readiness: ReadinessCheck[] = [
      { name: 'grants', check: () => grants.ping() },
      { name: 'approvals', check: () => approvals.ping() },
      {
        name: 'audit',
        check: () => {
          const health = audit.health();
          metrics.auditPending.set(health.pending);
          return health.ready ? Promise.resolve() : Promise.reject(new Error(health.detail ?? 'audit not ready'));
        },
      },
    ];

    const server = new WardgateServer({
      grpc: { host: config.server.grpc.host, port: config.server.grpc.port, maxReceiveMessageBytes: config.server.grpc.maxMessageSize },
      http: { host: config.server.http.host, port: config.server.http.port },
      shutdownGraceMs: config.server.shutdownGrace,
      readinessTimeoutMs: config.server.readinessTimeout,
      jwtAuthnPayloadKey: config.authz.jwtAuthnPayloadKey,
      correlationIdOf: createCorrelationIdRecorder(commandHashKey, (id) => masking.maskText(id, RECORD_PROFILE).summary.total === 0),
      logger,
      clock,
      metrics,
      authorizer,
      exchangeHandlers,
      readiness,
      routes,
      closeComponents: async () => {
        audit.emit({ kind: 'service.stopped', details: { chainId: audit.chainId } });
        await closeAll();
      },
    });
    const ports = await server.start();
    audit.emit({ kind: 'service.started', details: { chainId: audit.chainId, grpcPort: ports.grpcPort, httpPort: ports.httpPort } });
    return { ports, server, audit, grants, approvals, policy, shutdown: () => server.shutdown() };
  } catch (err: unknown) {
    await closeAll();
    throw err;
  }
}
