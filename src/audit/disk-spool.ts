import { mkdir, open, readdir, readFile, stat, unlink, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { ErrorCode, WardgateError } from '../errors/wardgate-error.js';
import type { Logger } from '../logging/logger.js';

export interface DiskSpoolOptions {
  dir: string;
  /** Appends are refused once the spool holds this many bytes. */
  maxBytes: number;
  /** `batch`: one fsync per append call; `always`: one per line. */
  fsync: 'batch' | 'always';
  /** A segment is closed and a new one started past this size. @default 4 MiB */
  segmentMaxBytes?: number;
  logger: Logger;
}

export interface SpoolSegment {
  name: string;
  /** The complete lines of the segment, in order (a torn last line is left out). */
  lines: string[];
}

interface SegmentInfo {
  name: string;
  bytes: number;
  lines: number;
}

const segmentPattern = /^segment-(\d{16})\.jsonl$/;

/**
 * An append-only spool of JSON lines in numbered segment files, oldest first. Used by the Kafka
 * sink while Kafka is unreachable; survives restarts (`open` picks up leftover segments).
 * One process per directory.
 */
export class DiskSpool {
  private readonly segments: SegmentInfo[];
  private active: { info: SegmentInfo; handle: FileHandle } | undefined;
  private nextNumber: number;
  private readonly segmentMaxBytes: number;

  private constructor(private readonly options: DiskSpoolOptions, segments: SegmentInfo[], nextNumber: number) {
    this.segments = segments;
    this.nextNumber = nextNumber;
    this.segmentMaxBytes = options.segmentMaxBytes ?? 4 * 1024 * 1024;
  }

  static async open(options: DiskSpoolOptions): Promise<DiskSpool> {
    try {
      await mkdir(options.dir, { recursive: true, mode: 0o750 });
      const names = (await readdir(options.dir)).filter((n) => segmentPattern.test(n)).sort();
      const segments: SegmentInfo[] = [];
      for (const name of names) {
        const text = await readFile(join(options.dir, name), 'utf8');
        segments.push({ name, bytes: (await stat(join(options.dir, name))).size, lines: countLines(text) });
      }
      const last = names.at(-1);
      const nextNumber = last === undefined ? 1 : Number(segmentPattern.exec(last)![1]) + 1;
      if (segments.length > 0) options.logger.info({ segments: segments.length, events: sum(segments, 'lines') }, 'audit spool has leftovers to replay');
      return new DiskSpool(options, segments, nextNumber);
    } catch (cause) {
      throw new WardgateError(ErrorCode.Unavailable, 'cannot open the audit spool', { cause, details: { dir: options.dir } });
    }
  }

  get bytes(): number {
    return sum(this.segments, 'bytes');
  }

  /** Lines (events) in the spool, including those of a segment being replayed. */
  get lines(): number {
    return sum(this.segments, 'lines');
  }

  get isEmpty(): boolean {
    return this.segments.length === 0;
  }

  /** True when `bytes` more would exceed `maxBytes`. */
  isFull(bytes = 0): boolean {
    return this.bytes + bytes > this.options.maxBytes;
  }

  /** Appends lines (without newlines) durably. Throws WardgateError(Unavailable | ResourceExhausted). */
  async append(lines: readonly string[]): Promise<void> {
    if (lines.length === 0) return;
    const text = lines.join('\n') + '\n';
    const size = Buffer.byteLength(text);
    if (this.isFull(size)) throw new WardgateError(ErrorCode.ResourceExhausted, 'audit spool full', { details: { bytes: this.bytes } });
    let active: { info: SegmentInfo; handle: FileHandle } | undefined;
    try {
      active = await this.activeSegment();
      if (this.options.fsync === 'always') {
        for (const line of lines) {
          await active.handle.write(line + '\n');
          await active.handle.sync();
        }
      } else {
        await active.handle.write(text);
        await active.handle.sync();
      }
    } catch (cause) {
      // Cut off a partial write so the next append does not glue onto a torn line.
      if (active !== undefined) await this.abandonActive(active);
      throw new WardgateError(ErrorCode.Unavailable, 'audit spool write failed', { cause });
    }
    active.info.bytes += size;
    active.info.lines += lines.length;
    if (active.info.bytes >= this.segmentMaxBytes) await this.closeActive();
  }

  /** The oldest segment's lines; new appends go to a newer segment from now on. */
  async oldest(): Promise<SpoolSegment | undefined> {
    const info = this.segments[0];
    if (info === undefined) return undefined;
    if (this.active?.info === info) await this.closeActive();
    const text = await readFile(join(this.options.dir, info.name), 'utf8');
    const lines = text.split('\n');
    const torn = lines.pop();
    if (torn !== undefined && torn !== '') this.options.logger.warn({ segment: info.name }, 'audit spool segment ends in a torn line; skipped');
    return { name: info.name, lines: lines.filter((l) => l !== '') };
  }

  /** Deletes a fully replayed segment. */
  async remove(name: string): Promise<void> {
    const index = this.segments.findIndex((s) => s.name === name);
    if (index < 0) return;
    if (this.active?.info.name === name) await this.closeActive();
    await unlink(join(this.options.dir, name));
    this.segments.splice(index, 1);
  }

  async close(): Promise<void> {
    await this.closeActive();
  }

  private async activeSegment(): Promise<{ info: SegmentInfo; handle: FileHandle }> {
    if (this.active !== undefined) return this.active;
    const name = `segment-${String(this.nextNumber++).padStart(16, '0')}.jsonl`;
    const handle = await open(join(this.options.dir, name), 'a', 0o640);
    const info: SegmentInfo = { name, bytes: 0, lines: 0 };
    this.segments.push(info);
    this.active = { info, handle };
    return this.active;
  }

  private async closeActive(): Promise<void> {
    const active = this.active;
    this.active = undefined;
    if (active !== undefined) await active.handle.close().catch(() => undefined);
  }

  private async abandonActive(active: { info: SegmentInfo; handle: FileHandle }): Promise<void> {
    await active.handle.truncate(active.info.bytes).catch(() => undefined);
    await this.closeActive();
    if (active.info.bytes === 0) {
      await unlink(join(this.options.dir, active.info.name)).catch(() => undefined);
      const index = this.segments.indexOf(active.info);
      if (index >= 0) this.segments.splice(index, 1);
    }
  }
}

function countLines(text: string): number {
  let count = 0;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) count++;
  return count;
}

function sum(segments: readonly SegmentInfo[], field: 'bytes' | 'lines'): number {
  let total = 0;
  for (const s of segments) total += s[field];
  return total;
}
