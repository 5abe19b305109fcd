import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Kafka, logLevel } from 'kafkajs';
import { stringify } from 'yaml';
import { createTopicIfMissing } from '../../src/audit/audit-topic.js';
import { verifyAuditEvents } from '../../src/audit/audit-verifier.js';
import { readAuditTopic } from '../../src/audit/kafka-audit-reader.js';
import { createSilentLogger } from '../../src/logging/logger.js';
import { EnvoyProcess, buildBootstrap } from '../support/envoy-process.js';
import { freePort } from '../support/free-port.js';
import { stackEnv } from '../support/stack-env.js';
import { UpstreamServer } from '../support/upstream-server.js';

// Issue #18: `server.processes: 2` through the real Envoy, Redis and Kafka. Both processes
// decide Checks on the same ports (one audit chain each), /metrics and /readyz speak for the
// pod, a worker killed with SIGKILL under load is restarted and loses no answered request's
// audit event, and SIGTERM to the primary drains both and leaves no process behind.
const PHI_NAME = 'Hildegard Oosterhuis';
const CLIENTS = 12;

/** The primary's worker processes (its children running Wardgate, not tsx's esbuild service). */
function workerPids(primary: number): number[] {
  let out = '';
  try {
    out = execFileSync('ps', ['-o', 'pid=,args=', '--ppid', String(primary)], { encoding: 'utf8' });
  } catch {
    return [];
  }
  return out
    .split('\n')
    .filter((line) => line.includes('main.ts') && line.includes('serve'))
    .map((line) => Number(line.trim().split(/\s+/)[0]));
}

