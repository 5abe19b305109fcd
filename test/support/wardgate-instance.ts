import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { stringify } from 'yaml';
import { SystemClock } from '../../src/clock/clock.js';
import { loadWardgateConfig } from '../../src/config/wardgate-config.js';
import { createLogger } from '../../src/logging/logger.js';
import { startWardgate, type WardgateRuntime } from '../../src/server/start-wardgate.js';

export interface TestWardgateOptions {
  /** The policy document (YAML text or an object). */
  policy: string | Record<string, unknown>;
  /** Extra configuration merged over the test defaults. */
  config?: Record<string, unknown>;
  /** Write the configuration to `configFile` and load it from there (what hot-reloads `masking.custom`). */
  configInFile?: boolean;
}

/**
 * Wardgate started through its real composition root, on loopback port 0, with its policy in
 * a temp file, audit events in a temp JSONL file, and every log line captured (for PHI scans).
 */
export class TestWardgate {
  readonly dir = mkdtempSync(path.join(tmpdir(), 'wardgate-test-'));
  readonly logLines: string[] = [];
  runtime: WardgateRuntime | undefined;

  constructor(private readonly options: TestWardgateOptions) {}

  get policyFile(): string {
    return path.join(this.dir, 'policy.yaml');
  }

  get configFile(): string {
    return path.join(this.dir, 'wardgate.yaml');
  }

  /** The configuration as written (before defaults), to edit and write back to `configFile`. */
  rawConfig: Record<string, unknown> = {};

  get auditFile(): string {
    return path.join(this.dir, 'audit.jsonl');
  }

  get grpcPort(): number {
    return this.required().ports.grpcPort;
  }

  get httpPort(): number {
    return this.required().ports.httpPort;
  }

  async start(): Promise<this> {
    const policy = typeof this.options.policy === 'string' ? this.options.policy : stringify(this.options.policy);
    writeFileSync(this.policyFile, policy);
    const raw = mergeDeep(
      {
        logLevel: 'debug',
        server: { grpc: { host: '127.0.0.1', port: 0 }, http: { host: '127.0.0.1', port: 0 }, shutdownGrace: '3s' },
        policy: { file: this.policyFile },
        audit: { sink: 'file', file: { path: this.auditFile }, spool: { dir: path.join(this.dir, 'spool') } },
      },
      this.options.config ?? {},
    );
    this.rawConfig = raw;
    if (this.options.configInFile) writeFileSync(this.configFile, stringify(raw));
    const config = this.options.configInFile ? loadWardgateConfig({ file: this.configFile, env: {} }) : loadWardgateConfig({ raw, env: {} });
    const lines = this.logLines;
    const capture = new Writable({
      write(chunk: Buffer, _enc, done) {
        for (const line of chunk.toString().split('\n')) if (line) lines.push(line);
        done();
      },
    });
    const logger = createLogger({ level: config.logLevel }, capture);
    this.runtime = await startWardgate(config, { logger, clock: new SystemClock() });
    return this;
  }

  /** Audit events written so far (flushes first). */
  async auditEvents(): Promise<Array<Record<string, unknown>>> {
    await this.required().audit.flush();
    if (!existsSync(this.auditFile)) return [];
    return readFileSync(this.auditFile, 'utf8')
      .split('\n')
      .filter((l) => l.trim().length > 0)
      .map((l) => JSON.parse(l) as Record<string, unknown>);
  }

  async stop(): Promise<void> {
    await this.runtime?.shutdown();
  }

  async cleanup(): Promise<void> {
    await this.stop();
    rmSync(this.dir, { recursive: true, force: true });
  }

  private required(): WardgateRuntime {
    if (!this.runtime) throw new Error('TestWardgate not started');
    return this.runtime;
  }
}

function mergeDeep(base: Record<string, unknown>, over: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(over)) {
    const current = out[key];
    out[key] =
      value && typeof value === 'object' && !Array.isArray(value) && current && typeof current === 'object' && !Array.isArray(current)
        ? mergeDeep(current as Record<string, unknown>, value as Record<string, unknown>)
        : value;
  }
  return out;
}
