import { closeSync, constants, mkdtempSync, openSync, realpathSync, readdirSync, readFileSync, rmSync, statSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FileHandle } from 'node:fs/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { ErrorCode } from '../errors/wardgate-error.js';
import { createSilentLogger } from '../logging/logger.js';
import { openFlagsOf } from '../../test/support/open-flags.js';
import { encodeWalRecord } from './wal-record.js';
import { WriteAheadLog, type WriteAheadLogOptions } from './write-ahead-log.js';

const dirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'wardgate-wal-'));
  dirs.push(dir);
  return dir;
}
/** Segment handles of logs a test "kills" (never closes): closed after it, not left to the garbage collector (DEP0137). */
const killed = new Set<FileHandle>();
afterEach(async () => {
  for (const handle of killed) await handle.close().catch(() => undefined);
  killed.clear();
  // Retries: a killed log may still be zero-filling its spare segment.
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true, maxRetries: 5 });
});

const open = (dir: string, extra: Partial<WriteAheadLogOptions> = {}): Promise<WriteAheadLog> =>
  WriteAheadLog.open({ dir, maxBytes: 1024 * 1024, segmentMaxBytes: 64 * 1024, logger: createSilentLogger(), ...extra });
const payload = (i: number): string => JSON.stringify({ n: i, text: `event ${i} ünïcode` });
const segmentFiles = (dir: string): string[] => readdirSync(dir).filter((n) => n.endsWith('.wal')).sort();
/** Overwrites bytes of a segment in place, as a crash or a disk would. */
function writeAt(path: string, position: number, bytes: Buffer): void {
  const fd = openSync(path, 'r+');
  try {
    writeSync(fd, bytes, 0, bytes.length, position);
  } finally {
    closeSync(fd);
  }
}
const readAll = async (log: WriteAheadLog): Promise<string[]> => (await log.read(0, 1_000_000)).payloads;