describe('server.processes: 2 behind one Envoy', () => {
  const upstream = new UpstreamServer();
  const dir = mkdtempSync(path.join(tmpdir(), 'wardgate-cluster-'));
  const topic = `wardgate-audit-cluster-${randomUUID()}`;
  const brokers = stackEnv('WARDGATE_TEST_KAFKA_BROKERS').split(',');
  const keys = generateKeyPairSync('ed25519');
  let envoy: EnvoyProcess;
  let httpPort: number;
  let primary: ChildProcess | undefined;
  let output = '';

  beforeAll(async () => {
    const admin = new Kafka({ clientId: 'e2e-cluster-setup', brokers, logLevel: logLevel.NOTHING }).admin();
    await admin.connect();
    await createTopicIfMissing(admin, { topic, partitions: 3, replicationFactor: 1 });
    await admin.disconnect();
    upstream.route('/Patient/p1', (req, res) => {
      const body = JSON.stringify({ resourceType: 'Patient', name: [{ text: PHI_NAME }], gender: 'other' });
      res.writeHead(200, { 'content-type': 'application/fhir+json', 'content-length': Buffer.byteLength(body), 'x-echo-request-id': String(req.headers['x-request-id'] ?? '') });
      res.end(body);
    });
    await upstream.start();
    const grpcPort = await freePort();
    httpPort = await freePort();
    const keyFile = path.join(dir, 'audit-signing.pem');
    writeFileSync(keyFile, keys.privateKey.export({ type: 'pkcs8', format: 'pem' }));
    writeFileSync(path.join(dir, 'policy.yaml'), stringify({ version: 1, defaults: { action: 'allow', maskingProfile: 'strict' }, rules: [] }));
    writeFileSync(
      path.join(dir, 'config.yaml'),
      stringify({
        logLevel: 'warn',
        server: { processes: 2, grpc: { host: '127.0.0.1', port: grpcPort }, http: { host: '127.0.0.1', port: httpPort }, shutdownGrace: '3s' },
        redis: { url: stackEnv('WARDGATE_TEST_REDIS_URL'), keyPrefix: `wge2e-cluster:${randomUUID()}:` },
        policy: { file: path.join(dir, 'policy.yaml') },
        audit: {
          sink: 'kafka',
          kafka: { brokers, topic, sendTimeoutMs: '5s', lingerMs: '10ms' },
          spool: { dir: path.join(dir, 'wal') },
          signing: { alg: 'ed25519', keyId: 'e2e-key', keyFile },
          checkpoint: { everyEvents: 25, everyMs: '2s' },
        },
      }),
    );
    // Under 12 clients Envoy opens several connections to Wardgate (two streams each) and renews
    // them every 100 requests; node:cluster hands connections (not streams) to the processes in
    // turn, so a restarted process gets its share again; keepalive pings close a connection
    // nobody answers (docs/performance.md, "balancing").
    const wardgateConnections = { http2: { max_concurrent_streams: 2, connection_keepalive: { interval: '1s', timeout: '1s' } }, common: { max_requests_per_connection: 100 } };
    envoy = await new EnvoyProcess(buildBootstrap({ wardgateGrpcPort: grpcPort, upstreamPort: upstream.port, wardgateConnections })).start();
  }, 120_000);

  afterAll(async () => {
    if (primary?.pid !== undefined) for (const pid of workerPids(primary.pid)) process.kill(pid, 'SIGKILL');
    if (primary?.exitCode === null) primary.kill('SIGKILL');
    await envoy?.stop();
    await upstream.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  /** `wardgate serve` on the test's config (the cluster primary), its output kept for failure messages. */
  function serve(): ChildProcess {
    const proc = spawn(process.execPath, ['--import', 'tsx', path.resolve('src/cli/main.ts'), 'serve', '--config', path.join(dir, 'config.yaml')], {
      env: { ...process.env, WARDGATE_LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    proc.stdout?.on('data', (c: Buffer) => (output += c.toString()));
    proc.stderr?.on('data', (c: Buffer) => (output += c.toString()));
    return proc;
  }

  async function readyz(): Promise<{ status: number; body: { workers?: Array<{ worker: number; ready: boolean }> } }> {
    try {
      const res = await fetch(`http://127.0.0.1:${httpPort}/readyz`);
      return { status: res.status, body: (await res.json()) as { workers?: Array<{ worker: number; ready: boolean }> } };
    } catch {
      return { status: 0, body: {} };
    }
  }

  async function untilReady(deadlineMs: number): Promise<void> {
    const deadline = Date.now() + deadlineMs;
    while (Date.now() < deadline) {
      const { status, body } = await readyz();
      if (status === 200 && body.workers?.length === 2) return;
      if (primary?.exitCode !== null) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    throw new Error(`the cluster did not become ready:\n${output.slice(-4000)}`);
  }

  /** Clients through Envoy until `stop()`; every answered request's id, and whether any body carried the PHI. */
  function load(answered: Set<string>, leaks: { count: number; hung?: number }): { stop: () => Promise<void> } {
    let stopping = false;
    const client = async (): Promise<void> => {
      while (!stopping) {
        try {
          const res = await fetch(envoy.url('/Patient/p1'), { signal: AbortSignal.timeout(10_000) });
          const id = res.headers.get('x-echo-request-id');
          const text = await res.text();
          if (res.status === 200 && id) answered.add(id);
          if (text.includes(PHI_NAME)) leaks.count += 1;
        } catch (err: unknown) {
          // Reset by a killed worker: not answered.
          if ((err as Error).name === 'TimeoutError') leaks.hung = (leaks.hung ?? 0) + 1;
        }
      }
    };
    const clients = Array.from({ length: CLIENTS }, () => client());
    return {
      stop: async () => {
        stopping = true;
        await Promise.all(clients);
      },
    };
  }

  it('serves from both processes, survives a worker killed under load, and drains both on SIGTERM', async () => {
    const t0 = Date.now();
    const phase = (name: string): void => {
      // eslint-disable-next-line no-console
      console.log(`${((Date.now() - t0) / 1000).toFixed(1)}s ${name}`);
    };
    primary = serve();
    await untilReady(60_000);
    phase('ready');
    const firstWorkers = workerPids(primary.pid!);
    expect(firstWorkers).toHaveLength(2);
    // Each process keeps its own write-ahead log.
    expect(readdirSync(path.join(dir, 'wal')).sort()).toEqual(['worker-0', 'worker-1']);

    const answered = new Set<string>();
    const leaks: { count: number; hung?: number } = { count: 0 };
    let running = load(answered, leaks);
    await new Promise((r) => setTimeout(r, 3000));

    // The pod's metrics: one series per worker for gauges, counters summed.
    const metrics = await (await fetch(`http://127.0.0.1:${httpPort}/metrics`)).text();
    expect(metrics).toMatch(/wardgate_audit_pending_events\{worker="0"\}/);
    expect(metrics).toMatch(/wardgate_audit_pending_events\{worker="1"\}/);

    // A worker killed under load: the primary starts another in its slot; the other keeps serving.
    const victim = firstWorkers[1]!;
    process.kill(victim, 'SIGKILL');
    const answeredBeforeKill = answered.size;
    await new Promise((r) => setTimeout(r, 500));
    expect((await readyz()).status).toBe(503);
    await untilReady(60_000);
    phase('ready after the kill');
    const secondWorkers = workerPids(primary.pid!);
    expect(secondWorkers).toHaveLength(2);
    expect(secondWorkers).toContain(firstWorkers[0]);
    expect(secondWorkers).not.toContain(victim);
    await new Promise((r) => setTimeout(r, 2000));
    await running.stop();
    phase(`load stopped (${leaks.hung ?? 0} requests hung 10 s)`);
    expect(answered.size).toBeGreaterThan(answeredBeforeKill);
    // A connection node:cluster was handing to the worker as it died is never answered; Envoy's
    // HTTP/2 keepalive closes it within seconds, so its requests fail instead of waiting for
    // ext_authz's timeout (docs/performance.md).
    expect(leaks.hung ?? 0).toBe(0);
    expect(leaks.count).toBe(0);

    // SIGTERM to the primary: both workers drain and exit, then the primary exits 0.
    running = load(answered, leaks);
    await new Promise((r) => setTimeout(r, 500));
    const exited = new Promise<number | null>((resolve) => primary!.once('exit', (code) => resolve(code)));
    primary.kill('SIGTERM');
    expect(await exited).toBe(0);
    phase('primary exited');

    await running.stop();
    expect(workerPids(primary.pid!)).toEqual([]);
    for (const pid of secondWorkers) expect(() => process.kill(pid, 0)).toThrow();

    // Every answered request has its decision event, from one chain per process lifetime: two
    // workers and the one that replaced the killed one (what it left in its log was shipped by its successor).
    const restart = serve();
    primary = restart;
    await untilReady(60_000);
    phase('restarted');
    let events: Array<Record<string, unknown>> = [];
    const missing = (): string[] => {
      const decided = new Set(events.filter((e) => e.kind === 'access.decision').map((e) => e.correlationId as string));
      return [...answered].filter((id) => !decided.has(id));
    };
    const deadline = Date.now() + 60_000;
    do {
      await new Promise((r) => setTimeout(r, 2000));
      events = (await readAuditTopic({ connection: { brokers, clientId: 'e2e-cluster-verify' }, topic, logger: createSilentLogger() })) as Array<Record<string, unknown>>;
    } while (missing().length > 0 && Date.now() < deadline);
    const stopped = new Promise<number | null>((resolve) => restart.once('exit', (code) => resolve(code)));
    restart.kill('SIGTERM');
    expect(await stopped).toBe(0);
    phase('shipped and stopped');
    events = (await readAuditTopic({ connection: { brokers, clientId: 'e2e-cluster-verify' }, topic, logger: createSilentLogger() })) as Array<Record<string, unknown>>;

    const decisionChains = new Map<string, number>();
    for (const e of events) {
      if (e.kind !== 'access.decision') continue;
      const chain = (e.chain as { id: string }).id;
      decisionChains.set(chain, (decisionChains.get(chain) ?? 0) + 1);
    }
    // eslint-disable-next-line no-console
    console.log(`answered ${answered.size}, events ${events.length}, missing decisions ${missing().length}, decisions per chain ${[...decisionChains.values()].join(', ')}`);
    expect(missing()).toEqual([]);
    // Both first workers decided Checks: the load was spread over the processes.
    expect([...decisionChains.values()].filter((n) => n > 0).length).toBeGreaterThanOrEqual(3);
    const report = await verifyAuditEvents(events, { keys: new Map([['e2e-key', keys.publicKey]]) });
    expect(report.findings).toEqual([]);
    // Two lifetimes of two workers, the replacement, and the two processes started to ship and stop.
    expect(report.chains.length).toBe(5);
    expect(report.chains.every((c) => c.ok)).toBe(true);
    expect(JSON.stringify(events)).not.toContain(PHI_NAME);
  }, 300_000);
});
