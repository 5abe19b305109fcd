import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { stringify } from 'yaml';
import { repoRoot } from '../../scripts/deploy/helm-render.js';
import { freePort } from './free-port.js';

/**
 * The OpenTelemetry Collector built by `scripts/deploy/install-tools.sh otelcol` (the OTLP
 * receiver and the file exporter, at the version scripts/deploy/otelcol/go.mod pins) into
 * .cache/tools; WARDGATE_OTELCOL_BIN points at another.
 */
export function ensureOtelCollector(): string {
  const fromEnv = process.env['WARDGATE_OTELCOL_BIN'];
  if (fromEnv) return fromEnv;
  execFileSync('bash', [path.join(repoRoot, 'scripts', 'deploy', 'install-tools.sh'), 'otelcol'], { cwd: repoRoot, stdio: ['ignore', 'ignore', 'pipe'], timeout: 900_000 });
  return path.join(repoRoot, '.cache', 'tools', 'bin', 'otelcol');
}


/** One span as the file exporter writes it (OTLP JSON: ids in hex). */
export interface CollectedSpan {
  service: string;
  traceId: string;
  spanId: string;
  parentSpanId: string;
  name: string;
  kind: number;
  attributes: Record<string, string | number | boolean>;
  status: { code?: number; message?: string };
}

interface OtlpValue {
  stringValue?: string;
  intValue?: string | number;
  boolValue?: boolean;
  doubleValue?: number;
}

function attributeMap(list: Array<{ key: string; value: OtlpValue }> | undefined): Record<string, string | number | boolean> {
  const out: Record<string, string | number | boolean> = {};
  for (const { key, value } of list ?? []) {
    out[key] = value.stringValue ?? (value.intValue !== undefined ? Number(value.intValue) : undefined) ?? value.boolValue ?? value.doubleValue ?? '';
  }
  return out;
}

/** A real collector process: OTLP over gRPC and HTTP on loopback, spans to a JSON-lines file. */
export class OtelCollector {
  private child: ChildProcess | undefined;
  private readonly dir = mkdtempSync(path.join(tmpdir(), 'wardgate-otelcol-'));
  private output = '';
  grpcPort = 0;
  httpPort = 0;

  constructor(private readonly bin: string) {}

  get spansFile(): string {
    return path.join(this.dir, 'spans.jsonl');
  }

  get logs(): string {
    return this.output;
  }

  /** The OTLP/HTTP traces endpoint Wardgate exports to. */
  get httpTracesEndpoint(): string {
    return `http://127.0.0.1:${this.httpPort}/v1/traces`;
  }

  async start(): Promise<this> {
    this.grpcPort = await freePort();
    this.httpPort = await freePort();
    const config = {
      receivers: { otlp: { protocols: { grpc: { endpoint: `127.0.0.1:${this.grpcPort}` }, http: { endpoint: `127.0.0.1:${this.httpPort}` } } } },
      exporters: { file: { path: this.spansFile, flush_interval: '100ms' } },
      service: {
        telemetry: { metrics: { level: 'none' }, logs: { level: 'warn' } },
        pipelines: { traces: { receivers: ['otlp'], exporters: ['file'] } },
      },
    };
    const configFile = path.join(this.dir, 'config.yaml');
    writeFileSync(configFile, stringify(config));
    this.child = spawn(this.bin, ['--config', configFile], { stdio: ['ignore', 'pipe', 'pipe'] });
    const collect = (chunk: Buffer): void => {
      this.output = (this.output + chunk.toString()).slice(-20_000);
    };
    this.child.stdout?.on('data', collect);
    this.child.stderr?.on('data', collect);
    const deadline = Date.now() + 20_000;
    while (Date.now() < deadline) {
      if (this.child.exitCode !== null) throw new Error(`otelcol exited with ${this.child.exitCode}:\n${this.output}`);
      try {
        // An empty export answers 200 once the HTTP receiver is up.
        const res = await fetch(this.httpTracesEndpoint, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"resourceSpans":[]}' });
        if (res.status === 200) return this;
      } catch {
        // not up yet
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`otelcol did not become ready:\n${this.output}`);
  }

  /** Every span the collector has written so far. */
  spans(): CollectedSpan[] {
    if (!existsSync(this.spansFile)) return [];
    const out: CollectedSpan[] = [];
    const text = readFileSync(this.spansFile, 'utf8');
    // The collector may be half-way through writing its last line: read only whole lines.
    const complete = text.slice(0, text.lastIndexOf('\n') + 1);
    for (const line of complete.split('\n')) {
      if (!line.trim()) continue;
      const request = JSON.parse(line) as {
        resourceSpans?: Array<{
          resource?: { attributes?: Array<{ key: string; value: OtlpValue }> };
          scopeSpans?: Array<{ spans?: Array<{ traceId: string; spanId: string; parentSpanId?: string; name: string; kind?: number; attributes?: Array<{ key: string; value: OtlpValue }>; status?: { code?: number; message?: string } }> }>;
        }>;
      };
      for (const resource of request.resourceSpans ?? []) {
        const service = String(attributeMap(resource.resource?.attributes)['service.name'] ?? '');
        for (const scope of resource.scopeSpans ?? []) {
          for (const span of scope.spans ?? []) {
            out.push({
              service,
              traceId: span.traceId,
              spanId: span.spanId,
              parentSpanId: span.parentSpanId ?? '',
              name: span.name,
              kind: span.kind ?? 0,
              attributes: attributeMap(span.attributes),
              status: span.status ?? {},
            });
          }
        }
      }
    }
    return out;
  }

  /** Waits until `ready(spans)` holds (the exporters batch), or fails naming what arrived. */
  async waitFor(ready: (spans: CollectedSpan[]) => boolean, timeoutMs = 15_000): Promise<CollectedSpan[]> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const spans = this.spans();
      if (ready(spans)) return spans;
      if (Date.now() > deadline) {
        throw new Error(`spans not there in ${timeoutMs} ms; got ${JSON.stringify(spans.map((s) => [s.service, s.name, s.traceId, s.spanId, s.parentSpanId]))}\n${this.output}`);
      }
      await new Promise((r) => setTimeout(r, 100));
    }
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
