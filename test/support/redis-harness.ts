import { spawn, execFile, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { connect } from 'node:net';
import { freePort } from './free-port.js';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { waitFor } from './wait-for.js';

const run = promisify(execFile);

/** Reads a variable the stack script writes; a missing one fails the test (never skips it). */
export function requireEnv(name: string): string {
  const value = process.env[name];
  if (!value) {
    throw new Error(`${name} is not set: run 'bash scripts/stack/stack.sh up' and 'set -a; source .cache/stack/stack.env'`);
  }
  return value;
}

export function redisServerBin(): string {
  return requireEnv('WARDGATE_TEST_REDIS_SERVER_BIN');
}

/** redis-cli ships beside redis-server. */
export function redisCliBin(): string {
  return join(dirname(redisServerBin()), 'redis-cli');
}

export { freePort };

/** One raw RESP command over a fresh socket; for readiness probes without a client library. */
export async function rawCommand(port: number, ...args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port });
    let data = '';
    socket.setTimeout(1000, () => socket.destroy(new Error('timeout')));
    socket.once('error', reject);
    socket.on('data', (chunk: Buffer) => {
      data += chunk.toString('utf8');
      const headerEnd = data.indexOf('\r\n');
      if (headerEnd === -1) return;
      // Simple replies end at the first CRLF; a bulk string announces its length.
      const complete = !data.startsWith('$') || Buffer.byteLength(data) >= headerEnd + 2 + Number(data.slice(1, headerEnd)) + 2;
      if (complete) {
        socket.end();
        resolve(data);
      }
    });
    socket.write(`*${args.length}\r\n${args.map((a) => `$${Buffer.byteLength(a)}\r\n${a}\r\n`).join('')}`);
  });
}

export interface OwnRedis {
  port: number;
  url: string;
  /** SIGKILL, as an outage would; resolves once the process is gone. */
  kill(): Promise<void>;
  /** Starts it again on the same port. */
  start(): Promise<void>;
  /** Kills it and removes its directory. */
  cleanup(): Promise<void>;
}

/** A private redis-server on a free port (not the shared one), for tests that break it. */
export async function startOwnRedis(extraArgs: string[] = []): Promise<OwnRedis> {
  const dir = await mkdtemp(join(tmpdir(), 'wardgate-redis-'));
  const port = await freePort();
  let child: ChildProcess | undefined;
  const start = async (): Promise<void> => {
    const proc = spawn(redisServerBin(), ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir, ...extraArgs], {
      stdio: 'ignore',
    });
    child = proc;
    await waitFor(`redis on ${port}`, 10_000, async () => {
      if (proc.exitCode !== null) throw new Error(`redis-server exited with ${proc.exitCode}`);
      return (await rawCommand(port, 'PING')).startsWith('+PONG');
    });
  };
  const kill = async (): Promise<void> => {
    const proc = child;
    child = undefined;
    if (!proc || proc.exitCode !== null || proc.signalCode !== null) return;
    await new Promise<void>((resolve) => {
      proc.once('exit', () => resolve());
      proc.kill('SIGKILL');
    });
  };
  await start();
  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    kill,
    start,
    cleanup: async () => {
      await kill();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

export interface LocalCluster {
  ports: number[];
  cleanup(): Promise<void>;
}

/** A three-master Redis Cluster on free ports, created with `redis-cli --cluster create`. */
export async function startLocalCluster(): Promise<LocalCluster> {
  const dir = await mkdtemp(join(tmpdir(), 'wardgate-cluster-'));
  const children: ChildProcess[] = [];
  const ports: number[] = [];
  const cleanup = async (): Promise<void> => {
    await Promise.all(
      children.map(
        (proc) =>
          new Promise<void>((resolve) => {
            if (proc.exitCode !== null || proc.signalCode !== null) return resolve();
            proc.once('exit', () => resolve());
            proc.kill('SIGKILL');
          }),
      ),
    );
    await rm(dir, { recursive: true, force: true });
  };
  try {
    for (let n = 1; n <= 3; n++) {
      const port = await freePort();
      ports.push(port);
      const proc = spawn(
        redisServerBin(),
        ['--cluster-enabled', 'yes', '--cluster-config-file', join(dir, `nodes-${n}.conf`), '--port', String(port), '--bind', '127.0.0.1',
          '--save', '', '--appendonly', 'no', '--dir', dir],
        { stdio: 'ignore' },
      );
      children.push(proc);
    }
    for (const port of ports) await waitFor(`cluster node ${port}`, 10_000, async () => (await rawCommand(port, 'PING')).startsWith('+PONG'));
    await run(redisCliBin(), ['--cluster', 'create', ...ports.map((p) => `127.0.0.1:${p}`), '--cluster-replicas', '0', '--cluster-yes'], { timeout: 30_000 });
    for (const port of ports) {
      await waitFor(`cluster_state:ok on ${port}`, 20_000, async () => (await rawCommand(port, 'CLUSTER', 'INFO')).includes('cluster_state:ok'));
    }
    return { ports, cleanup };
  } catch (err) {
    await cleanup();
    throw err;
  }
}

/** Removes what a test wrote under its own key prefix in the shared Redis. */
export async function deleteKeysWithPrefix(client: { keys(pattern: string): Promise<string[]>; del(...keys: string[]): Promise<number> }, prefix: string): Promise<void> {
  const keys = await client.keys(`${prefix}*`);
  for (let i = 0; i < keys.length; i += 500) await client.del(...keys.slice(i, i + 500));
}
