import { constants } from 'node:fs';
import { mkdir, open, readdir, readFile, rename, stat, unlink, writeFile, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { ErrorCode, WardgateError } from '../errors/wardgate-error.js';
import type { Logger } from '../logging/logger.js';
import { GroupCommit } from './group-commit.js';
import { decodeWalRecords, encodeWalRecord } from './wal-record.js';

export interface WriteAheadLogOptions {
  dir: string;
  /** Appends are refused once segments on disk plus pending records would exceed this. */
  maxBytes: number;
  /** A segment is closed and a new one started past this size. @default 16 MiB */
  segmentMaxBytes?: number;
  logger: Logger;
  /** Observes each group commit (records written, seconds for write + fdatasync). */
  onCommit?: (records: number, seconds: number) => void;
  /** Makes written bytes durable. Tests replace it to crash before it. @default segments are opened O_DSYNC (each write is synced) */
  sync?: (handle: FileHandle) => Promise<void>;
}

export interface WalReadResult {
  /** Payloads from offset `from`, in order. */
  payloads: string[];
  /** The offset after the last payload returned. */
  next: number;
}

interface Segment {
  /** Offset of the segment's first record (also its file name). */
  base: number;
  /** Bytes of synced, valid records. */
  bytes: number;
  records: number;
}

const segmentPattern = /^(\d{20})\.wal$/;
const committedFile = 'committed';
const readChunkBytes = 1024 * 1024;

/**
 * The local write-ahead log every audit event goes through (Vector's and Fluent Bit's disk
 * buffers work this way). Records are checksummed lines in segment files named by the offset
 * of their first record; an append resolves only after the fdatasync that covers it (group
 * commit: one sync for every record that arrived during the previous one). A reader ships
 * records downstream and `commit`s the offset acknowledged there, which is kept in a small file
 * and lets fully shipped segments be deleted. `open` truncates a torn last record and resumes
 * from the committed offset, so a restart re-ships at most the records whose acknowledgement
 * was not yet recorded (at-least-once: exact duplicates, which the verifier counts apart).
 * One process per directory.
 */
export class WriteAheadLog {
  private readonly segmentMaxBytes: number;
  private readonly sync: (handle: FileHandle) => Promise<void>;
  private readonly writer: GroupCommit<Buffer>;
  private readonly durableListeners = new Set<() => void>();
  private active: { segment: Segment; handle: FileHandle } | undefined;
  private pendingBytes = 0;
  private pendingRecords = 0;
  private committed: number;
  private closed = false;
  private readCursor: { offset: number; base: number; position: number } | undefined;

  private constructor(
    private readonly options: WriteAheadLogOptions,
    private readonly segments: Segment[],
    committed: number,
  ) {
    this.segmentMaxBytes = options.segmentMaxBytes ?? 16 * 1024 * 1024;
    // Without an injected sync segments are opened O_DSYNC: each write returns once durable, one
    // trip through the libuv pool per group commit instead of a write and an fdatasync.
    this.sync = options.sync ?? (() => Promise.resolve());
    this.committed = committed;
    this.writer = new GroupCommit((records) => this.writeBatch(records));
  }

  /** Opens (or creates) the log in `dir`, truncating a torn or corrupt tail of its last segment. */
  static async open(options: WriteAheadLogOptions): Promise<WriteAheadLog> {
    try {
      await mkdir(options.dir, { recursive: true, mode: 0o750 });
      const bases = (await readdir(options.dir))
        .map((name) => segmentPattern.exec(name)?.[1])
        .filter((base): base is string => base !== undefined)
        .map(Number)
        .sort((a, b) => a - b);
      const committed = await readCommitted(options.dir);
      const segments: Segment[] = [];
      for (const [i, base] of bases.entries()) {
        const next = bases[i + 1];
        if (next !== undefined) {
          // Only the last segment can end in a torn record: a segment is closed after a complete write.
          segments.push({ base, bytes: (await stat(segmentPath(options.dir, base))).size, records: next - base });
          continue;
        }
        segments.push(await recoverLastSegment(options, base));
      }
      const log = new WriteAheadLog(options, segments, committed);
      await log.deleteShipped();
      const unshipped = log.end - log.committed;
      if (unshipped > 0) options.logger.info({ unshipped, segments: log.segments.length }, 'audit log has records to ship');
      return log;
    } catch (cause) {
      throw new WardgateError(ErrorCode.Unavailable, 'cannot open the audit write-ahead log', { cause, details: { dir: options.dir } });
    }
  }

  /** The offset after the last durable record. */
  get end(): number {
    const last = this.segments.at(-1);
    return last === undefined ? this.committed : Math.max(this.committed, last.base + last.records);
  }

  /** The offset up to which records were acknowledged downstream. */
  get committedOffset(): number {
    return this.committed;
  }

  /** Bytes on disk plus bytes waiting for the next commit. */
  get bytes(): number {
    let total = this.pendingBytes;
    for (const s of this.segments) total += s.bytes;
    return total;
  }

  /** Records appended but not yet durable. */
  get pending(): number {
    return this.pendingRecords;
  }

  /** Why an append of `bytes` would be refused now, or undefined. */
  refusal(bytes = 0): WardgateError | undefined {
    if (this.closed) return new WardgateError(ErrorCode.Unavailable, 'audit log is closed');
    if (this.bytes + bytes > this.options.maxBytes) {
      return new WardgateError(ErrorCode.ResourceExhausted, 'audit log full', { details: { bytes: this.bytes, maxBytes: this.options.maxBytes } });
    }
    return undefined;
  }

  /**
   * Appends one record; resolves once it is durable. Rejects with WardgateError:
   * ResourceExhausted when full (unless `force`: checkpoints may exceed the bound), Unavailable
   * when the write or sync failed. `payload` must not contain a newline.
   */
  append(payload: string, options: { force?: boolean } = {}): Promise<void> {
    const record = encodeWalRecord(payload);
    const refusal = options.force === true && !this.closed ? undefined : this.refusal(record.length);
    if (refusal !== undefined) return Promise.reject(refusal);
    this.pendingBytes += record.length;
    this.pendingRecords++;
    return this.writer.add(record);
  }

  /** Calls `listener` after each commit that made records durable; returns the unsubscribe. */
  onDurable(listener: () => void): () => void {
    this.durableListeners.add(listener);
    return () => this.durableListeners.delete(listener);
  }

  /** Resolves when every record appended so far is durable (or failed). */
  settled(): Promise<void> {
    return this.writer.idle();
  }

  /** Up to `maxRecords` durable records from offset `from` (at least the committed offset). */
  async read(from: number, maxRecords: number): Promise<WalReadResult> {
    let offset = Math.max(from, this.committed);
    const payloads: string[] = [];
    while (payloads.length < maxRecords && offset < this.end) {
      const index = this.segmentIndexOf(offset);
      const segment = this.segments[index];
      if (segment === undefined) break;
      const segmentEnd = segment.base + segment.records;
      if (offset >= segmentEnd) {
        offset = this.segments[index + 1]?.base ?? this.end;
        continue;
      }
      let position = await this.positionOf(segment, offset);
      const handle = await open(segmentPath(this.options.dir, segment.base), 'r');
      try {
        let chunk = readChunkBytes;
        while (payloads.length < maxRecords && offset < segmentEnd) {
          const length = Math.min(chunk, segment.bytes - position);
          const data = Buffer.allocUnsafe(length);
          const { bytesRead } = await handle.read(data, 0, length, position);
          const decoded = decodeWalRecords(data.subarray(0, bytesRead), Math.min(maxRecords - payloads.length, segmentEnd - offset));
          if (decoded.payloads.length === 0) {
            if (decoded.stop === 'torn' && length < segment.bytes - position) {
              chunk *= 2; // one record larger than the chunk
              continue;
            }
            // Corruption after the log was opened (a disk error): the rest of this segment is lost, say so.
            this.options.logger.error({ segment: segment.base, offset, lost: segmentEnd - offset }, 'audit log segment unreadable past this offset; skipped');
            offset = segmentEnd;
            break;
          }
          for (const p of decoded.payloads) payloads.push(p);
          offset += decoded.payloads.length;
          position += decoded.validBytes;
        }
      } finally {
        await handle.close();
      }
      this.readCursor = { offset, base: segment.base, position };
    }
    return { payloads, next: offset };
  }

  /** Records that everything before `offset` was acknowledged downstream; deletes shipped segments. */
  async commit(offset: number): Promise<void> {
    if (offset <= this.committed) return;
    this.committed = Math.min(offset, this.end);
    // Write-then-rename keeps the file whole; a commit lost in a crash only re-ships records.
    const tmp = join(this.options.dir, `${committedFile}.tmp`);
    await writeFile(tmp, `${this.committed}\n`, { mode: 0o640 });
    await rename(tmp, join(this.options.dir, committedFile));
    await this.deleteShipped();
  }

  /** Waits for pending writes, then closes the active segment. Idempotent. */
  async close(): Promise<void> {
    this.closed = true;
    await this.writer.idle();
    const active = this.active;
    this.active = undefined;
    await active?.handle.close().catch(() => undefined);
  }

  private async writeBatch(records: Buffer[]): Promise<void> {
    const started = performance.now();
    const data = records.length === 1 ? records[0]! : Buffer.concat(records);
    try {
      const { segment, handle } = await this.activeSegment();
      try {
        await handle.write(data, 0, data.length, segment.bytes);
        await this.sync(handle);
      } catch (cause) {
        // Cut a partial write off; if that fails too, later records go to a fresh segment.
        await handle.truncate(segment.bytes).catch(() => undefined);
        if (segment.records > 0) await this.closeActive();
        throw new WardgateError(ErrorCode.Unavailable, 'audit log write failed', { cause });
      }
      segment.bytes += data.length;
      segment.records += records.length;
      if (segment.bytes >= this.segmentMaxBytes) await this.closeActive();
    } finally {
      this.pendingBytes -= data.length;
      this.pendingRecords -= records.length;
    }
    this.options.onCommit?.(records.length, (performance.now() - started) / 1000);
    for (const listener of this.durableListeners) listener();
  }

  private async activeSegment(): Promise<{ segment: Segment; handle: FileHandle }> {
    if (this.active !== undefined) return this.active;
    const last = this.segments.at(-1);
    let segment: Segment;
    if (last !== undefined && last.bytes < this.segmentMaxBytes && last.base + last.records === this.end) {
      segment = last;
    } else {
      segment = { base: this.end, bytes: 0, records: 0 };
      this.segments.push(segment);
    }
    // Not O_APPEND: writes go at `segment.bytes`, over any partial write a failed truncate left.
    const flags = constants.O_WRONLY | constants.O_CREAT | (this.options.sync === undefined ? constants.O_DSYNC : 0);
    const handle = await open(segmentPath(this.options.dir, segment.base), flags, 0o640).catch((cause: unknown) => {
      if (segment.records === 0 && this.segments.at(-1) === segment) this.segments.pop();
      throw cause;
    });
    this.active = { segment, handle };
    return this.active;
  }

  private async closeActive(): Promise<void> {
    const active = this.active;
    this.active = undefined;
    await active?.handle.close().catch(() => undefined);
  }

  private segmentIndexOf(offset: number): number {
    let index = 0;
    for (let i = 0; i < this.segments.length; i++) if (this.segments[i]!.base <= offset) index = i;
    return index;
  }

  /** The byte position of record `offset` in `segment` (sequential reads resume without a scan). */
  private async positionOf(segment: Segment, offset: number): Promise<number> {
    const cursor = this.readCursor;
    if (cursor !== undefined && cursor.base === segment.base && cursor.offset === offset) return cursor.position;
    if (offset === segment.base) return 0;
    const data = await readFile(segmentPath(this.options.dir, segment.base));
    const decoded = decodeWalRecords(data.subarray(0, segment.bytes), offset - segment.base);
    return decoded.validBytes;
  }

  private async deleteShipped(): Promise<void> {
    for (let first = this.segments[0]; first !== undefined; first = this.segments[0]) {
      if (first.base + first.records > this.committed || this.active?.segment === first) return;
      await unlink(segmentPath(this.options.dir, first.base));
      this.segments.shift();
    }
  }
}

function segmentPath(dir: string, base: number): string {
  return join(dir, `${String(base).padStart(20, '0')}.wal`);
}

async function readCommitted(dir: string): Promise<number> {
  let text: string;
  try {
    text = await readFile(join(dir, committedFile), 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return 0;
    throw err;
  }
  const value = Number(text.trim());
  return Number.isSafeInteger(value) && value >= 0 ? value : 0;
}

async function recoverLastSegment(options: WriteAheadLogOptions, base: number): Promise<Segment> {
  const path = segmentPath(options.dir, base);
  const data = await readFile(path);
  const decoded = decodeWalRecords(data);
  if (decoded.validBytes < data.length) {
    // A crash mid-write (or before its sync) leaves a partial record: it was never acknowledged.
    options.logger.warn({ segment: base, kept: decoded.payloads.length, cutBytes: data.length - decoded.validBytes, reason: decoded.stop }, 'audit log ends in a torn record; truncated');
    const handle = await open(path, 'r+');
    try {
      await handle.truncate(decoded.validBytes);
      await handle.datasync();
    } finally {
      await handle.close();
    }
  }
  return { base, bytes: decoded.validBytes, records: decoded.payloads.length };
}
