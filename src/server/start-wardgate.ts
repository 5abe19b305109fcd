import { randomBytes } from 'node:crypto';
import type { ApprovalService } from '../approvals/approval-service.js';
import { createAdminRouter } from '../admin/admin-router.js';
import type { ChainedAuditSink } from '../audit/create-audit-sink.js';
import { PolicyAuthorizer } from '../authz/policy-authorizer.js';
import type { Clock } from '../clock/clock.js';
import { createCommandClassifier } from '../command/classify-command.js';
import type { WardgateConfig } from '../config/wardgate-config.js';
import { ErrorCode, WardgateError } from '../errors/wardgate-error.js';
import { createMaskingExchangeHandlers } from '../extproc/masking-exchange-handler.js';
import type { GrantStore } from '../grants/grant-store.js';
import { verifyAdminToken } from '../identity/admin-token.js';
import { createIdentityResolver } from '../identity/identity-resolver.js';
import type { Logger } from '../logging/logger.js';
import { createMaskingEngine } from '../masking/masking-engine.js';
import { createWardgateMetrics } from '../metrics/wardgate-metrics.js';
import type { PolicyWatcher } from '../policy/policy-watcher.js';
import type { ReadinessCheck } from './http-server.js';
import { commandHasher, connectRedis, createApprovals, createGrantStore, createVerifier, openAudit, watchPolicy, type StartContext } from './start-steps.js';
import { runStopSteps, stopSteps, type StoppableParts } from './stop-steps.js';
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

/**
 * The composition root. Start list: masking → audit (sink + recorder) → command hasher →
 * Redis → grants → approvals → identity → policy watcher → authorizer and exchange handlers →
 * admin routes → servers → `service.started`. The stop order is `stopSteps` (stop-steps.ts);
 * a start that fails half-way stops what it had started, in that order.
 */
export async function startWardgate(config: Readonly<WardgateConfig>, deps: StartDeps): Promise<WardgateRuntime> {
  const { logger, clock } = deps;
  const ctx: StartContext = { config, logger, clock, metrics: createWardgateMetrics() };
  const parts: StoppableParts = {};
  try {
    if (!config.masking.tokenKey) logger.warn('masking.tokenKeyFile not set: consistent tokens change on every restart');
    const masking = createMaskingEngine({
      profiles: [...config.masking.profiles],
      tokenKey: config.masking.tokenKey ?? randomBytes(32),
      clock,
      maxStreamRecordChars: config.extproc.maxLine,
    });
    const maskRecorded = (text: string): string => masking.maskText(text, RECORD_PROFILE).output;

    const { audit, recorder } = await openAudit(ctx);
    Object.assign(parts, { audit, recorder });
    const hashCommand = commandHasher(ctx);
    const redis = connectRedis(ctx);
    parts.redis = redis;
    const grants = createGrantStore(ctx, redis);
    parts.grants = grants;
    const approvals = createApprovals(ctx, { grants, recorder, redis, maskComment: maskRecorded });
    parts.approvals = approvals;
    const verifier = createVerifier(ctx);
    const identity = createIdentityResolver({
      verifier,
      tokenHeader: config.identity.tokenHeader,
      trustEnvoyJwtAuthn: config.identity.trustEnvoyJwtAuthn,
      groupsClaim: config.identity.groupsClaim,
    });
    const policy = await watchPolicy(ctx, { recorder, masking });
    parts.policy = policy;

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
      audit: recorder,
      masking,
      hashCommand,
      clock,
      logger,
      metrics: ctx.metrics,
      settings: {
        recordProfile: RECORD_PROFILE,
        passthroughProfile: config.extproc.passthroughProfile,
        grantStoreFailure: config.authz.grantStoreFailure,
        approvalUrlBase: config.authz.approvalUrlBase ?? config.admin.publicUrl,
      },
    });

    const exchangeHandlers = createMaskingExchangeHandlers({
      masking,
      audit: recorder,
      logger,
      clock,
      metrics: ctx.metrics,
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
          audit: recorder,
        })
      : undefined;

    const readiness: ReadinessCheck[] = [
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

    const server = new WardgateServer({
      grpc: { host: config.server.grpc.host, port: config.server.grpc.port, maxReceiveMessageBytes: config.server.grpc.maxMessageSize },
      http: { host: config.server.http.host, port: config.server.http.port },
      shutdownGraceMs: config.server.shutdownGrace,
      readinessTimeoutMs: config.server.readinessTimeout,
      jwtAuthnPayloadKey: config.authz.jwtAuthnPayloadKey,
      logger,
      clock,
      metrics: ctx.metrics,
      authorizer,
      exchangeHandlers,
      readiness,
      routes,
      // The server stopped accepting and drained before this: the rest of the stop order.
      closeComponents: async () => {
        await runStopSteps(stopSteps(parts), logger);
      },
    });
    const ports = await server.start();
    void recorder.record({ kind: 'service.started', details: { chainId: audit.chainId, grpcPort: ports.grpcPort, httpPort: ports.httpPort } }, 'record');
    return { ports, server, audit, grants, approvals, policy, shutdown: () => server.shutdown() };
  } catch (err: unknown) {
    await runStopSteps(stopSteps(parts), logger);
    throw err;
  }
}
