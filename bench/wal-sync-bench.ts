import { constants } from 'node:fs';
import { mkdtemp, open, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { percentile } from './percentile.js';

/**
 * One audit-sized record appended and made durable, the cost the WAL pays per group commit,
 * measured three ways in the same run: O_DSYNC on a growing file (what the WAL does), write +
 * fdatasync on a growing file, and O_DSYNC overwriting a preallocated, already-synced file (no
 * size or block-allocation metadata to sync). Run: npx tsx bench/wal-sync-bench.ts [count]
 */
const RECORD = Buffer.from(`${JSON.stringify({ kind: 'access.decision', pad: 'x'.repeat(400) })}\n`);

async function measure(dir: string, name: string, count: number, mode: 'dsync' | 'fdatasync', preallocate: boolean): Promise<string> {
  const path = join(dir, `${name}.wal`);
  if (preallocate) {
    const zeros = await open(path, 'w');
    await zeros.write(Buffer.alloc(RECORD.length * count));
    await zeros.sync();
    await zeros.close();
  }
  const flags = constants.O_WRONLY | constants.O_CREAT | (mode === 'dsync' ? constants.O_DSYNC : 0);
  const handle = await open(path, flags, 0o640);
  const samples: number[] = [];
  try {
    for (let i = 0; i < count; i++) {
      const started = performance.now();
      await handle.write(RECORD, 0, RECORD.length, i * RECORD.length);
      if (mode === 'fdatasync') await handle.datasync();
      samples.push(performance.now() - started);
    }
  } finally {
    await handle.close();
  }
  samples.sort((a, b) => a - b);
  return `${name.padEnd(28)} p50 ${percentile(samples, 0.5).toFixed(3)} ms  p99 ${percentile(samples, 0.99).toFixed(3)} ms  max ${samples.at(-1)!.toFixed(3)} ms`;
}

export async function runWalSyncBench(count = 2000): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'wardgate-wal-sync-'));
  try {
    // Interleaved rounds so that drift in the shared disk's load hits every variant alike.
    for (let round = 0; round < 2; round++) {
      for (const [name, mode, pre] of [
        ['dsync, growing', 'dsync', false],
        ['dsync, preallocated', 'dsync', true],
        ['write+fdatasync, growing', 'fdatasync', false],
        ['write+fdatasync, prealloc', 'fdatasync', true],
      ] as const) {
        process.stdout.write(`round ${round + 1}  ${await measure(dir, `${name.replace(/\W+/g, '-')}-${round}`, count, mode, pre)}\n`);
      }
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await runWalSyncBench(Number(process.argv[2] ?? 2000));