describe('WriteAheadLog', () => {
  it('makes appends durable in order, one sync for a burst (group commit), and reads them back after a reopen', async () => {
    const dir = tempDir();
    const commits: number[] = [];
    const log = await open(dir, { onCommit: (records) => commits.push(records) });
    await Promise.all(Array.from({ length: 50 }, (_, i) => log.append(payload(i))));
    expect(commits.reduce((a, b) => a + b, 0)).toBe(50);
    expect(commits.length).toBeLessThan(5);
    expect(log.end).toBe(50);
    expect(await readAll(log)).toEqual(Array.from({ length: 50 }, (_, i) => payload(i)));
    await log.close();
    const again = await open(dir);
    expect(await readAll(again)).toEqual(Array.from({ length: 50 }, (_, i) => payload(i)));
    await again.close();
  });

  it.runIf(process.platform === 'linux')('opens its segment O_DSYNC, so that a write returns only once it is durable (one pool trip per group commit)', async () => {
    const dir = realpathSync(tempDir());
    const log = await open(dir);
    await log.append(payload(1));
    const [segment] = segmentFiles(dir);
    const flags = openFlagsOf(join(dir, segment!));
    expect(flags).toHaveLength(1);
    expect(flags[0]! & constants.O_DSYNC).toBe(constants.O_DSYNC);
    await log.close();
  });

  it('zeroes a torn last record in place on open (the file keeps its preallocated size) and appends cleanly after it', async () => {
    const dir = tempDir();
    const log = await open(dir);
    for (let i = 0; i < 3; i++) await log.append(payload(i));
    await log.close();
    const [file] = segmentFiles(dir);
    const path = join(dir, file!);
    const end = [0, 1, 2].reduce((sum, i) => sum + encodeWalRecord(payload(i)).length, 0);
    // Half of a fourth record at the logical end: what a crash in the middle of a write leaves.
    writeAt(path, end, encodeWalRecord(payload(3)).subarray(0, 20));

    const reopened = await open(dir);
    expect(statSync(path).size).toBe(64 * 1024);
    expect(readFileSync(path).subarray(end).every((b) => b === 0)).toBe(true);
    expect(reopened.end).toBe(3);
    await reopened.append(payload(4));
    expect(await readAll(reopened)).toEqual([payload(0), payload(1), payload(2), payload(4)]);
    await reopened.close();
  });

  it('reads segments written before preallocation (file size = logical end, several segments) and appends after them', async () => {
    const dir = tempDir();
    // What the earlier code left: whole records only, each file exactly as long as its records.
    const segment = (base: number, from: number, count: number): void => {
      const bytes = Buffer.concat(Array.from({ length: count }, (_, i) => encodeWalRecord(payload(from + i))));
      const fd = openSync(join(dir, `${String(base).padStart(20, '0')}.wal`), 'w');
      writeSync(fd, bytes);
      closeSync(fd);
    };
    segment(0, 0, 3);
    segment(3, 3, 2);
    const log = await open(dir);
    expect(log.end).toBe(5);
    await log.append(payload(5));
    expect(await readAll(log)).toEqual([0, 1, 2, 3, 4, 5].map(payload));
    await log.close();
    const reopened = await open(dir);
    expect(await readAll(reopened)).toEqual([0, 1, 2, 3, 4, 5].map(payload));
    await reopened.close();
  });

  it('truncates a complete-looking last record whose checksum does not match', async () => {
    const dir = tempDir();
    const log = await open(dir);
    await log.append(payload(0));
    await log.close();
    const [file] = segmentFiles(dir);
    const bad = encodeWalRecord(payload(1));
    bad[12] = bad[12] === 0x41 ? 0x42 : 0x41; // one flipped byte in the payload
    writeAt(join(dir, file!), encodeWalRecord(payload(0)).length, bad);
    const reopened = await open(dir);
    expect(await readAll(reopened)).toEqual([payload(0)]);
    await reopened.close();
  });

  it('a crash between append and sync loses only unacknowledged records, never leaves a partial one', async () => {
    for (let round = 0; round < 10; round++) {
      const dir = tempDir();
      let syncs = 0;
      let hang = false;
      const sync = async (handle: FileHandle): Promise<void> => {
        syncs++;
        killed.add(handle);
        if (hang) return new Promise<void>(() => undefined); // the process dies before fdatasync returns
        await handle.datasync();
      };
      const crashed = await open(dir, { sync });
      const acknowledged: string[] = [];
      for (let i = 0; i < 5; i++) {
        await crashed.append(payload(i));
        acknowledged.push(payload(i));
      }
      hang = true;
      const unacknowledged = Array.from({ length: 5 }, (_, i) => payload(100 + i));
      let resolvedLate = 0;
      for (const p of unacknowledged) void crashed.append(p).then(() => resolvedLate++);
      const path = join(dir, segmentFiles(dir).at(-1)!);
      const synced = acknowledged.reduce((sum, p) => sum + encodeWalRecord(p).length, 0);
      const unsynced = unacknowledged.reduce((sum, p) => sum + encodeWalRecord(p).length, 0);
      // The segment is preallocated: the write shows as bytes past the synced end, not as a larger file.
      while (readFileSync(path)[synced] === 0) await new Promise((r) => setTimeout(r, 1));
      await new Promise((r) => setTimeout(r, 5));
      // The page cache kept a random prefix of the unsynced bytes.
      const kept = Math.floor(Math.random() * (unsynced + 1));
      writeAt(path, synced + kept, Buffer.alloc(unsynced - kept));

      const recovered = await open(dir);
      const records = await readAll(recovered);
      expect(resolvedLate).toBe(0);
      expect(records.slice(0, 5)).toEqual(acknowledged);
      expect(unacknowledged.slice(0, records.length - 5)).toEqual(records.slice(5));
      await recovered.append('{"after":"crash"}');
      expect((await readAll(recovered)).at(-1)).toBe('{"after":"crash"}');
      await recovered.close();
      expect(syncs).toBeGreaterThan(5);
    }
  });

  it('replays from the committed offset after a crash, the same records each time, none once all are committed', async () => {
    const dir = tempDir();
    const first = await open(dir, { sync: (handle) => (killed.add(handle), handle.datasync()) });
    for (let i = 0; i < 10; i++) await first.append(payload(i));
    const shipped = await first.read(0, 4);
    expect(shipped.payloads).toEqual([0, 1, 2, 3].map(payload));
    await first.commit(shipped.next);
    // No close: the process was killed.
    const second = await open(dir);
    expect(second.committedOffset).toBe(4);
    const replay = await second.read(second.committedOffset, 100);
    expect(replay.payloads).toEqual([4, 5, 6, 7, 8, 9].map(payload));
    const third = await open(dir);
    expect((await third.read(third.committedOffset, 100)).payloads).toEqual(replay.payloads);
    await third.commit(replay.next);
    const fourth = await open(dir);
    expect((await fourth.read(fourth.committedOffset, 100)).payloads).toEqual([]);
    expect(fourth.end).toBe(10);
    await fourth.append(payload(10));
    expect((await fourth.read(fourth.committedOffset, 100)).payloads).toEqual([payload(10)]);
    for (const log of [second, third, fourth]) await log.close();
  });

  it('rolls segments named by their first offset, reads across them, and deletes the shipped ones', async () => {
    const dir = tempDir();
    const log = await open(dir, { segmentMaxBytes: 300 });
    for (let i = 0; i < 40; i++) await log.append(payload(i));
    const files = segmentFiles(dir);
    expect(files.length).toBeGreaterThan(4);
    expect(files[0]).toBe(`${'0'.repeat(20)}.wal`);
    const bases = files.map((f) => Number(f.slice(0, 20)));
    expect(bases).toEqual([...bases].sort((a, b) => a - b));
    expect(await readAll(log)).toEqual(Array.from({ length: 40 }, (_, i) => payload(i)));
    const page = await log.read(17, 5);
    expect(page).toEqual({ payloads: [17, 18, 19, 20, 21].map(payload), next: 22 });

    await log.commit(30);
    const left = segmentFiles(dir).map((f) => Number(f.slice(0, 20)));
    expect(left.length).toBeLessThan(files.length);
    expect(left[0]).toBeLessThanOrEqual(30);
    await log.close();
    const reopened = await open(dir, { segmentMaxBytes: 300 });
    expect((await reopened.read(reopened.committedOffset, 100)).payloads).toEqual([30, 31, 32, 33, 34, 35, 36, 37, 38, 39].map(payload));
    await reopened.close();
  });

  it('refuses appends when full (checkpoints may still pass) and takes them again once records are shipped', async () => {
    const dir = tempDir();
    const recordBytes = encodeWalRecord(payload(0)).length;
    const log = await open(dir, { maxBytes: recordBytes * 5, segmentMaxBytes: recordBytes * 2 });
    for (let i = 0; i < 5; i++) await log.append(payload(i));
    await expect(log.append(payload(5))).rejects.toMatchObject({ code: ErrorCode.ResourceExhausted });
    expect(log.refusal(recordBytes)?.code).toBe(ErrorCode.ResourceExhausted);
    await log.append(payload(6), { force: true });
    await log.commit((await log.read(0, 4)).next);
    await log.append(payload(7));
    expect((await log.read(log.committedOffset, 100)).payloads).toEqual([payload(4), payload(6), payload(7)]);
    await log.close();
  });

  it('a failed batch whose zeroing fails too is never overwritten: later records go to a fresh segment, the failed ones stay unread', async () => {
    const dir = tempDir();
    let failing = 0;
    let failed: { data: Buffer; at: number } | undefined;
    const log = await open(dir, {
      sync: async (handle) => {
        if (failing === 2) {
          // The batch's own sync fails; remember what it wrote, from the file.
          const data = readFileSync(join(dir, segmentFiles(dir).at(-1)!));
          const at = encodeWalRecord(payload(0)).length;
          failed = { data: data.subarray(at, at + [1, 2, 3].reduce((sum, i) => sum + encodeWalRecord(payload(i)).length, 0)), at };
        }
        if (failing === 1 && failed !== undefined) {
          // The zeroing's sync fails too, and the zeros never reach the disk: the failed batch is what the disk keeps.
          writeAt(join(dir, segmentFiles(dir).at(-1)!), failed.at, failed.data);
        }
        if (failing > 0) {
          failing--;
          throw Object.assign(new Error('input/output error'), { code: 'EIO' });
        }
        await handle.datasync();
      },
    });
    await log.append(payload(0));
    failing = 2;
    const batch = [1, 2, 3].map((i) => log.append(payload(i)));
    for (const appended of batch) await expect(appended).rejects.toMatchObject({ code: ErrorCode.Unavailable });
    // As long as record 1: over the failed batch it would leave records 2 and 3 readable after it.
    await log.append(payload(4));
    expect(await readAll(log)).toEqual([payload(0), payload(4)]);
    expect(segmentFiles(dir)).toHaveLength(2);
    await log.close();
    const reopened = await open(dir);
    expect(await readAll(reopened)).toEqual([payload(0), payload(4)]);
    expect(reopened.unreadableRecords).toBe(0);
    await reopened.close();
  });

  it('a failed write or sync (disk full) fails its batch, leaves no trace of it, and the log goes on', async () => {
    const dir = tempDir();
    let failNext = false;
    const log = await open(dir, {
      sync: async (handle) => {
        if (failNext) {
          failNext = false;
          throw Object.assign(new Error('no space left on device'), { code: 'ENOSPC' });
        }
        await handle.datasync();
      },
    });
    await log.append(payload(0));
    failNext = true;
    await expect(log.append(payload(1))).rejects.toMatchObject({ code: ErrorCode.Unavailable });
    await log.append(payload(2));
    expect(await readAll(log)).toEqual([payload(0), payload(2)]);
    await log.close();
    const reopened = await open(dir);
    expect(await readAll(reopened)).toEqual([payload(0), payload(2)]);
    expect(readFileSync(join(dir, segmentFiles(dir).at(-1)!), 'utf8')).not.toContain('"n":1,');
    await reopened.close();
  });
});
