import { appendFile, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ErrorCode } from '../errors/wardgate-error.js';
import { createSilentLogger } from '../logging/logger.js';
import { DiskSpool, type DiskSpoolOptions } from './disk-spool.js';

describe('DiskSpool', () => {
  let dir: string;
  const open = (overrides: Partial<DiskSpoolOptions> = {}) =>
    DiskSpool.open({ dir, maxBytes: 1 << 20, fsync: 'batch', logger: createSilentLogger(), ...overrides });

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'wardgate-spool-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('replays segments oldest first while appends go to a new segment', async () => {
    const spool = await open();
    await spool.append(['{"n":1}', '{"n":2}']);
    const first = await spool.oldest();
    await spool.append(['{"n":3}']);
    expect(first).toEqual({ name: 'segment-0000000000000001.jsonl', lines: ['{"n":1}', '{"n":2}'] });
    expect(spool.lines).toBe(3);
    await spool.remove(first!.name);
    expect(await spool.oldest()).toEqual({ name: 'segment-0000000000000002.jsonl', lines: ['{"n":3}'] });
    await spool.remove('segment-0000000000000002.jsonl');
    expect(spool.isEmpty).toBe(true);
    expect(await readdir(dir)).toEqual([]);
    await spool.close();
  });

  it('rotates segments by size', async () => {
    const spool = await open({ segmentMaxBytes: 16 });
    for (let i = 0; i < 4; i++) await spool.append([`{"n":${i}}`, `{"n":${i}}`]);
    expect((await readdir(dir)).sort()).toHaveLength(4);
    expect(spool.bytes).toBe(4 * 16);
    await spool.close();
  });

  it('picks up leftovers after a restart and continues numbering, skipping a torn last line', async () => {
    const before = await open();
    await before.append(['{"n":1}', '{"n":2}']);
    await before.close();
    await appendFile(join(dir, 'segment-0000000000000001.jsonl'), '{"n":3');
    const after = await open();
    expect(after.lines).toBe(2);
    await after.append(['{"n":4}']);
    expect((await readdir(dir)).sort()).toEqual(['segment-0000000000000001.jsonl', 'segment-0000000000000002.jsonl']);
    expect((await after.oldest())!.lines).toEqual(['{"n":1}', '{"n":2}']);
    await after.close();
  });

  it('refuses appends beyond maxBytes', async () => {
    const spool = await open({ maxBytes: 20 });
    await spool.append(['{"n":1}']);
    await expect(spool.append(['{"n":2}', '{"n":3}'])).rejects.toMatchObject({ code: ErrorCode.ResourceExhausted });
    expect([spool.isFull(12), spool.isFull(13)]).toEqual([false, true]);
    expect(spool.lines).toBe(1);
    await spool.close();
  });
});
