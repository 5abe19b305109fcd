import { closeSync, existsSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, statSync, truncateSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createSilentLogger } from '../logging/logger.js';
import { encodeWalRecord } from './wal-record.js';
import { WriteAheadLog, type WriteAheadLogOptions } from './write-ahead-log.js';

// Recovery from crafted on-disk states: each test writes segment files the way a crash, a disk
// or an earlier process left them, opens the log, and checks which records are read, that
// appends go on after them, and that a second open reads the same.

const dirs: string[] = [];
afterEach(() => {
  // Retries: a log may still be zero-filling its spare segment when a test ends.
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true, maxRetries: 5 });
});
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'wardgate-wal-recovery-'));
  dirs.push(dir);
  return dir;
}

const segmentBytes = 4096;
const open = (dir: string, extra: Partial<WriteAheadLogOptions> = {}): Promise<WriteAheadLog> =>
  WriteAheadLog.open({ dir, maxBytes: 1024 * 1024, segmentMaxBytes: segmentBytes, logger: createSilentLogger(), ...extra });
const payload = (i: number): string => JSON.stringify({ n: i, text: `event ${i} ünïcode` });
const record = (i: number): Buffer => encodeWalRecord(payload(i));
const records = (from: number, count: number): Buffer[] => Array.from({ length: count }, (_, i) => record(from + i));
const segmentPath = (dir: string, base: number): string => join(dir, `${String(base).padStart(20, '0')}.wal`);
const segmentFiles = (dir: string): string[] => readdirSync(dir).filter((n) => n.endsWith('.wal')).sort();
const readAll = async (log: WriteAheadLog): Promise<string[]> => (await log.read(0, 1_000_000)).payloads;

/** A preallocated segment as the log writes it: `parts` from the start, zeros up to `size`. */
function writeSegment(dir: string, base: number, parts: Buffer[], size = segmentBytes): Buffer {
  const content = Buffer.concat(parts);
  const file = Buffer.alloc(Math.max(size, content.length));
  content.copy(file);
  writeFileSync(segmentPath(dir, base), file);
  return file;
}
/** The record with one payload byte changed: complete, newline-terminated, wrong checksum. */
function corrupted(i: number): Buffer {
  const bad = Buffer.from(record(i));
  bad[14] = bad[14] === 0x41 ? 0x42 : 0x41;
  return bad;
}

/**
 * Opens the log, expects `expected` (and `unreadable` damaged records), appends one record and
 * reads it after them, closes, opens again and expects the same. Returns the appended payload.
 */
async function expectStable(dir: string, expected: string[], unreadable = 0): Promise<string> {
  const log = await open(dir);
  expect(await readAll(log)).toEqual(expected);
  expect(log.unreadableRecords).toBe(unreadable);
  const appended = JSON.stringify({ appended: true });
  await log.append(appended);
  expect(await readAll(log)).toEqual([...expected, appended]);
  await log.close();
  const again = await open(dir);
  expect(await readAll(again)).toEqual([...expected, appended]);
  expect(again.unreadableRecords).toBe(unreadable);
  await again.close();
  return appended;
}

