import cluster from 'node:cluster';
import { parseArgs } from 'node:util';
import { SystemClock } from '../clock/clock.js';
import { ClusterPrimary } from '../cluster/cluster-primary.js';
import { spawnClusterWorker } from '../cluster/node-cluster-spawner.js';
import { processChannel, WorkerPeers } from '../cluster/worker-peers.js';
import { envBindings } from '../config/env-bindings.js';
import { loadWardgateConfig } from '../config/wardgate-config.js';
import { configForWorker, readWorkerSlot, type WorkerSlot } from '../config/worker-slot.js';
import { WardgateError } from '../errors/wardgate-error.js';
import { createLogger } from '../logging/logger.js';
import { startWardgate } from '../server/start-wardgate.js';
import type { CliIo } from './cli-io.js';

const usage = `Usage: wardgate serve [--config FILE]

Serves ext_authz and ext_proc (gRPC) and /healthz, /readyz, /metrics and the admin API (HTTP).
With no configuration: in-memory grants and approvals, audit events appended to ./wardgate-audit.jsonl,
the embedded demo policy. Environment variables (override the file):
${envBindings.map((b) => `  ${b.name.padEnd(26)} ${b.description}`).join('\n')}
`;

/** Runs until SIGTERM/SIGINT, then drains and exits. Resolves with the exit code. */
export async function runServeCommand(argv: string[], io: CliIo, env: NodeJS.ProcessEnv): Promise<number> {
  let values: { config?: string; help?: boolean };
  try {
    ({ values } = parseArgs({ args: argv, options: { config: { type: 'string', short: 'c' }, help: { type: 'boolean', short: 'h' } } }));
  } catch (err: unknown) {
    io.stderr.write(`${err instanceof Error ? err.message : String(err)}\n${usage}`);
    return 2;
  }
  if (values.help) {
    io.stdout.write(usage);
    return 0;
  }
  let config;
  try {
    config = loadWardgateConfig({ file: values.config, env });
  } catch (err: unknown) {
    io.stderr.write(`wardgate: ${err instanceof WardgateError ? err.message : String(err)}\n`);
    return 2;
  }
  let slot: WorkerSlot | undefined;
  try {
    slot = readWorkerSlot(env);
  } catch (err: unknown) {
    io.stderr.write(`wardgate: ${err instanceof Error ? err.message : String(err)}\n`);
    return 2;
  }
  if (slot === undefined && config.server.processes > 1 && cluster.isPrimary) {
    return runPrimary(config.server.processes, config.server.shutdownGrace, createLogger({ level: config.logLevel }).child({ component: 'cluster' }));
  }
  if (slot !== undefined) config = configForWorker(config, slot);
  const logger = slot === undefined ? createLogger({ level: config.logLevel }) : createLogger({ level: config.logLevel }).child({ worker: slot.index });
  const peers = slot === undefined ? undefined : new WorkerPeers({ worker: slot.index, channel: processChannel() });
  let runtime;
  try {
    runtime = await startWardgate(config, { logger, clock: new SystemClock(), ...(peers ? { peers } : {}) });
  } catch (err: unknown) {
    logger.fatal({ err }, 'wardgate failed to start');
    io.stderr.write(`wardgate: failed to start: ${err instanceof Error ? err.message : String(err)}\n`);
    return 1;
  }
  const started = runtime;
  return new Promise<number>((resolve) => {
    const stop = (signal: string): void => {
      logger.info({ signal }, 'shutting down');
      // A worker's IPC channel keeps its event loop alive: closed once drained, so the process exits.
      const leaveCluster = (): void => {
        if (slot !== undefined && process.connected) process.disconnect();
      };
      started.shutdown().then(
        () => {
          leaveCluster();
          resolve(0);
        },
        (err: unknown) => {
          logger.error({ err }, 'shutdown failed');
          leaveCluster();
          resolve(1);
        },
      );
    };
    process.once('SIGTERM', () => stop('SIGTERM'));
    process.once('SIGINT', () => stop('SIGINT'));
    // A worker whose primary is gone (killed) must not keep the ports: it drains and exits.
    if (slot !== undefined) process.once('disconnect', () => stop('primary-gone'));
  });
}

/**
 * `server.processes` > 1: this process forks the workers and serves nothing itself. SIGTERM
 * (what Kubernetes sends to the container's first process) and SIGINT are passed on to every
 * worker as SIGTERM; the exit code is 0 when every worker drained and exited cleanly.
 */
function runPrimary(processes: number, shutdownGraceMs: number, logger: ReturnType<typeof createLogger>): Promise<number> {
  const primary = new ClusterPrimary({ processes, spawn: spawnClusterWorker, logger, shutdownGraceMs });
  const stop = (signal: string): void => {
    logger.info({ signal }, 'stopping every worker');
    primary.stop('SIGTERM');
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
  return primary.run();
}
