import { createHash } from 'node:crypto';
import { watch, type FSWatcher } from 'node:fs';
import { dirname } from 'node:path';
import { ErrorCode, WardgateError } from '../errors/wardgate-error.js';
import type { Logger } from '../logging/logger.js';
import { compilePolicyText, readPolicyFile } from './load-policy.js';
import type { CompiledPolicy } from './policy-types.js';

export interface PolicyWatcherOptions {
  path: string;
  logger: Logger;
  /** Called with every policy put in force, the first one included. A throw is logged, never propagated. */
  onLoaded(policy: CompiledPolicy): void;
  /** Called when a changed file cannot be read or compiled; the policy in force stays. A throw is logged. */
  onRejected(error: WardgateError): void;
  knownMaskingProfiles?: readonly string[];
  /** The masking profile of PHI-free routes (`extproc.passthroughProfile`). @default 'none' */
  passthroughProfile?: string;
  /** Content-hash poll, the fallback for missed watch events. @default 2000 */
  pollIntervalMs?: number;
  /** Watch the directory for changes (set false to rely on polling alone). @default true */
  watch?: boolean;
  /** Coalesces bursts of watch events (a ConfigMap swap fires several). @default 50 */
  debounceMs?: number;
}

export interface PolicyWatcher {
  current(): CompiledPolicy;
  /** Reads the file now; resolves true when a new policy was put in force. */
  reload(): Promise<boolean>;
  /** Stops watching and polling; idempotent. */
  close(): void;
}

/**
 * Loads the policy file (throws if that first load fails), then hot-reloads it. Kubernetes
 * updates ConfigMap mounts by swapping a `..data` symlink, which a watch on the file itself
 * never sees: we watch the directory and also poll the content hash as a fallback.
 */
export async function createPolicyWatcher(options: PolicyWatcherOptions): Promise<PolicyWatcher> {
  const { text, policy } = await readAndCompile(options);
  const watcher = new FilePolicyWatcher(options, policy, hashOf(text));
  options.logger.info({ sha256: policy.sha256, rules: policy.ruleCount }, 'policy loaded');
  notify(options, 'onLoaded', () => options.onLoaded(policy));
  watcher.start();
  return watcher;
}

/** Runs a caller's callback: whatever it throws (an audit sink refusing, say) must not stop hot reload or the process. */
function notify(options: PolicyWatcherOptions, callback: 'onLoaded' | 'onRejected', run: () => void): void {
  try {
    run();
  } catch (err: unknown) {
    options.logger.error({ err, callback }, 'policy watcher callback failed; the policy in force is unaffected');
  }
}

function hashOf(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

async function readAndCompile(options: PolicyWatcherOptions): Promise<{ text: string; policy: CompiledPolicy }> {
  const text = await readPolicyFile(options.path);
  const policy = compilePolicyText(text, { knownMaskingProfiles: options.knownMaskingProfiles, ...(options.passthroughProfile ? { passthroughProfile: options.passthroughProfile } : {}) });
  return { text, policy };
}

class FilePolicyWatcher implements PolicyWatcher {
  private fsWatcher?: FSWatcher;
  private pollTimer?: NodeJS.Timeout;
  private debounceTimer?: NodeJS.Timeout;
  private closed = false;
  private running?: Promise<boolean>;
  private rerun = false;
  /** Hash of the content last looked at (loaded or rejected), or a marker for a read failure. */
  private lastSeen: string;

  constructor(
    private readonly options: PolicyWatcherOptions,
    private policy: CompiledPolicy,
    loadedHash: string,
  ) {
    this.lastSeen = loadedHash;
  }

  current(): CompiledPolicy {
    return this.policy;
  }

  start(): void {
    if (this.options.watch ?? true) {
      try {
        this.fsWatcher = watch(dirname(this.options.path), { persistent: false }, () => this.schedule());
        this.fsWatcher.on('error', (error) => {
          this.options.logger.warn({ err: error }, 'policy directory watch failed; relying on polling');
          this.fsWatcher?.close();
          this.fsWatcher = undefined;
        });
      } catch (error) {
        this.options.logger.warn({ err: error }, 'cannot watch the policy directory; relying on polling');
      }
    }
    this.pollTimer = setInterval(() => void this.reload(), this.options.pollIntervalMs ?? 2000);
    this.pollTimer.unref();
  }

  private schedule(): void {
    if (this.closed) return;
    clearTimeout(this.debounceTimer);
    this.debounceTimer = setTimeout(() => void this.reload(), this.options.debounceMs ?? 50);
    this.debounceTimer.unref();
  }

  reload(): Promise<boolean> {
    if (this.closed) return Promise.resolve(false);
    if (this.running) {
      // A change during a check: look once more when it is done.
      this.rerun = true;
      return this.running;
    }
    this.running = this.check().finally(() => {
      this.running = undefined;
      if (this.rerun && !this.closed) {
        this.rerun = false;
        void this.reload();
      }
    });
    return this.running;
  }

  private async check(): Promise<boolean> {
    let text: string;
    try {
      text = await readPolicyFile(this.options.path);
    } catch (error) {
      // Mid-swap the file can be briefly missing; report once per distinct state.
      if (this.lastSeen === 'unreadable') return false;
      this.lastSeen = 'unreadable';
      this.reject(WardgateError.from(error));
      return false;
    }
    const hash = hashOf(text);
    if (hash === this.lastSeen || this.closed) return false;
    this.lastSeen = hash;
    let policy: CompiledPolicy;
    try {
      policy = compilePolicyText(text, { knownMaskingProfiles: this.options.knownMaskingProfiles, ...(this.options.passthroughProfile ? { passthroughProfile: this.options.passthroughProfile } : {}) });
    } catch (error) {
      this.reject(WardgateError.from(error, ErrorCode.InvalidArgument));
      return false;
    }
    this.policy = policy;
    this.options.logger.info({ sha256: policy.sha256, rules: policy.ruleCount }, 'policy reloaded');
    notify(this.options, 'onLoaded', () => this.options.onLoaded(policy));
    return true;
  }

  private reject(error: WardgateError): void {
    this.options.logger.warn({ err: error, problems: error.details['problems'] }, 'policy change rejected; the previous policy stays in force');
    notify(this.options, 'onRejected', () => this.options.onRejected(error));
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.fsWatcher?.close();
    clearInterval(this.pollTimer);
    clearTimeout(this.debounceTimer);
  }
}
