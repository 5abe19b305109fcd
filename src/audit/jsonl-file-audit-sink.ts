import { constants } from 'node:fs';
import { mkdir, open, type FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';
import { ErrorCode, WardgateError } from '../errors/wardgate-error.js';
import type { AuditSinkHealth } from './audit-sink.js';
import { ChainedAuditSinkBase, type ChainedAuditSinkOptions } from './chained-audit-sink-base.js';
import { GroupCommit } from './group-commit.js';
import type { SealedAuditEvent } from './sealed-audit-event.js';

export interface JsonlFileAuditSinkOptions extends ChainedAuditSinkOptions {
  /** The JSONL file; appended to, never truncated (except a torn last line). Each process start adds a new chain. */
  path: string;
  /** Observes each group commit (events written, seconds for write + fdatasync). */
  onCommit?: (records: number, seconds: number) => void;
  /** Makes written bytes durable. Tests replace it to fail. @default the file is opened O_DSYNC (each write is synced) */
  sync?: (handle: FileHandle) => Promise<void>;
}

/**
 * The embedded default sink: sealed events, one JSON object per line, in a local file, each
 * durable before its receipt settles (group commit: one write + fdatasync for every event that
 * arrived during the previous one). The file is its own write-ahead log.
 */
export class JsonlFileAuditSink extends ChainedAuditSinkBase {
  private readonly writer: GroupCommit<string>;
  private readonly onCommit: ((records: number, seconds: number) => void) | undefined;
  private readonly sync: (handle: FileHandle) => Promise<void>;
  private lastError: WardgateError | undefined;

  private constructor(
    options: JsonlFileAuditSinkOptions,
    private readonly handle: FileHandle,
    private size: number,
    readonly path: string,
  ) {
    super(options);
    this.onCommit = options.onCommit;
    // Without an injected sync the file is opened O_DSYNC: each write returns once durable, one
    // trip through the libuv pool per group commit instead of a write and an fdatasync.
    this.sync = options.sync ?? (() => Promise.resolve());
    this.writer = new GroupCommit((lines) => this.writeLines(lines));
  }

  static async create(options: JsonlFileAuditSinkOptions): Promise<JsonlFileAuditSink> {
    try {
      await mkdir(dirname(options.path), { recursive: true });
      // Not O_APPEND: each write goes at the known end, over any partial write a failure left.
      const handle = await open(options.path, constants.O_RDWR | constants.O_CREAT | (options.sync === undefined ? constants.O_DSYNC : 0), 0o640);
      const size = await cutTornLine(handle, options);
      return new JsonlFileAuditSink(options, handle, size, options.path);
    } catch (cause) {
      throw new WardgateError(ErrorCode.Unavailable, 'cannot open the audit file', { cause, details: { path: options.path } });
    }
  }

  protected refusal(): WardgateError | undefined {
    return undefined;
  }

  protected write(event: SealedAuditEvent): Promise<void> {
    return this.writer.add(JSON.stringify(event) + '\n');
  }

  protected async closeSink(): Promise<void> {
    await this.writer.idle();
    await this.handle.close();
  }

  protected sinkHealth(): AuditSinkHealth {
    return {
      ready: this.lastError === undefined,
      pending: 0,
      ...(this.lastError === undefined ? {} : { detail: 'audit file not writable' }),
    };
  }

  private async writeLines(lines: string[]): Promise<void> {
    const started = performance.now();
    const data = Buffer.from(lines.join(''), 'utf8');
    try {
      await this.handle.write(data, 0, data.length, this.size);
      await this.sync(this.handle);
    } catch (cause) {
      await this.handle.truncate(this.size).catch(() => undefined);
      this.lastError = new WardgateError(ErrorCode.Unavailable, 'audit file write failed', { cause });
      throw this.lastError;
    }
    this.lastError = undefined;
    this.size += data.length;
    this.onCommit?.(lines.length, (performance.now() - started) / 1000);
  }
}

/** Cuts a partial last line (a crash mid-write) so the next event starts on its own line; returns the size. */
async function cutTornLine(handle: FileHandle, options: JsonlFileAuditSinkOptions): Promise<number> {
  const { size } = await handle.stat();
  let end = size;
  const chunk = Buffer.alloc(64 * 1024);
  while (end > 0) {
    const start = Math.max(0, end - chunk.length);
    const { bytesRead } = await handle.read(chunk, 0, end - start, start);
    const newline = chunk.subarray(0, bytesRead).lastIndexOf(0x0a);
    if (newline >= 0) {
      end = start + newline + 1;
      break;
    }
    end = start;
  }
  if (end < size) {
    options.logger.warn({ path: options.path, cutBytes: size - end }, 'audit file ends in a torn line; truncated');
    await handle.truncate(end);
    await handle.datasync();
  }
  return end;
}
