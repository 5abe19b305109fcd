import type { ProcessPeers } from '../cluster/worker-peers.js';
import * as grpc from '@grpc/grpc-js';
import type { Authorizer } from '../authz/authorizer.js';
import type { Clock } from '../clock/clock.js';
import { createAuthorizationHandlers } from '../envoy/authorization-service.js';
import { createExternalProcessorHandlers } from '../envoy/external-processor-service.js';
import { loadEnvoyProtos } from '../envoy/proto-loader.js';
import type { ExchangeHandlerFactory } from '../extproc/exchange-handler.js';
import type { Logger } from '../logging/logger.js';
import type { WardgateMetrics } from '../metrics/wardgate-metrics.js';
import type { RequestTracer } from '../tracing/request-tracer.js';
import { HealthService } from './health-service.js';
import { OpsHttpServer, type HttpRoutes, type ReadinessCheck } from './http-server.js';
import type { LifecycleState } from './lifecycle-state.js';

export const AUTHZ_SERVICE = 'envoy.service.auth.v3.Authorization';
export const EXTPROC_SERVICE = 'envoy.service.ext_proc.v3.ExternalProcessor';

export interface WardgateServerOptions {
  grpc: { host: string; port: number; maxReceiveMessageBytes: number };
  http: { host: string; port: number };
  /** How long in-flight checks and streams may take to finish after SIGTERM. */
  shutdownGraceMs: number;
  readinessTimeoutMs: number;
  jwtAuthnPayloadKey: string;
  /** The correlation id recorded for a client's x-request-id (see `src/audit/correlation-id.ts`). */
  correlationIdOf?: (raw: string) => string;
  logger: Logger;
  clock: Clock;
  metrics: WardgateMetrics;
  authorizer: Authorizer;
  exchangeHandlers: ExchangeHandlerFactory;
  /** Spans for Check and Process. @default tracing off */
  tracer?: RequestTracer;
  readiness: readonly ReadinessCheck[];
  routes?: HttpRoutes;
  /** The pod's other processes, when this is one worker of several (`server.processes`). */
  peers?: ProcessPeers;
  /** Flushes and closes the components (audit, Redis, policy watcher) after the servers drained. */
  closeComponents: () => Promise<void>;
}

export interface ListeningPorts {
  grpcPort: number;
  httpPort: number;
}

/** One gRPC port (ext_authz, ext_proc, health) and one HTTP port (probes, metrics, admin API). */
export class WardgateServer {
  private stateValue: LifecycleState = 'STARTING';
  private readonly grpcServer: grpc.Server;
  private readonly health = new HealthService([AUTHZ_SERVICE, EXTPROC_SERVICE]);
  private readonly http: OpsHttpServer;
  private readonly inFlight = new Set<Promise<unknown>>();
  private shutdownPromise: Promise<void> | undefined;

  constructor(private readonly options: WardgateServerOptions) {
    this.grpcServer = new grpc.Server({
      'grpc.max_receive_message_length': options.grpc.maxReceiveMessageBytes,
      'grpc.max_send_message_length': options.grpc.maxReceiveMessageBytes,
      'grpc.keepalive_permit_without_calls': 1,
    });
    const protos = loadEnvoyProtos();
    const track = <T>(work: Promise<T>): Promise<T> => {
      this.inFlight.add(work);
      const forget = (): void => {
        this.inFlight.delete(work);
      };
      work.then(forget, forget);
      return work;
    };
    this.grpcServer.addService(
      protos.envoy.service.auth.v3.Authorization.service,
      createAuthorizationHandlers({
        authorizer: options.authorizer,
        logger: options.logger,
        clock: options.clock,
        jwtAuthnPayloadKey: options.jwtAuthnPayloadKey,
        ...(options.correlationIdOf ? { correlationIdOf: options.correlationIdOf } : {}),
        ...(options.tracer ? { tracer: options.tracer } : {}),
        track,
      }),
    );
    this.grpcServer.addService(
      protos.envoy.service.ext_proc.v3.ExternalProcessor.service,
      createExternalProcessorHandlers({
        handlers: options.exchangeHandlers,
        logger: options.logger,
        trackStream: (done) => void track(done),
        ...(options.tracer ? { tracer: options.tracer } : {}),
      }),
    );
    this.grpcServer.addService(protos.grpc.health.v1.Health.service, this.health.handlers());
    this.http = new OpsHttpServer({
      host: options.http.host,
      port: options.http.port,
      logger: options.logger,
      registry: options.metrics.registry,
      state: () => this.stateValue,
      readiness: options.readiness,
      readinessTimeoutMs: options.readinessTimeoutMs,
      routes: options.routes,
      ...(options.peers ? { peers: options.peers } : {}),
      onDependency: (name, up) => options.metrics.dependencyUp.set(up ? 1 : 0, { dependency: name }),
    });
  }

  get state(): LifecycleState {
    return this.stateValue;
  }

  async start(): Promise<ListeningPorts> {
    if (this.stateValue !== 'STARTING') throw new Error(`cannot start a server in state ${this.stateValue}`);
    try {
      const grpcPort = await new Promise<number>((resolve, reject) => {
        this.grpcServer.bindAsync(
          `${this.options.grpc.host}:${this.options.grpc.port}`,
          grpc.ServerCredentials.createInsecure(),
          (err, port) => (err ? reject(err) : resolve(port)),
        );
      });
      const httpPort = await this.http.listen();
      this.stateValue = 'SERVING';
      this.health.setAll('SERVING');
      this.options.logger.info({ grpcPort, httpPort }, 'wardgate serving');
      return { grpcPort, httpPort };
    } catch (err: unknown) {
      this.stateValue = 'FAILED';
      this.grpcServer.forceShutdown();
      await this.http.close();
      throw err;
    }
  }

  /** Stop accepting, finish in-flight checks and streams (bounded), flush, close. Idempotent. */
  shutdown(): Promise<void> {
    this.shutdownPromise ??= this.drain();
    return this.shutdownPromise;
  }

  private async drain(): Promise<void> {
    const { logger } = this.options;
    if (this.stateValue === 'SERVING' || this.stateValue === 'STARTING') this.stateValue = 'DRAINING';
    this.health.setAll('NOT_SERVING');
    this.health.endWatches();
    logger.info({ inFlight: this.inFlight.size }, 'draining');
    // tryShutdown stops new calls and waits for running ones; force after the grace period.
    const graceful = new Promise<void>((resolve) => this.grpcServer.tryShutdown(() => resolve()));
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), this.options.shutdownGraceMs);
    });
    const result = await Promise.race([Promise.all([graceful, Promise.allSettled([...this.inFlight])]), timedOut]);
    clearTimeout(timer);
    if (result === 'timeout') {
      logger.warn({ inFlight: this.inFlight.size }, 'grace period over; cancelling remaining calls');
      this.grpcServer.forceShutdown();
    }
    try {
      await this.options.closeComponents();
    } catch (err: unknown) {
      logger.error({ err }, 'closing components failed');
    }
    await this.http.close();
    this.stateValue = this.stateValue === 'FAILED' ? 'FAILED' : 'STOPPED';
    logger.info('stopped');
  }
}
