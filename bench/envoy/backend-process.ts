import { writeFileSync } from 'node:fs';
import { getHeapSpaceStatistics, writeHeapSnapshot } from 'node:v8';
import { runServeCommand } from '../../src/cli/serve-command.js';
import { SystemClock } from '../../src/clock/clock.js';
import { loadWardgateConfig } from '../../src/config/wardgate-config.js';
import { createSilentLogger } from '../../src/logging/logger.js';
import { startWardgate } from '../../src/server/start-wardgate.js';
import { startNoopServer } from './noop-servers.js';

/**
 * One backend of the Envoy benchmark in a process of its own, so that its CPU time and RSS can
 * be read from /proc and it can run under `node --cpu-prof`. Usage:
 *   backend-process.ts noop-authz | noop-pair | wardgate '<JSON of the raw Wardgate config>'
 *   backend-process.ts wardgate-serve CONFIG_FILE   (`wardgate serve`, cluster and all; ports from the file)
 * Prints `{"grpcPort":N}` once serving (and `httpPort` for Wardgate: its /metrics); exits cleanly on SIGTERM (so a CPU profile is written).
 */
const [kind, rawConfig] = process.argv.slice(2);

// Opt-in memory probe: WARDGATE_BENCH_MEMORY=PREFIX makes SIGUSR2 write PREFIX-PID.json (process.memoryUsage()
// and V8's heap spaces) and, with WARDGATE_BENCH_HEAP_SNAPSHOT=1, PREFIX-PID.heapsnapshot: what holds the RSS.
const memoryPrefix = process.env.WARDGATE_BENCH_MEMORY;
if (memoryPrefix !== undefined && memoryPrefix !== '') {
  process.on('SIGUSR2', () => {
    const spaces = Object.fromEntries(getHeapSpaceStatistics().map((s) => [s.space_name, { sizeMiB: mib(s.space_size), usedMiB: mib(s.space_used_size) }]));
    const usage = Object.fromEntries(Object.entries(process.memoryUsage()).map(([k, v]) => [k, mib(v)]));
    writeFileSync(`${memoryPrefix}-${process.pid}.json`, `${JSON.stringify({ usage, spaces }, null, 2)}\n`);
    if (process.env.WARDGATE_BENCH_HEAP_SNAPSHOT === '1') writeHeapSnapshot(`${memoryPrefix}-${process.pid}.heapsnapshot`);
  });
}

function mib(bytes: number): number {
  return Math.round((bytes / 2 ** 20) * 10) / 10;
}

if (kind === 'wardgate-serve' && rawConfig !== undefined) {
  // The serve command handles its own signals; a cluster primary forks this same file for its workers.
  process.exitCode = await runServeCommand(['--config', rawConfig], { stdout: process.stdout, stderr: process.stderr }, process.env);
} else {
  await serveBackend();
}

async function start(): Promise<{ port: number; httpPort?: number; stop: () => Promise<void> }> {
  if (kind === 'noop-authz') return startNoopServer({ authz: true, extproc: false });
  if (kind === 'noop-pair') return startNoopServer({ authz: true, extproc: true });
  if (kind === 'wardgate' && rawConfig !== undefined) {
    const config = loadWardgateConfig({ raw: JSON.parse(rawConfig) as Record<string, unknown>, env: {} });
    const runtime = await startWardgate(config, { logger: createSilentLogger(), clock: new SystemClock() });
    return { port: runtime.ports.grpcPort, httpPort: runtime.ports.httpPort, stop: () => runtime.shutdown() };
  }
  throw new Error(`unknown backend ${kind ?? '(none)'}`);
}

async function serveBackend(): Promise<void> {
  const backend = await start();
  process.once('SIGTERM', () => {
    backend.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  });
  process.stdout.write(`${JSON.stringify({ grpcPort: backend.port, httpPort: backend.httpPort })}\n`);
}
