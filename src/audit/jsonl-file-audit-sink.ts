import { mkdir, open, type FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';
import { ErrorCode, WardgateError } from '../errors/wardgate-error.js';
import type { AuditSinkHealth } from './audit-sink.js';
import { ChainedAuditSinkBase, type ChainedAuditSinkOptions } from './chained-audit-sink-base.js';
import { FlushWaiters } from './flush-waiters.js';
import type { SealedAuditEvent } from './sealed-audit-event.js';

export interface JsonlFileAuditSinkOptions extends ChainedAuditSinkOptions {
  /** The JSONL file; appended to, never truncated. Each process start adds a new chain. */
  path: string;
  /** Events held in memory waiting for the disk. */
  queueMaxEvents: number;
  /** `batch`: one write + fsync per batch (at most `batchMs` after the first event); `always`: fsync per event. */
  fsync: 'batch' | 'always';
  /** @default 100 */
  batchMs?: number;
}

const retryAfterFailureMs = 1000;

/** The embedded default sink: sealed events, one JSON object per line, in a local file. */
export class JsonlFileAuditSink extends ChainedAuditSinkBase {
  private readonly queue: SealedAuditEvent[] = [];
  private readonly waiters = new FlushWaiters();
  private readonly queueMaxEvents: number;
  private readonly fsyncMode: 'batch' | 'always';
  private readonly batchMs: number;
  private timer: NodeJS.Timeout | undefined;
  private writing: Promise<void> | undefined;
  private lastError: WardgateError | undefined;
  private closed = false;

  private constructor(options: JsonlFileAuditSinkOptions, private readonly handle: FileHandle, readonly path: string) {
    super(options);
    this.queueMaxEvents = options.queueMaxEvents;
    this.fsyncMode = options.fsync;
    this.batchMs = options.batchMs ?? 100;
  }

  static async create(options: JsonlFileAuditSinkOptions): Promise<JsonlFileAuditSink> {
    try {
      await mkdir(dirname(options.path), { recursive: true });
      const handle = await open(options.path, 'a', 0o640);
      return new JsonlFileAuditSink(options, handle, options.path);
    } catch (cause) {
      throw new WardgateError(ErrorCode.Unavailable, 'cannot open the audit file', { cause, details: { path: options.path } });
    }
  }

  protected refusal(): WardgateError | undefined {
    const queued = this.queue.length + this.unsealedCount;
    if (queued >= this.queueMaxEvents) return new WardgateError(ErrorCode.Unavailable, 'audit queue full', { details: { queued } });
    // Once a write failed, do not let more events pile up in memory only.
    if (this.lastError !== undefined) return new WardgateError(ErrorCode.Unavailable, 'audit file not writable', { cause: this.lastError });
    return undefined;
  }

  protected accept(event: SealedAuditEvent): void {
    this.queue.push(event);
    this.waiters.onAccepted();
    this.schedule(this.batchMs);
  }

  protected async flushSink(): Promise<void> {
    const done = this.waiters.wait();
    this.schedule(0);
    await done;
  }

  protected async closeSink(): Promise<void> {
    this.closed = true;
    if (this.timer !== undefined) clearTimeout(this.timer);
    await this.writing;
    await this.handle.close();
  }

  protected sinkHealth(): AuditSinkHealth {
    return {
      ready: this.lastError === undefined,
      pending: this.queue.length,
      ...(this.lastError === undefined ? {} : { detail: 'audit file not writable' }),
    };
  }

  private schedule(delayMs: number): void {
    if (this.closed && delayMs > 0) return;
    if (this.timer !== undefined) {
      if (delayMs > 0) return;
      clearTimeout(this.timer);
    }
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.writing ??= this.drain().finally(() => {
        this.writing = undefined;
        if (this.queue.length > 0 && this.lastError === undefined) this.schedule(0);
      });
    }, delayMs);
  }

  private async drain(): Promise<void> {
    while (this.queue.length > 0) {
      const batch = this.queue.slice(0, 10_000);
      try {
        if (this.fsyncMode === 'always') {
          for (const event of batch) {
            await this.handle.write(JSON.stringify(event) + '\n');
            await this.handle.sync();
            this.queue.shift();
            this.waiters.onSettled(1);
          }
          continue;
        } else {
          await this.handle.write(batch.map((e) => JSON.stringify(e)).join('\n') + '\n');
          await this.handle.sync();
        }
      } catch (cause) {
        // A torn write may leave a partial line; the verifier reports it as malformed, the chain shows the gap.
        this.lastError = new WardgateError(ErrorCode.Unavailable, 'audit file write failed', { cause });
        this.logger.error({ err: cause, pending: this.queue.length }, 'audit file write failed');
        this.waiters.rejectAll(this.lastError);
        setTimeout(() => {
          this.lastError = undefined;
          this.schedule(0);
        }, retryAfterFailureMs).unref();
        return;
      }
      this.queue.splice(0, batch.length);
      this.waiters.onSettled(batch.length);
    }
  }
}