describe('WriteAheadLog recovery: several preallocated segments', () => {
  it('reads every record of every segment, in order, each segment ending in zeros after its last record', async () => {
    const dir = tempDir();
    writeSegment(dir, 0, records(0, 3));
    writeSegment(dir, 3, records(3, 4));
    writeSegment(dir, 7, records(7, 2));
    const log = await open(dir);
    expect(log.end).toBe(9);
    // Reads that start in one segment and end in the next, and a page that ends at a segment's end.
    expect(await log.read(2, 3)).toEqual({ payloads: [2, 3, 4].map(payload), next: 5 });
    expect(await log.read(5, 2)).toEqual({ payloads: [5, 6].map(payload), next: 7 });
    expect(await log.read(6, 100)).toEqual({ payloads: [6, 7, 8].map(payload), next: 9 });
    await log.close();
    await expectStable(dir, Array.from({ length: 9 }, (_, i) => payload(i)));
    // The appended record went into the last segment's zeros: no new segment, no file grew.
    expect(segmentFiles(dir)).toHaveLength(3);
    for (const base of [0, 3, 7]) expect(statSync(segmentPath(dir, base)).size).toBe(segmentBytes);
  });

  it('resumes from a committed offset inside a middle segment and rolls the next segment from the spare', async () => {
    const dir = tempDir();
    writeSegment(dir, 0, records(0, 3));
    writeSegment(dir, 3, records(3, 4));
    writeSegment(dir, 7, records(7, 2));
    writeFileSync(join(dir, 'committed'), '5\n');
    const log = await open(dir);
    // Segment 0 is wholly shipped and goes; segment 3 holds the committed offset and stays.
    expect(segmentFiles(dir).map((f) => Number(f.slice(0, 20)))).toEqual([3, 7]);
    expect((await log.read(0, 1000)).payloads).toEqual([5, 6, 7, 8].map(payload));
    // Enough records to fill segment 7 and go on in the next one.
    const more = Array.from({ length: 150 }, (_, i) => payload(100 + i));
    for (const p of more) await log.append(p);
    expect(segmentFiles(dir).length).toBeGreaterThan(2);
    expect((await log.read(0, 1000)).payloads).toEqual([...[5, 6, 7, 8].map(payload), ...more]);
    await log.close();
    const again = await open(dir);
    expect((await again.read(0, 1000)).payloads).toEqual([...[5, 6, 7, 8].map(payload), ...more]);
    expect(again.unreadableRecords).toBe(0);
    await again.close();
  });
});

describe('WriteAheadLog recovery: damage inside a segment', () => {
  // The rule: records that follow a damaged one were acknowledged and are read; the damaged
  // record is skipped, counted in `unreadableRecords` (the health field and gauge) and logged,
  // and its bytes are left as they are. Only damage after the last valid record of the last
  // segment is a torn tail (a write cut short by a crash, never acknowledged): zeroed, not counted.

  it('a bad checksum in a middle segment: the valid records after it are read, the bad one counted, the file left as it was', async () => {
    const dir = tempDir();
    const damaged = writeSegment(dir, 0, [record(0), record(1), corrupted(2), record(3), record(4)]);
    writeSegment(dir, 5, records(5, 2));
    const log = await open(dir);
    // The skipped record keeps its offset: offsets after it are those their appends were given.
    expect(await log.read(3, 1)).toEqual({ payloads: [payload(3)], next: 4 });
    expect(await log.read(2, 1)).toEqual({ payloads: [payload(3)], next: 4 });
    await log.close();
    await expectStable(dir, [0, 1, 3, 4, 5, 6].map(payload), 1);
    expect(readFileSync(segmentPath(dir, 0)).equals(damaged)).toBe(true);
  });

  it('a bad checksum in the last segment, followed by valid records: the same rule (the records after it were acknowledged)', async () => {
    const dir = tempDir();
    writeSegment(dir, 0, records(0, 2));
    writeSegment(dir, 2, [record(2), corrupted(3), record(4), record(5)]);
    await expectStable(dir, [0, 1, 2, 4, 5].map(payload), 1);
  });

  it('garbage that runs over a newline (two records merged into one bad line): the records after it are read, both counted', async () => {
    const dir = tempDir();
    const smashed = Buffer.concat([record(0), record(1), record(2), record(3), record(4)]);
    const from = record(0).length + 20;
    // 0xff bytes from the middle of record 1 over its newline into record 2.
    smashed.fill(0xff, from, from + record(1).length);
    writeSegment(dir, 0, [smashed]);
    writeSegment(dir, 5, records(5, 1));
    // Segment 5's name says segment 0 held five records: one bad line stands for two.
    await expectStable(dir, [0, 3, 4, 5].map(payload), 2);
  });

  it('a run of zeros between records (a lost page) in a middle segment: the records after it are read, the lost ones counted', async () => {
    const dir = tempDir();
    writeSegment(dir, 0, [record(0), Buffer.alloc(record(1).length + record(2).length), record(3)]);
    writeSegment(dir, 4, records(4, 1));
    await expectStable(dir, [0, 3, 4].map(payload), 2);
  });

  it('a torn last record and garbage after the last valid record of the last segment: zeroed, not counted (never acknowledged)', async () => {
    const dir = tempDir();
    writeSegment(dir, 0, records(0, 2));
    writeSegment(dir, 2, [record(2), corrupted(3), record(4).subarray(0, 25), Buffer.alloc(100), Buffer.from('garbage')]);
    await expectStable(dir, [0, 1, 2].map(payload), 0);
    // The appended record sits right after record 2 and nothing follows it but zeros.
    const data = readFileSync(segmentPath(dir, 2));
    const end = record(2).length + encodeWalRecord(JSON.stringify({ appended: true })).length;
    expect(data.subarray(end).every((b) => b === 0)).toBe(true);
  });

  it('random damage to middle segments never crashes open or read, yields only real records in order, and counts at least what it loses', async () => {
    for (let round = 0; round < 40; round++) {
      const dir = tempDir();
      const sizes = [5, 7, 4];
      let base = 0;
      const all: number[] = [];
      for (const [s, count] of sizes.entries()) {
        const file = writeSegment(dir, base, records(base, count));
        const written = records(base, count).reduce((sum, r) => sum + r.length, 0);
        // Middle segments only (the last one's tail is the torn-write case): 1 to 3 hits of random bytes or zeros.
        if (s < sizes.length - 1) {
          for (let hit = 0; hit < 1 + (round % 3); hit++) {
            const at = Math.floor(Math.random() * written);
            const length = 1 + Math.floor(Math.random() * 60);
            for (let i = at; i < Math.min(at + length, file.length); i++) file[i] = round % 2 === 0 ? Math.floor(Math.random() * 256) : 0;
          }
          writeFileSync(segmentPath(dir, base), file);
        }
        for (let i = 0; i < count; i++) all.push(base + i);
        base += count;
      }
      const log = await open(dir);
      const read = await readAll(log);
      const indexes = read.map((p) => (JSON.parse(p) as { n: number }).n);
      expect(indexes).toEqual([...indexes].sort((a, b) => a - b));
      for (const n of indexes) expect(read[indexes.indexOf(n)]).toBe(payload(n));
      expect(log.unreadableRecords).toBeGreaterThanOrEqual(all.length - read.length);
      expect(read.slice(-4)).toEqual([12, 13, 14, 15].map(payload));
      expect(log.end).toBe(16);
      await log.append(payload(16));
      await log.close();
      const again = await open(dir);
      expect(await readAll(again)).toEqual([...read, payload(16)]);
      expect(again.unreadableRecords).toBe(log.unreadableRecords);
      await again.close();
    }
  });
});

