import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, rawCommand, redisServerBin } from './redis-harness.js';
import { waitFor } from './wait-for.js';

export interface LocalSentinel {
  masterName: string;
  /** The master's port when started (after a failover the replica's port is the master). */
  masterPort: number;
  replicaPort: number | undefined;
  sentinelPort: number;
  /** SIGKILLs the first master, as a crash would; resolves once the process is gone. */
  killMaster(): Promise<void>;
  /** Resolves once the sentinel names `port` as the master (after a failover). */
  waitForMasterPort(port: number, timeoutMs: number): Promise<void>;
  /** Kills every process and removes the directory. */
  cleanup(): Promise<void>;
}

export interface LocalSentinelOptions {
  /** @default 'wgmaster' */
  masterName?: string;
  /** Also start one replica of the master, so the sentinel can fail over to it. @default false */
  withReplica?: boolean;
  /** How long the master may be silent before the sentinel calls it down. @default 1000 */
  downAfterMs?: number;
}

function stop(proc: ChildProcess | undefined): Promise<void> {
  if (!proc || proc.exitCode !== null || proc.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    proc.once('exit', () => resolve());
    proc.kill('SIGKILL');
  });
}

/**
 * A real Sentinel deployment on free loopback ports: one master, optionally one replica, and one
 * `redis-server --sentinel` (quorum 1) monitoring it, each with its files in one temp directory.
 */
export async function startLocalSentinel(options: LocalSentinelOptions = {}): Promise<LocalSentinel> {
  const masterName = options.masterName ?? 'wgmaster';
  const dir = await mkdtemp(join(tmpdir(), 'wardgate-sentinel-'));
  const children: ChildProcess[] = [];
  let master: ChildProcess | undefined;
  const cleanup = async (): Promise<void> => {
    await Promise.all(children.map(stop));
    await rm(dir, { recursive: true, force: true });
  };
  const server = (port: number, name: string, extra: string[] = []): ChildProcess => {
    const proc = spawn(redisServerBin(), ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir, '--dbfilename', `${name}.rdb`, ...extra], {
      stdio: 'ignore',
    });
    children.push(proc);
    return proc;
  };
  const pong = async (port: number, proc: ChildProcess): Promise<boolean> => {
    if (proc.exitCode !== null) throw new Error(`redis process on ${port} exited with ${proc.exitCode}`);
    return (await rawCommand(port, 'PING')).startsWith('+PONG');
  };
  const masterAddress = async (sentinelPort: number): Promise<string> => rawCommand(sentinelPort, 'SENTINEL', 'get-master-addr-by-name', masterName);

  try {
    const masterPort = await freePort();
    master = server(masterPort, 'master');
    await waitFor(`redis master on ${masterPort}`, 10_000, () => pong(masterPort, master!));

    let replicaPort: number | undefined;
    if (options.withReplica) {
      replicaPort = await freePort();
      const replica = server(replicaPort, 'replica', ['--replicaof', '127.0.0.1', String(masterPort)]);
      const port = replicaPort;
      await waitFor(`redis replica on ${port}`, 10_000, () => pong(port, replica));
      await waitFor(`replica ${port} in sync`, 10_000, async () => (await rawCommand(port, 'INFO', 'replication')).includes('master_link_status:up'));
    }

    const sentinelPort = await freePort();
    // The sentinel rewrites its config file, so it must be a writable file of its own.
    const config = join(dir, 'sentinel.conf');
    await writeFile(
      config,
      [
        `port ${sentinelPort}`,
        'bind 127.0.0.1',
        `dir ${dir}`,
        `sentinel monitor ${masterName} 127.0.0.1 ${masterPort} 1`,
        `sentinel down-after-milliseconds ${masterName} ${options.downAfterMs ?? 1000}`,
        `sentinel failover-timeout ${masterName} 10000`,
        `sentinel parallel-syncs ${masterName} 1`,
        '',
      ].join('\n'),
    );
    const sentinel = spawn(redisServerBin(), [config, '--sentinel'], { stdio: 'ignore' });
    children.push(sentinel);
    await waitFor(`sentinel on ${sentinelPort}`, 10_000, () => pong(sentinelPort, sentinel));
    await waitFor(`sentinel to know ${masterName}`, 10_000, async () => (await masterAddress(sentinelPort)).includes(String(masterPort)));
    if (replicaPort !== undefined) {
      // Until the sentinel has discovered the replica (from the master's INFO), it cannot fail over.
      const port = replicaPort;
      await waitFor('sentinel to see the replica', 20_000, async () => (await rawCommand(sentinelPort, 'SENTINEL', 'replicas', masterName)).includes(`\r\n${port}\r\n`));
    }

    return {
      masterName,
      masterPort,
      replicaPort,
      sentinelPort,
      killMaster: () => stop(master),
      waitForMasterPort: (port, timeoutMs) =>
        waitFor(`sentinel to promote ${port}`, timeoutMs, async () => (await masterAddress(sentinelPort)).includes(`\r\n${port}\r\n`)),
      cleanup,
    };
  } catch (err) {
    await cleanup();
    throw err;
  }
}
