import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from '../logging/logger.js';
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
      const text = this.options.registry.render();
      res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4; charset=utf-8' });
      res.end(text);
      return;
    }
    if (this.options.routes && (await this.options.routes(req, res))) return;
    sendJson(res, 404, { error: { code: 'not_found', message: `no route ${req.method ?? ''} ${path ?? ''}` } });
  }

  private async readyz(res: http.ServerResponse): Promise<void> {
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
    const ready = state === 'SERVING' && failing.length === 0;
    sendJson(res, ready ? 200 : 503, { status: ready ? 'ready' : 'not_ready', state, failing });
  }
}
