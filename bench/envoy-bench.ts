import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { SystemClock } from '../src/clock/clock.js';
import { loadWardgateConfig } from '../src/config/wardgate-config.js';
import { createSilentLogger } from '../src/logging/logger.js';
import { startWardgate } from '../src/server/start-wardgate.js';
import { EnvoyProcess, buildBootstrap } from '../test/support/envoy-process.js';
import { UpstreamServer } from '../test/support/upstream-server.js';
import { percentile } from './percentile.js';

const REQUESTS = 2000;

async function latencies(url: string): Promise<number[]> {
  for (let i = 0; i < 200; i++) await (await fetch(url)).arrayBuffer();
  const samples: number[] = [];
  for (let i = 0; i < REQUESTS; i++) {
    const started = performance.now();
    const res = await fetch(url);
    const body = Buffer.from(await res.arrayBuffer());
    if (res.status !== 200) throw new Error(`unexpected status ${res.status}: ${body.toString().slice(0, 300)}`);
    samples.push(performance.now() - started);
  }
  return samples.sort((a, b) => a - b);
}

function line(label: string, samples: number[]): string {
  const p = (q: number): string => percentile(samples, q).toFixed(2);
  return `${label}: n=${samples.length} p50=${p(0.5)}ms p99=${p(0.99)}ms`;
}

/**
 * End-to-end latency through a real Envoy: the same small FHIR read with no filters, with
 * ext_authz only, and with ext_authz + ext_proc masking, one request at a time.
 */
export async function runEnvoyBench(): Promise<void> {
  const dir = mkdtempSync(path.join(tmpdir(), 'wardgate-bench-'));
  const upstream = new UpstreamServer();
  const body = JSON.stringify({ resourceType: 'Patient', id: 'p1', name: [{ family: 'Lovelace', given: ['Ada'] }], birthDate: '1815-12-10', gender: 'female' });
  upstream.route('/Patient/p1', (_req, res) => {
    res.writeHead(200, { 'content-type': 'application/fhir+json', 'content-length': Buffer.byteLength(body) });
    res.end(body);
  });
  await upstream.start();
  const policyFile = path.join(dir, 'policy.yaml');
  writeFileSync(policyFile, 'version: 1\ndefaults: { action: allow, maskingProfile: strict }\nrules: []\n');
  const config = loadWardgateConfig({
    raw: {
      logLevel: 'warn',
      server: { grpc: { host: '127.0.0.1', port: 0 }, http: { host: '127.0.0.1', port: 0 } },
      policy: { file: policyFile },
      audit: { sink: 'file', file: { path: path.join(dir, 'audit.jsonl') } },
    },
    env: {},
  });
  const runtime = await startWardgate(config, { logger: createSilentLogger(), clock: new SystemClock() });
  const variants: Array<[string, EnvoyProcess]> = [
    ['through Envoy, no Wardgate filters', new EnvoyProcess(buildBootstrap({ wardgateGrpcPort: runtime.ports.grpcPort, upstreamPort: upstream.port, httpFilters: [] }))],
    ['through Envoy, ext_authz', new EnvoyProcess(buildBootstrap({ wardgateGrpcPort: runtime.ports.grpcPort, upstreamPort: upstream.port, filters: ['ext-authz'] }))],
    ['through Envoy, ext_authz + ext_proc masking', new EnvoyProcess(buildBootstrap({ wardgateGrpcPort: runtime.ports.grpcPort, upstreamPort: upstream.port }))],
  ];
  try {
    for (const [label, envoy] of variants) {
      await envoy.start();
      try {
        console.log(line(label, await latencies(envoy.url('/Patient/p1'))));
      } finally {
        await envoy.stop();
      }
    }
  } finally {
    await runtime.shutdown();
    await upstream.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await runEnvoyBench();
}
