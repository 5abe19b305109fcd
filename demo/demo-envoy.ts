import { spawn, type ChildProcess } from 'node:child_process';
import { openSync, readFileSync, rmSync, writeFileSync, closeSync } from 'node:fs';
import path from 'node:path';
import { buildBootstrap } from '../test/support/envoy-process.js';

export interface DemoEnvoyOptions {
  bin: string;
  /** Listener port on 127.0.0.1 (the agent's way in). */
  port: number;
  wardgateGrpcPort: number;
  upstreamPort: number;
  /** Where the bootstrap, the admin address and the log go. */
  dir: string;
}

/** The pinned Envoy with the e2e tests' bootstrap (envoy/filters/*.yaml), listening on a fixed port. */
export class DemoEnvoy {
  private child: ChildProcess | undefined;
  adminPort = 0;

  constructor(private readonly options: DemoEnvoyOptions) {}

  get logFile(): string {
    return path.join(this.options.dir, 'envoy.log');
  }

  async start(): Promise<this> {
    const { bin, port, dir } = this.options;
    const bootstrap = buildBootstrap({ wardgateGrpcPort: this.options.wardgateGrpcPort, upstreamPort: this.options.upstreamPort }) as {
      static_resources: { listeners: Array<{ address: { socket_address: { port_value: number } } }> };
    };
    const listener = bootstrap.static_resources.listeners[0];
    if (!listener) throw new Error('the e2e bootstrap has no listener');
    listener.address.socket_address.port_value = port;
    const config = path.join(dir, 'envoy-bootstrap.json');
    const adminPath = path.join(dir, 'envoy-admin-address');
    rmSync(adminPath, { force: true });
    writeFileSync(config, JSON.stringify(bootstrap, null, 2));
    const log = openSync(this.logFile, 'w');
    // --base-id keeps its shared memory apart from other Envoys on the machine (tests, other demos).
    this.child = spawn(bin, ['-c', config, '--admin-address-path', adminPath, '--base-id', String(10_000 + (process.pid % 50_000)), '--concurrency', '1', '--log-level', 'warn', '--disable-hot-restart'], {
      stdio: ['ignore', log, log],
    });
    closeSync(log);
    const child = this.child;
    const deadline = Date.now() + 30_000;
    while (Date.now() < deadline) {
      if (child.exitCode !== null || child.signalCode !== null) throw new Error(`envoy exited (${child.exitCode ?? child.signalCode}); see ${this.logFile}:\n${tail(this.logFile)}`);
      try {
        this.adminPort = Number(readFileSync(adminPath, 'utf8').trim().split(':').pop());
        const ready = await fetch(`http://127.0.0.1:${this.adminPort}/ready`);
        if (ready.status === 200) return this;
      } catch {
        // not up yet
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`envoy did not become ready within 30 s; see ${this.logFile}:\n${tail(this.logFile)}`);
  }

  /** SIGTERM, then SIGKILL after 5 s; resolves when the process is gone. Idempotent. */
  async stop(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
    await exited;
    clearTimeout(timer);
  }
}

function tail(file: string): string {
  try {
    return readFileSync(file, 'utf8').split('\n').slice(-20).join('\n');
  } catch {
    return '(no log)';
  }
}
