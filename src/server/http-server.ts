import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ReadinessAnswer } from '../cluster/cluster-messages.js';
import type { ProcessPeers } from '../cluster/worker-peers.js';
import type { Logger } from '../logging/logger.js';
import { renderMergedMetrics } from '../metrics/metrics-merge.js';
import type { MetricsRegistry } from '../metrics/metrics-registry.js';
import type { LifecycleState } from './lifecycle-state.js';
import { sendJson } from './send-json.js';

export interface ReadinessCheck {
  name: string;
  /** Throws when the dependency is not usable. */
  check(): Promise<void>;
}

/** Extra routes (the admin API). Returns false when the request is not theirs. */
export type HttpRoutes = (req: http.IncomingMessage, res: http.ServerResponse) => Promise<boolean>;

export interface OpsHttpServerOptions {
  host: string;
  port: number;
  logger: Logger;
  registry: MetricsRegistry;
  state: () => LifecycleState;
  readiness: readonly ReadinessCheck[];
  readinessTimeoutMs: number;
  routes?: HttpRoutes;
  /** Called with each dependency's result so it can be exported as a metric. */
  onDependency?: (name: string, up: boolean) => void;
  /**
   * The pod's other processes (`server.processes` > 1): `/metrics` is then the whole pod's and
   * `/readyz` is ready only when every process is, whichever process the connection reached.
   */
  peers?: ProcessPeers;
}

/** /healthz (liveness), /readyz (readiness, names failing dependencies), /metrics, admin routes. */
export class OpsHttpServer {
  private readonly server: http.Server;

  constructor(private readonly options: OpsHttpServerOptions) {
    this.server = http.createServer((req, res) => {
      this.route(req, res).catch((err: unknown) => {
        // The first segment only: the rest of a path may hold anything (PHI included).
        options.logger.error({ err, route: `/${(req.url ?? '').split(/[/?]/)[1] ?? ''}` }, 'http handler failed');
        if (!res.headersSent) sendJson(res, 500, { error: { code: 'internal', message: 'internal error' } });
        else res.destroy();
      });
    });
    // Probes and admin calls are short; keep-alive sockets must not hold up shutdown.
    this.server.keepAliveTimeout = 5_000;
    options.peers?.answerWith({ metrics: () => options.registry.snapshot(), readiness: () => this.localReadiness() });
  }

  async listen(): Promise<number> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(this.options.port, this.options.host, () => resolve());
    });
    return (this.server.address() as AddressInfo).port;
  }

  async close(): Promise<void> {
    if (!this.server.listening) return;
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      this.server.closeIdleConnections();
    });
  }

  private async route(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const path = (req.url ?? '/').split('?')[0];
    if (req.method === 'GET' && path === '/healthz') {
      const state = this.options.state();
      const alive = state !== 'FAILED' && state !== 'STOPPED';
      sendJson(res, alive ? 200 : 503, { status: alive ? 'ok' : 'down', state });
      return;
    }
    if (req.method === 'GET' && path === '/readyz') {
      await this.readyz(res);
      return;
    }
    if (req.method === 'GET' && path === '/metrics') {
      await this.metrics(res);
      return;
    }
    if (this.options.routes && (await this.options.routes(req, res))) return;
    sendJson(res, 404, { error: { code: 'not_found', message: `no route ${req.method ?? ''} ${path ?? ''}` } });
  }

  private async metrics(res: http.ServerResponse): Promise<void> {
    const { peers, registry } = this.options;
    let text: string;
    if (peers === undefined) {
      text = registry.render();
    } else {
      let gathered;
      try {
        gathered = await peers.gather('metrics');
      } catch (err: unknown) {
        // A partial scrape would read as counters going backwards: no scrape at all is honest.
        this.options.logger.warn({ err }, 'metrics of the other processes unavailable');
        sendJson(res, 503, { error: { code: 'unavailable', message: 'metrics of the other processes are unavailable' } });
        return;
      }
      text = renderMergedMetrics(gathered.answers.map(({ worker, answer }) => ({ worker, metrics: answer })));
    }
    res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4; charset=utf-8' });
    res.end(text);
  }

  private async readyz(res: http.ServerResponse): Promise<void> {
    const { peers } = this.options;
    if (peers === undefined) {
      const own = await this.localReadiness();
      sendJson(res, own.ready ? 200 : 503, { status: own.ready ? 'ready' : 'not_ready', state: own.state, failing: own.failing });
      return;
    }
    // Every process answers through the primary, this one included: its dependencies are checked once.
    let workers: Array<{ worker: number } & ReadinessAnswer>;
    try {
      const gathered = await peers.gather('readiness');
      workers = [
        ...gathered.answers.map(({ worker, answer }) => ({ worker, ...answer })),
        ...gathered.missing.map((worker) => ({ worker, ready: false, state: 'UNREACHABLE', failing: ['process'] })),
      ].sort((a, b) => a.worker - b.worker);
    } catch {
      workers = [{ worker: peers.worker, ...(await this.localReadiness()) }, { worker: -1, ready: false, state: 'UNREACHABLE', failing: ['cluster'] }];
    }
    const ready = workers.every((w) => w.ready);
    const failing = [...new Set(workers.flatMap((w) => w.failing))];
    sendJson(res, ready ? 200 : 503, { status: ready ? 'ready' : 'not_ready', state: this.options.state(), failing, workers });
  }

  /** This process's own readiness: serving, and every dependency answered in time. */
  private async localReadiness(): Promise<ReadinessAnswer> {
    const state = this.options.state();
    const results = await Promise.all(
      this.options.readiness.map(async (dependency) => {
        const { name } = dependency;
        let timer: NodeJS.Timeout | undefined;
        try {
          await Promise.race([
            dependency.check(),
            new Promise((_, reject) => {
              timer = setTimeout(() => reject(new Error('timeout')), this.options.readinessTimeoutMs);
            }),
          ]);
          this.options.onDependency?.(name, true);
          return { name, ok: true };
        } catch {
          this.options.onDependency?.(name, false);
          return { name, ok: false };
        } finally {
          clearTimeout(timer);
        }
      }),
    );
    const failing = results.filter((r) => !r.ok).map((r) => r.name);
    return { ready: state === 'SERVING' && failing.length === 0, state, failing };
  }
}
