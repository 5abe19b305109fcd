import type { ProcessPeers } from '../cluster/worker-peers.js';
import { randomBytes } from 'node:crypto';
import type { ApprovalService } from '../approvals/approval-service.js';
import type { ChainedAuditSink } from '../audit/create-audit-sink.js';
import { createCorrelationIdRecorder } from '../audit/correlation-id.js';
import type { Clock } from '../clock/clock.js';
import type { WardgateConfig } from '../config/wardgate-config.js';
import type { GrantStore } from '../grants/grant-store.js';
import { createIdentityResolver } from '../identity/identity-resolver.js';
import type { Logger } from '../logging/logger.js';
import { createMaskingEngine } from '../masking/masking-engine.js';
import { createWardgateMetrics } from '../metrics/wardgate-metrics.js';
import type { CustomMaskingWatcher } from '../config/custom-masking-watcher.js';
import type { PolicyWatcher } from '../policy/policy-watcher.js';
import {
  collectAuditMetrics,
  auditCustomMasking,
  commandHashKey,
  commandHasher,
  connectRedis,
  createAdminRoutes,
  createApprovalEventStreams,
  createApprovals,
  createConsoleRoutes,
  createAuthorizer,
  createExchangeHandlers,
  createGrantStore,
  createTracer,
  createVerifier,
  customMaskingRules,
  openAudit,
  readinessChecks,
  traceComponents,
  watchPolicy,
  type StartContext,
} from './start-steps.js';
import type { HttpRoutes } from './http-server.js';
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
  /** The `masking.custom` rules in force (hot-reloaded from the config file). */
  customMasking: CustomMaskingWatcher;
  /** Drain and stop; idempotent. */
  shutdown(): Promise<void>;
}

export interface StartDeps {
  logger: Logger;
  clock: Clock;
  /** Set when this process is one worker of several (`server.processes` > 1). */
  peers?: ProcessPeers;
}

/**
 * The composition root. Start list: custom masking rules → masking → tracer → audit (sink + recorder) → command hasher →
 * Redis → grants → approvals → identity → policy watcher → authorizer and exchange handlers →
 * console, approval event streams and admin routes → servers → `service.started`. The stop order is `stopSteps` (stop-steps.ts);
 * a start that fails half-way stops what it had started, in that order.
 */
export async function startWardgate(config: Readonly<WardgateConfig>, deps: StartDeps): Promise<WardgateRuntime> {
  const { logger, clock } = deps;
  const ctx: StartContext = { config, logger, clock, metrics: createWardgateMetrics() };
  const parts: StoppableParts = {};
  try {
    if (!config.masking.tokenKey) logger.warn('masking.tokenKeyFile not set: consistent tokens change on every restart');
    const customMasking = customMaskingRules(ctx);
    parts.customMasking = customMasking;
    const masking = createMaskingEngine({
      custom: customMasking,
      profiles: [...config.masking.profiles],
      tokenKey: config.masking.tokenKey ?? randomBytes(32),
      clock,
      maxStreamRecordChars: config.extproc.maxLine,
    });
    const maskRecorded = (text: string): string => masking.maskText(text, RECORD_PROFILE).output;

    const tracer = await createTracer(ctx);
    parts.tracer = tracer;
    const opened = await openAudit(ctx);
    const { audit } = opened;
    Object.assign(parts, { audit, recorder: opened.recorder });
    collectAuditMetrics(ctx, audit);
    auditCustomMasking(ctx, { rules: customMasking, recorder: opened.recorder });
    const hashKey = commandHashKey(ctx);
    const hashCommand = commandHasher(ctx, hashKey);
    const redis = connectRedis(ctx);
    parts.redis = redis;
    const traced = traceComponents(ctx, tracer, { recorder: opened.recorder, grants: createGrantStore(ctx, redis) });
    const { recorder, grants } = traced;
    parts.grants = grants;
    const approvals = createApprovals(ctx, { grants, recorder, redis, maskComment: maskRecorded });
    parts.approvals = approvals;
    const verifier = createVerifier(ctx, tracer);
    const identity = createIdentityResolver({
      verifier,
      tokenHeader: config.identity.tokenHeader,
      trustEnvoyJwtAuthn: config.identity.trustEnvoyJwtAuthn,
      groupsClaim: config.identity.groupsClaim,
    });
    const policy = await watchPolicy(ctx, { recorder, masking });
    parts.policy = policy;

    const authorizer = createAuthorizer(ctx, { identity, policy, grants, approvals, recorder, masking, hashCommand, recordProfile: RECORD_PROFILE });
    const exchangeHandlers = createExchangeHandlers(ctx, { masking, recorder });
    const consoleParts = config.admin.enabled ? createConsoleRoutes(ctx, { redis, recorder, hashKey }) : undefined;
    parts.consoleSweep = consoleParts?.sweep;
    const consoleRouter = consoleParts?.router;
    const events = config.admin.enabled ? createApprovalEventStreams(ctx, approvals) : undefined;
    parts.approvalEvents = events;
    const adminRoutes = config.admin.enabled ? createAdminRoutes(ctx, { approvals, grants, verifier, recorder, console: consoleRouter, events }) : undefined;
    const routes: HttpRoutes | undefined = consoleRouter && adminRoutes ? async (req, res) => (await consoleRouter.handle(req, res)) || adminRoutes(req, res) : adminRoutes;
    const readiness = readinessChecks(ctx, { grants, approvals, audit });

    const server = new WardgateServer({
      grpc: { host: config.server.grpc.host, port: config.server.grpc.port, maxReceiveMessageBytes: config.server.grpc.maxMessageSize },
      http: { host: config.server.http.host, port: config.server.http.port },
      shutdownGraceMs: config.server.shutdownGrace,
      readinessTimeoutMs: config.server.readinessTimeout,
      jwtAuthnPayloadKey: config.authz.jwtAuthnPayloadKey,
      correlationIdOf: createCorrelationIdRecorder(hashKey, (id) => masking.maskText(id, RECORD_PROFILE).summary.total === 0),
      logger,
      clock,
      metrics: ctx.metrics,
      authorizer,
      exchangeHandlers,
      tracer,
      readiness,
      routes,
      ...(deps.peers ? { peers: deps.peers } : {}),
      // The server stopped accepting and drained before this: the rest of the stop order.
      closeComponents: async () => {
        await runStopSteps(stopSteps(parts), logger);
      },
    });
    const ports = await server.start();
    void recorder.record({ kind: 'service.started', details: { chainId: audit.chainId, grpcPort: ports.grpcPort, httpPort: ports.httpPort } }, 'record');
    return { ports, server, audit, grants, approvals, policy, customMasking, shutdown: () => server.shutdown() };
  } catch (err: unknown) {
    await runStopSteps(stopSteps(parts), logger);
    throw err;
  }
}