describe('WriteAheadLog recovery: empty preallocated segments', () => {
  it('an all-zero last segment (a crash right after a rollover) takes the next records at its start', async () => {
    const dir = tempDir();
    writeSegment(dir, 0, records(0, 3));
    writeSegment(dir, 3, []);
    const appended = await expectStable(dir, [0, 1, 2].map(payload));
    expect(segmentFiles(dir)).toEqual([0, 3].map((b) => `${String(b).padStart(20, '0')}.wal`));
    expect(readFileSync(segmentPath(dir, 3)).subarray(0, encodeWalRecord(appended).length).equals(encodeWalRecord(appended))).toBe(true);
  });

  it('an all-zero only segment: the log is empty and takes appends from offset 0', async () => {
    const dir = tempDir();
    writeSegment(dir, 0, []);
    await expectStable(dir, []);
  });

  it('an all-zero middle segment: the records its successor says it held are counted unreadable, the rest read', async () => {
    const dir = tempDir();
    writeSegment(dir, 0, records(0, 3));
    writeSegment(dir, 3, []);
    writeSegment(dir, 5, records(5, 2));
    const log = await open(dir);
    expect(log.end).toBe(7);
    expect(await log.read(3, 10)).toEqual({ payloads: [5, 6].map(payload), next: 7 });
    await log.close();
    await expectStable(dir, [0, 1, 2, 5, 6].map(payload), 2);
  });
});

