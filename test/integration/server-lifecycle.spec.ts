import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as grpc from '@grpc/grpc-js';
import { afterEach, describe, expect, it } from 'vitest';
import type { AccessRequest } from '../../src/authz/access-request.js';
import type { AuthzOutcome } from '../../src/authz/authz-outcome.js';
import { SystemClock } from '../../src/clock/clock.js';
import { loadEnvoyProtos } from '../../src/envoy/proto-loader.js';
import { createSilentLogger } from '../../src/logging/logger.js';
import { createWardgateMetrics } from '../../src/metrics/wardgate-metrics.js';
import { WardgateServer } from '../../src/server/wardgate-server.js';

const allow = (request: AccessRequest): AuthzOutcome => ({
  kind: 'allow',
  upstreamHeaders: {},
  removeUpstreamHeaders: [],
  metadata: { decisionId: 'd', correlationId: request.requestId, ruleId: 'r', action: 'allow', maskingProfile: 'strict', maskRequestBody: false },
});

function checkRequest(path: string) {
  return { attributes: { request: { http: { method: 'GET', path, host: 'fhir', headers: {} } } } };
}

describe('server lifecycle', () => {
  const cleanups: Array<() => Promise<void> | void> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  it('on shutdown: stops being ready, finishes the in-flight check, closes components, and is idempotent', async () => {
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let closed = 0;
    const server = new WardgateServer({
      grpc: { host: '127.0.0.1', port: 0, maxReceiveMessageBytes: 1 << 20 },
      http: { host: '127.0.0.1', port: 0 },
      shutdownGraceMs: 10_000,
      readinessTimeoutMs: 1000,
      jwtAuthnPayloadKey: 'jwt_payload',
      logger: createSilentLogger(),
      clock: new SystemClock(),
      metrics: createWardgateMetrics(),
      authorizer: {
        authorize: async (request) => {
          if (request.http.path === '/slow') await gate;
          return allow(request);
        },
      },
      exchangeHandlers: { create: () => { throw new Error('unused'); } },
      readiness: [],
      closeComponents: () => {
        closed += 1;
        return Promise.resolve();
      },
    });
    const ports = await server.start();
    cleanups.push(() => server.shutdown());
    const protos = loadEnvoyProtos();
    const client = new protos.envoy.service.auth.v3.Authorization(`127.0.0.1:${ports.grpcPort}`, grpc.credentials.createInsecure());
    cleanups.push(() => client.close());
    const health = new protos.grpc.health.v1.Health(`127.0.0.1:${ports.grpcPort}`, grpc.credentials.createInsecure());
    cleanups.push(() => health.close());

    const ready = await fetch(`http://127.0.0.1:${ports.httpPort}/readyz`);
    expect(ready.status).toBe(200);
    const serving = await new Promise<string>((resolve, reject) => health.Check({ service: 'envoy.service.auth.v3.Authorization' }, (err, res) => (err ? reject(err) : resolve(res!.status))));
    expect(serving).toBe('SERVING');

    const inFlight = new Promise<number>((resolve, reject) =>
      client.Check(checkRequest('/slow'), (err, res) => (err ? reject(err) : resolve(res!.status?.code ?? -1))),
    );
    await new Promise((r) => setTimeout(r, 100));
    const first = server.shutdown();
    const second = server.shutdown();
    expect(second).toBe(first);
    expect(server.state).toBe('DRAINING');
    const draining = await fetch(`http://127.0.0.1:${ports.httpPort}/readyz`);
    expect(draining.status).toBe(503);
    expect(await draining.json()).toMatchObject({ state: 'DRAINING' });

    release();
    expect(await inFlight).toBe(0);
    await first;
    expect(server.state).toBe('STOPPED');
    expect(closed).toBe(1);
    // The port is closed: new checks fail.
    await expect(new Promise((resolve, reject) => client.Check(checkRequest('/x'), { deadline: Date.now() + 1000 }, (err, res) => (err ? reject(err) : resolve(res))))).rejects.toBeTruthy();
  });

  it('`wardgate serve` starts with embedded defaults, answers /healthz and exits 0 on SIGTERM', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'wardgate-serve-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const free = async (): Promise<number> => {
      const srv = createServer();
      await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
      const port = (srv.address() as { port: number }).port;
      await new Promise<void>((r) => srv.close(() => r()));
      return port;
    };
    const [grpcPort, httpPort] = [await free(), await free()];
    writeFileSync(path.join(dir, 'config.yaml'), `server:\n  grpc: { host: 127.0.0.1, port: ${grpcPort} }\n  http: { host: 127.0.0.1, port: ${httpPort} }\n`);
    const child = spawn(process.execPath, ['--import', 'tsx', path.resolve('src/cli/main.ts'), 'serve', '--config', path.join(dir, 'config.yaml')], {
      // cwd is the repo so `--import tsx` resolves; the audit file goes to the temp dir.
      env: { ...process.env, WARDGATE_LOG_LEVEL: 'warn', WARDGATE_AUDIT_FILE: path.join(dir, 'audit.jsonl') },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr.on('data', (c: Buffer) => (output += c.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    cleanups.push(() => {
      if (child.exitCode === null) child.kill('SIGKILL');
    });
    let healthy = false;
    for (let i = 0; i < 200 && !healthy; i++) {
      healthy = await fetch(`http://127.0.0.1:${httpPort}/healthz`).then((r) => r.status === 200, () => false);
      if (!healthy) await new Promise((r) => setTimeout(r, 100));
    }
    expect(healthy, output).toBe(true);
    expect((await fetch(`http://127.0.0.1:${httpPort}/metrics`)).status).toBe(200);
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });

  it('`wardgate serve` refuses a bad configuration with the field named and exit code 2', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'wardgate-serve-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    writeFileSync(path.join(dir, 'config.yaml'), 'server:\n  grpc:\n    port: -1\n');
    const child = spawn(process.execPath, ['--import', 'tsx', path.resolve('src/cli/main.ts'), 'serve', '--config', path.join(dir, 'config.yaml')], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    expect(code).toBe(2);
    expect(stderr).toContain('server.grpc.port');
  });
});
