import { constants } from 'node:fs';
import { mkdir, open, readdir, readFile, rename, stat, unlink, writeFile, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { ErrorCode, WardgateError } from '../errors/wardgate-error.js';
import type { Logger } from '../logging/logger.js';
import { GroupCommit } from './group-commit.js';
import { encodeWalRecord, endOfNonZero, nextNonZero, scanWalSegment, walkWalItems, walPayload } from './wal-record.js';

export interface WriteAheadLogOptions {
  dir: string;
  /** Appends are refused once segments on disk plus pending records would exceed this. */
  maxBytes: number;
  /** The size of a segment, preallocated when it is created; a record never crosses its end. @default 16 MiB */
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
  /** Bytes of synced, valid records: the segment's logical end (its file is longer, zero-filled). */
  bytes: number;
  records: number;
  /** Bytes the segment may hold: the size it was preallocated to. */
  capacity: number;
  /** Where damaged items between its records start, counted once in `unreadableRecords`. */
  damage: Set<number>;
}

const segmentPattern = /^(\d{20})\.wal$/;
const committedFile = 'committed';
/** The next segment, being zero-filled in the background, and once complete and synced. */
const spareTmpFile = 'next-segment.tmp';
const spareFile = 'next-segment.ready';
const readChunkBytes = 1024 * 1024;
const zeroChunkBytes = 1024 * 1024;
const defaultSegmentMaxBytes = 16 * 1024 * 1024;

/**
 * The local write-ahead log every audit event goes through (Vector's and Fluent Bit's disk
 * buffers work this way). Records are checksummed lines in segment files named by the offset
 * of their first record; an append resolves only after the fdatasync that covers it (group
 * commit: one sync for every record that arrived during the previous one). A reader ships
 * records downstream and `commit`s the offset acknowledged there, which is kept in a small file
 * and lets fully shipped segments be deleted. `open` zeroes a torn last record and resumes
 * from the committed offset, so a restart re-ships at most the records whose acknowledgement
 * was not yet recorded (at-least-once: exact duplicates, which the verifier counts apart).
 *
 * Segments are preallocated (zeros written and synced, PostgreSQL's WAL files): an O_DSYNC write
 * into one changes neither the file's size nor its block map, so it syncs no metadata, which on
 * ext4 is what makes an appending write's p99 several milliseconds (`npx tsx bench/wal-sync-bench.ts`).
 * The next segment is zero-filled in the background and renamed into place when the active one
 * is full. So a segment's end is not its size: `open` walks every segment's records (length and
 * CRC) to its last valid record and zeroes a torn tail in place; a damaged record between valid
 * ones is skipped and counted (`unreadableRecords`), the records after it read (`recoverSegment`).
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
  /** The zero-filling of the next segment; resolves once it is ready (or failed: no spare). */
  private spare: Promise<void> | undefined;
  private spareReady: boolean;
  private unreadable: number;

  private constructor(
    private readonly options: WriteAheadLogOptions,
    private readonly segments: Segment[],
    committed: number,
    spareReady: boolean,
    unreadable: number,
  ) {
    this.segmentMaxBytes = options.segmentMaxBytes ?? defaultSegmentMaxBytes;
    this.spareReady = spareReady;
    this.unreadable = unreadable;
    // Without an injected sync segments are opened O_DSYNC: each write returns once durable, one
    // trip through the libuv pool per group commit instead of a write and an fdatasync.
    this.sync = options.sync ?? (() => Promise.resolve());
    this.committed = committed;
    this.writer = new GroupCommit((records) => this.writeBatch(records));
  }

  /**
   * Opens (or creates) the log in `dir`: finds each segment's logical end by its records and zeroes
   * a torn or corrupt tail in place, then starts zero-filling the next segment in the background.
   */
  static async open(options: WriteAheadLogOptions): Promise<WriteAheadLog> {
    try {
      await mkdir(options.dir, { recursive: true, mode: 0o750 });
      const names = await readdir(options.dir);
      const bases = names
        .map((name) => segmentPattern.exec(name)?.[1])
        .filter((base): base is string => base !== undefined)
        .map(Number)
        .sort((a, b) => a - b);
      const committed = await readCommitted(options.dir);
      const segments: Segment[] = [];
      let unreadable = 0;
      for (const [i, base] of bases.entries()) {
        const next = bases[i + 1];
        const recovered = await recoverSegment(options, base, next === undefined ? undefined : next - base);
        segments.push(recovered.segment);
        unreadable += recovered.unreadable;
      }
      // A spare cut short by a crash is remade; a complete one is kept if it still has the configured size and only zeros.
      if (names.includes(spareTmpFile)) await unlink(join(options.dir, spareTmpFile));
      const spareReady = names.includes(spareFile) && (await keepSpare(options));
      const log = new WriteAheadLog(options, segments, committed, spareReady, unreadable);
      await log.deleteShipped();
      log.prepareSpare();
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

  /** Bytes of records on disk plus bytes waiting for the next commit (not counting the zero-filled tails). */
  get bytes(): number {
    let total = this.pendingBytes;
    for (const s of this.segments) total += s.bytes;
    return total;
  }

  /**
   * Records the log holds in shipping order but cannot read (damaged on disk: a bad checksum, a
   * record cut short, a lost page), found at open or by a read since; they are skipped, never
   * shipped. The health field and gauge an operator sees; each one is also logged.
   */
  get unreadableRecords(): number {
    return this.unreadable;
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

  /**
   * Up to `maxRecords` durable records from offset `from` (at least the committed offset). A
   * damaged record is skipped (its offset is passed over, not returned) and counted once.
   */
  async read(from: number, maxRecords: number): Promise<WalReadResult> {
    let offset = Math.max(from, this.committed);
    const payloads: string[] = [];
    while (payloads.length < maxRecords && offset < this.end) {
      const index = this.segmentIndexOf(offset);
      const segment = this.segments[index];
      if (segment === undefined) break;
      // Below the first segment (a lost `committed` file after shipped segments were deleted): start at its first record.
      offset = Math.max(offset, segment.base);
      const segmentEnd = segment.base + segment.records;
      let position = offset < segmentEnd ? await this.positionOf(segment, offset) : segment.bytes;
      if (position < segment.bytes) {
        const handle = await open(segmentPath(this.options.dir, segment.base), 'r');
        try {
          let chunk = readChunkBytes;
          while (payloads.length < maxRecords && offset < segmentEnd && position < segment.bytes) {
            const length = Math.min(chunk, segment.bytes - position);
            const { bytesRead, buffer } = await handle.read(Buffer.allocUnsafe(length), 0, length, position);
            const data = buffer.subarray(0, bytesRead);
            // A file shorter than its records (cut by something outside the log): what is there is all there is.
            const whole = bytesRead < length || position + bytesRead >= segment.bytes;
            let consumed = 0;
            walkWalItems(data, 0, (kind, start, end) => {
              if (payloads.length >= maxRecords || offset >= segmentEnd) return false;
              // An item that reaches the chunk's end may go on in the next chunk.
              if (end === data.length && !whole && kind !== 'record' && kind !== 'corrupt') return false;
              if (kind === 'record') payloads.push(walPayload(data, start, end));
              else this.damaged(segment, position + start, offset);
              if (kind !== 'zeros') offset++;
              consumed = end;
              return true;
            });
            if (consumed === 0 && whole) {
              // The file is shorter than the records open found in it (cut by something outside the
              // log): the rest of the segment is lost. Counted, and passed over so that shipping goes on.
              this.unreadable += segmentEnd - offset;
              this.options.logger.error({ segment: segment.base, offset, lost: segmentEnd - offset }, 'audit log segment shorter than its records; the rest skipped');
              offset = segmentEnd;
              break;
            }
            if (consumed === 0) chunk *= 2; // one item larger than the chunk
            position += consumed;
          }
        } finally {
          await handle.close();
        }
      }
      // Past the segment's last readable record: its remaining offsets were counted unreadable at open.
      if (position >= segment.bytes && offset < segmentEnd) offset = segmentEnd;
      this.readCursor = { offset, base: segment.base, position };
      // Never go round again on a segment that yielded nothing more.
      if (offset < segmentEnd && payloads.length < maxRecords) break;
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

  /** Waits for pending writes and the spare's zero-filling, then closes the active segment. Idempotent. */
  async close(): Promise<void> {
    this.closed = true;
    await this.writer.idle();
    const active = this.active;
    this.active = undefined;
    await active?.handle.close().catch(() => undefined);
    await this.spare;
  }

  private async writeBatch(records: Buffer[]): Promise<void> {
    const started = performance.now();
    let total = 0;
    for (const record of records) total += record.length;
    try {
      for (let i = 0; i < records.length; ) {
        const { segment, handle } = await this.activeSegment(records[i]!.length);
        // The records that fit before the segment's end; the rest go to the next one. A batch split
        // this way fails whole if its second write fails, though its first part is durable: such
        // records are shipped although their callers were told otherwise (at-least-once).
        let n = 0;
        let bytes = 0;
        while (i + n < records.length && bytes + records[i + n]!.length <= segment.capacity - segment.bytes) bytes += records[i + n++]!.length;
        const data = n === 1 ? records[i]! : Buffer.concat(records.slice(i, i + n), bytes);
        try {
          await handle.write(data, 0, data.length, segment.bytes);
          await this.sync(handle);
        } catch (cause) {
          // Zero a partial write so that it cannot pass for records. If that fails too, the segment
          // is full here: later records go to a fresh one, never over these bytes (a shorter record
          // over them would leave records its callers were told failed readable after it).
          const zeroed = await handle
            .write(Buffer.alloc(data.length), 0, data.length, segment.bytes)
            .then(() => this.sync(handle))
            .then(() => true, () => false);
          if (!zeroed) {
            segment.capacity = segment.bytes;
            await this.closeActive();
          }
          throw new WardgateError(ErrorCode.Unavailable, 'audit log write failed', { cause });
        }
        segment.bytes += bytes;
        segment.records += n;
        i += n;
        if (segment.bytes >= segment.capacity) await this.closeActive();
      }
    } finally {
      this.pendingBytes -= total;
      this.pendingRecords -= records.length;
    }
    this.options.onCommit?.(records.length, (performance.now() - started) / 1000);
    for (const listener of this.durableListeners) listener();
  }

  /** The segment to write a record of `recordBytes` to: the active one while it has room, else a new one. */
  private async activeSegment(recordBytes: number): Promise<{ segment: Segment; handle: FileHandle }> {
    const active = this.active;
    if (active !== undefined) {
      if (active.segment.capacity - active.segment.bytes >= recordBytes) return active;
      await this.closeActive();
    }
    let segment = this.segments.at(-1);
    // True when the segment's file gets a new name, which must be made durable like its records.
    let named = false;
    let truncate = false;
    if (segment === undefined || segment.base + segment.records !== this.end || segment.capacity - segment.bytes < recordBytes) {
      // An empty segment without room (not preallocated, or a record larger than a segment) is replaced by a file of the same name.
      if (segment?.records === 0 && segment.base === this.end) this.segments.pop();
      segment = { base: this.end, bytes: 0, records: 0, capacity: Math.max(this.segmentMaxBytes, recordBytes), damage: new Set() };
      named = true;
      // Without a spare (its zero-filling failed) or for an oversized record the file grows as it is
      // written, truncated first: an empty segment replaced under the same name may hold a failed write.
      truncate = !(recordBytes <= this.segmentMaxBytes && (await this.takeSpare(segment.base)));
      this.segments.push(segment);
      this.prepareSpare();
    }
    const created = segment;
    const flags = constants.O_WRONLY | constants.O_CREAT | (truncate ? constants.O_TRUNC : 0) | (this.options.sync === undefined ? constants.O_DSYNC : 0);
    let handle: FileHandle | undefined;
    try {
      handle = await open(segmentPath(this.options.dir, segment.base), flags, 0o640);
      if (named) await syncDirectory(this.options.dir);
    } catch (cause) {
      await handle?.close().catch(() => undefined);
      if (named && created.records === 0 && this.segments.at(-1) === created) this.segments.pop();
      throw cause;
    }
    this.active = { segment, handle };
    return this.active;
  }

  /** Renames the zero-filled spare to the segment at `base`, once it is ready; false without one. */
  private async takeSpare(base: number): Promise<boolean> {
    // At most one segment of zeros to wait for, and only when segments fill faster than zeros are written.
    await this.spare;
    if (!this.spareReady) return false;
    this.spareReady = false;
    this.spare = undefined;
    await rename(join(this.options.dir, spareFile), segmentPath(this.options.dir, base));
    return true;
  }

  /** Starts zero-filling the next segment, unless one is ready or under way. */
  private prepareSpare(): void {
    if (this.spare !== undefined || this.spareReady || this.closed) return;
    const spare = zeroFill(this.options.dir, this.segmentMaxBytes).then(
      () => {
        this.spareReady = true;
      },
      (err: unknown) => {
        if (this.spare === spare) this.spare = undefined;
        this.options.logger.warn({ err }, 'cannot preallocate the next audit log segment; it will grow as it is written');
      },
    );
    this.spare = spare;
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
    const data = await readPrefix(segmentPath(this.options.dir, segment.base), segment.bytes);
    let slots = 0;
    let position = 0;
    walkWalItems(data, 0, (kind, _start, end) => {
      if (slots >= offset - segment.base) return false;
      if (kind !== 'zeros') slots++;
      position = end;
      return true;
    });
    return position;
  }

  /** Counts damage a read met, unless open already counted it (a disk that changed since). */
  private damaged(segment: Segment, position: number, offset: number): void {
    if (segment.damage.has(position)) return;
    segment.damage.add(position);
    this.unreadable++;
    this.options.logger.error({ segment: segment.base, offset, position }, 'audit log record unreadable (damaged since the log was opened); skipped');
  }

  private async deleteShipped(): Promise<void> {
    // The last segment stays, shipped or not: it is where the next records go (and the active one is always last).
    for (let first = this.segments[0]; first !== undefined && first !== this.segments.at(-1); first = this.segments[0]) {
      if (first.base + first.records > this.committed) return;
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

/**
 * The logical end of segment `base` and the records it holds that cannot be read. `expected`
 * is the number of records its successor's name says it holds (undefined for the last segment).
 *
 * The rule: a damaged record between valid ones (a bad checksum, a record cut short, a run of
 * zeros) is skipped and counted, and the records after it are read: they were acknowledged.
 * In a segment that is not the last, every record its successor's name accounts for and that
 * cannot be read is counted. Only what follows the last valid record of the last segment is a
 * torn tail (a write cut short by a crash, never acknowledged): zeroed in place, so that later
 * appends cannot leave garbage between records, and not counted. Other bytes are left as found.
 */
async function recoverSegment(options: WriteAheadLogOptions, base: number, expected: number | undefined): Promise<{ segment: Segment; unreadable: number }> {
  const path = segmentPath(options.dir, base);
  const data = await readFile(path);
  const scan = scanWalSegment(data, expected);
  const segment: Segment = { base, bytes: scan.validBytes, records: expected ?? scan.records, capacity: data.length, damage: new Set(scan.damage) };
  const unreadable = expected === undefined ? scan.damage.length : expected - scan.valid;
  if (unreadable > 0) {
    options.logger.error({ segment: base, read: scan.valid, unreadable }, 'audit log segment has damaged records; they are skipped, the records after them read');
  }
  const dirtyEnd = expected === undefined ? endOfNonZero(data, scan.validBytes) : scan.validBytes;
  if (dirtyEnd > scan.validBytes) {
    options.logger.warn({ segment: base, kept: scan.records, zeroedBytes: dirtyEnd - scan.validBytes }, 'audit log ends in a torn write; zeroed');
    const handle = await open(path, 'r+');
    try {
      await handle.write(Buffer.alloc(dirtyEnd - scan.validBytes), 0, dirtyEnd - scan.validBytes, scan.validBytes);
      await handle.datasync();
    } finally {
      await handle.close();
    }
  }
  return { segment, unreadable };
}

/** Whether the spare left by an earlier process can be used: the configured size, zeros only (else it is removed). */
async function keepSpare(options: WriteAheadLogOptions): Promise<boolean> {
  const path = join(options.dir, spareFile);
  const size = (await stat(path)).size;
  const usable = size === (options.segmentMaxBytes ?? defaultSegmentMaxBytes) && nextNonZero(await readFile(path), 0) === size;
  if (!usable) await unlink(path);
  return usable;
}

async function readPrefix(path: string, bytes: number): Promise<Buffer> {
  const handle = await open(path, 'r');
  try {
    const data = Buffer.allocUnsafe(bytes);
    const { bytesRead } = await handle.read(data, 0, bytes, 0);
    return data.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

/** Writes `bytes` zeros to the spare file and syncs them, then gives it its ready name. */
async function zeroFill(dir: string, bytes: number): Promise<void> {
  const tmp = join(dir, spareTmpFile);
  const handle = await open(tmp, 'w', 0o640);
  try {
    const zeros = Buffer.alloc(Math.min(zeroChunkBytes, bytes));
    for (let at = 0; at < bytes; at += zeros.length) await handle.write(zeros, 0, Math.min(zeros.length, bytes - at), at);
    await handle.datasync();
  } finally {
    await handle.close();
  }
  await rename(tmp, join(dir, spareFile));
}

/** Makes a new or renamed file's name durable (O_DSYNC covers a file's data, not its directory entry). */
async function syncDirectory(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
