import { createHash } from 'node:crypto';
import { readFileSync, watch, type FSWatcher } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { ErrorCode, WardgateError } from '../errors/wardgate-error.js';
import type { Logger } from '../logging/logger.js';
import type { CompiledCustomMasking, CustomMaskingSource } from '../masking/custom/custom-masking.js';
import { compileCustomMasking } from '../masking/custom/custom-masking.js';
import type { CustomMaskingConfig } from './custom-masking-config.js';
import { loadCustomMasking } from './custom-masking-config.js';

/** What a load or a rejection reports (to the audit log, as a policy reload is). */
export interface CustomMaskingLoad {
  /** SHA-256 of the block's canonical JSON. */
  readonly sha256: string;
  /** Recognizers, lists and key rules declared. */
  readonly rules: number;
}

export interface CustomMaskingWatcherOptions {
  /** The config file `masking.custom` was read from; absent: no hot reload. */
  file?: string;
  /** The block as validated at start. */
  initial: CustomMaskingConfig;
  /** Profiles a block may scope things to (configured and built-in). */
  knownProfiles: readonly string[];
  logger: Logger;
  /** @default 2000 */
  pollIntervalMs?: number;
  /** @default true */
  watch?: boolean;
}

export interface CustomMaskingCallbacks {
  onLoaded(load: CustomMaskingLoad): void;
  onRejected(error: WardgateError): void;
}

export interface CustomMaskingWatcher extends CustomMaskingSource {
  /** Starts watching the config file (no-op without one); loads and rejections go to `callbacks`. */
  start(callbacks: CustomMaskingCallbacks): void;
  /** Reads the file now; resolves true when new rules were put in force. */
  reload(): Promise<boolean>;
  /** Idempotent. */
  close(): void;
}

function hashOf(block: unknown): string {
  return createHash('sha256').update(JSON.stringify(block ?? {})).digest('hex');
}

function countOf(c: CompiledCustomMasking, raw: CustomMaskingConfig): number {
  return c.recognizers.length + raw.denyList.length + raw.allowList.length + raw.keyRules.length;
}

/**
 * The `masking.custom` rules in force. The start-up block is compiled at once (it was validated
 * with the rest of the config); the config file is then watched like the policy file (directory
 * watch plus a content-hash poll) and only its `masking.custom` block is re-read: a change that
 * fails validation is rejected and the rules in force stay. Other sections need a restart.
 */
export function createCustomMaskingWatcher(options: CustomMaskingWatcherOptions): CustomMaskingWatcher {
  let compiled = compileCustomMasking(options.initial);
  // The file's own block, as a reload will read it (the validated one has its defaults filled in).
  let lastSeen = options.file === undefined ? '' : fileBlockHash(options.file);
  let callbacks: CustomMaskingCallbacks | undefined;
  let fsWatcher: FSWatcher | undefined;
  let pollTimer: NodeJS.Timeout | undefined;
  let debounce: NodeJS.Timeout | undefined;
  let running: Promise<boolean> | undefined;
  let closed = false;
  const { logger } = options;

  const notify = (run: () => void): void => {
    try {
      run();
    } catch (err: unknown) {
      logger.error({ err }, 'custom masking callback failed; the rules in force are unaffected');
    }
  };

  const reject = (error: WardgateError): void => {
    logger.warn({ err: error }, 'masking.custom change rejected; the previous rules stay in force');
    notify(() => callbacks?.onRejected(error));
  };

  async function check(file: string): Promise<boolean> {
    let block: unknown;
    try {
      block = blockOf(parseYaml(await readFile(file, 'utf8')));
    } catch (err) {
      const hash = 'unreadable';
      if (lastSeen === hash) return false;
      lastSeen = hash;
      // The first line only and no cause: a YAML error quotes the file, which may hold listed terms.
      const where = err instanceof Error ? (err.message.split('\n')[0] ?? '') : '';
      reject(new WardgateError(ErrorCode.InvalidArgument, `config file ${file} cannot be read as YAML: ${where}`));
      return false;
    }
    const hash = hashOf(block);
    if (hash === lastSeen || closed) return false;
    lastSeen = hash;
    let next: CompiledCustomMasking;
    try {
      next = loadCustomMasking(block, options.knownProfiles);
    } catch (err) {
      reject(WardgateError.from(err, ErrorCode.InvalidArgument));
      return false;
    }
    compiled = next;
    const rules = next.recognizers.length + countLists(block);
    logger.info({ sha256: hash, rules }, 'masking.custom reloaded');
    notify(() => callbacks?.onLoaded({ sha256: hash, rules }));
    return true;
  }

  const watcher: CustomMaskingWatcher = {
    current: () => compiled,
    start(cb) {
      callbacks = cb;
      if (!compiled.empty) notify(() => cb.onLoaded({ sha256: hashOf(options.initial), rules: countOf(compiled, options.initial) }));
      const file = options.file;
      if (file === undefined || closed) return;
      if (options.watch ?? true) {
        try {
          fsWatcher = watch(dirname(file), { persistent: false }, () => {
            clearTimeout(debounce);
            debounce = setTimeout(() => void watcher.reload(), 50);
            debounce.unref();
          });
          fsWatcher.on('error', (err) => {
            logger.warn({ err }, 'config directory watch failed; relying on polling');
            fsWatcher?.close();
            fsWatcher = undefined;
          });
        } catch (err) {
          logger.warn({ err }, 'cannot watch the config directory; relying on polling');
        }
      }
      pollTimer = setInterval(() => void watcher.reload(), options.pollIntervalMs ?? 2000);
      pollTimer.unref();
    },
    reload() {
      const file = options.file;
      if (file === undefined || closed) return Promise.resolve(false);
      // One check at a time; a change during a check is seen by the next poll or event.
      running ??= check(file).finally(() => {
        running = undefined;
      });
      return running;
    },
    close() {
      if (closed) return;
      closed = true;
      fsWatcher?.close();
      clearInterval(pollTimer);
      clearTimeout(debounce);
    },
  };
  return watcher;
}

function blockOf(doc: unknown): unknown {
  const masking = doc !== null && typeof doc === 'object' ? (doc as { masking?: unknown }).masking : undefined;
  return masking !== null && typeof masking === 'object' ? (masking as { custom?: unknown }).custom : undefined;
}

function fileBlockHash(file: string): string {
  try {
    return hashOf(blockOf(parseYaml(readFileSync(file, 'utf8'))));
  } catch {
    return 'unreadable';
  }
}

function countLists(block: unknown): number {
  if (block === null || typeof block !== 'object') return 0;
  const b = block as Record<string, unknown>;
  return ['denyList', 'allowList', 'keyRules'].reduce((n, k) => n + (Array.isArray(b[k]) ? (b[k] as unknown[]).length : 0), 0);
}