describe('WriteAheadLog recovery: the spare segment', () => {
  it('a half-written next-segment.tmp (a crash while zero-filling) is never used as a segment', async () => {
    const dir = tempDir();
    writeSegment(dir, 0, records(0, 3));
    // Not zeros, and short: what a crash mid-fill on a reused disk block, or a bug, would leave.
    writeFileSync(join(dir, 'next-segment.tmp'), Buffer.concat(records(900, 5)));
    const log = await open(dir);
    const more = Array.from({ length: 150 }, (_, i) => payload(100 + i));
    for (const p of more) await log.append(p);
    expect(segmentFiles(dir).length).toBeGreaterThan(1);
    expect(await readAll(log)).toEqual([...[0, 1, 2].map(payload), ...more]);
    await log.close();
    expect(existsSync(join(dir, 'next-segment.tmp'))).toBe(false);
    await expectStable(dir, [...[0, 1, 2].map(payload), ...more]);
  });

  it('a complete next-segment.ready left unrenamed is kept and becomes the next segment', async () => {
    const dir = tempDir();
    writeSegment(dir, 0, records(0, 3));
    writeFileSync(join(dir, 'next-segment.ready'), Buffer.alloc(segmentBytes));
    const inode = statSync(join(dir, 'next-segment.ready')).ino;
    const log = await open(dir);
    const more = Array.from({ length: 150 }, (_, i) => payload(100 + i));
    for (const p of more) await log.append(p);
    const second = segmentFiles(dir)[1]!;
    expect(statSync(join(dir, second)).ino).toBe(inode);
    await log.close();
    await expectStable(dir, [...[0, 1, 2].map(payload), ...more]);
  });

  it('a next-segment.ready that is not all zeros, or not of the segment size, is remade, not used', async () => {
    // Stale records in the spare's middle: used as the next segment, they would be read after its first records.
    const stale = Buffer.alloc(segmentBytes);
    Buffer.concat(records(900, 5)).copy(stale, segmentBytes / 2);
    for (const content of [stale, Buffer.alloc(segmentBytes / 2)]) {
      const dir = tempDir();
      // A segment written before preallocation (as long as its records): the next append takes the spare.
      writeSegment(dir, 0, records(0, 3), 0);
      writeFileSync(join(dir, 'next-segment.ready'), content);
      const log = await open(dir);
      for (const i of [3, 4, 5]) await log.append(payload(i));
      expect(segmentFiles(dir)).toHaveLength(2);
      expect(await readAll(log)).toEqual([0, 1, 2, 3, 4, 5].map(payload));
      await log.close();
      await expectStable(dir, [0, 1, 2, 3, 4, 5].map(payload));
    }
  });
});

describe('WriteAheadLog recovery: damage after open', () => {
  const overwrite = (path: string, position: number, bytes: Buffer): void => {
    const fd = openSync(path, 'r+');
    try {
      writeSync(fd, bytes, 0, bytes.length, position);
    } finally {
      closeSync(fd);
    }
  };

  it('a record damaged under a running log is skipped by reads and counted once, however often it is read', async () => {
    const dir = tempDir();
    const log = await open(dir);
    for (let i = 0; i < 5; i++) await log.append(payload(i));
    overwrite(segmentPath(dir, 0), record(0).length + record(1).length, corrupted(2));
    expect(await readAll(log)).toEqual([0, 1, 3, 4].map(payload));
    expect(await readAll(log)).toEqual([0, 1, 3, 4].map(payload));
    expect(await log.read(2, 10)).toEqual({ payloads: [3, 4].map(payload), next: 5 });
    expect(log.unreadableRecords).toBe(1);
    await log.close();
    await expectStable(dir, [0, 1, 3, 4].map(payload), 1);
  });

  it('a segment cut shorter than its records under a running log: the rest is counted and passed over, reads never stall', async () => {
    const dir = tempDir();
    const log = await open(dir, { segmentMaxBytes: 300 });
    for (let i = 0; i < 12; i++) await log.append(payload(i));
    const first = segmentFiles(dir)[0]!;
    const held = Number(segmentFiles(dir)[1]!.slice(0, 20));
    truncateSync(join(dir, first), record(0).length);
    expect(await log.read(0, 100)).toEqual({ payloads: [payload(0), ...Array.from({ length: 12 - held }, (_, i) => payload(held + i))], next: 12 });
    expect(log.unreadableRecords).toBe(held - 1);
    await log.close();
  });
});
