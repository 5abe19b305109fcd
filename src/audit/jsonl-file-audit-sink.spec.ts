import { appendFile, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../clock/clock.js';
import { ErrorCode } from '../errors/wardgate-error.js';
import { createSilentLogger } from '../logging/logger.js';
import { createAuditChain } from './audit-chain.js';
import type { AuditEventInput } from './audit-event.js';
import { createHmacSigner } from './audit-signer.js';
import { verifyAuditEvents } from './audit-verifier.js';
import { JsonlFileAuditSink, type JsonlFileAuditSinkOptions } from './jsonl-file-audit-sink.js';
import { readJsonlAuditFile } from './jsonl-audit-reader.js';
import { openFlagsOf } from '../../test/support/open-flags.js';
import { constants, realpathSync } from 'node:fs';

const hmacKey = Buffer.alloc(32, 9);
const event: AuditEventInput = { kind: 'grant.used', grant: { id: 'g1', usesLeft: 1 } };

function options(path: string, overrides: Partial<JsonlFileAuditSinkOptions> = {}): JsonlFileAuditSinkOptions {
  const clock = new ManualClock();
  return {
    chain: createAuditChain({ chainId: `c-${Math.random()}`, signer: createHmacSigner('h1', hmacKey), clock }),
    clock,
    path,
    queueMaxEvents: 1000,
    checkpointEveryEvents: 100,
    checkpointEveryMs: 60_000,
    logger: createSilentLogger(),
    ...overrides,
  };
}

async function lines(path: string): Promise<{ kind: string; chain: { id: string; seq: number } }[]> {
  return (await readFile(path, 'utf8')).trimEnd().split('\n').map((l) => JSON.parse(l) as { kind: string; chain: { id: string; seq: number } });
}

describe('JsonlFileAuditSink', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'wardgate-audit-file-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('appends sealed events; each receipt settles once the event is on disk, one sync for a burst', async () => {
    const path = join(dir, 'nested', 'audit.jsonl');
    const commits: number[] = [];
    const sink = await JsonlFileAuditSink.create(options(path, { checkpointEveryEvents: 3, onCommit: (records) => commits.push(records) }));
    const receipts = Array.from({ length: 7 }, () => sink.emit(event));
    expect(receipts.every((r) => r.refused === undefined)).toBe(true);
    expect(sink.health()).toMatchObject({ ready: true, pending: 7 }); // not sealed yet: no checkpoints
    expect(await Promise.all(receipts.map((r) => r.durable))).toEqual(Array(7).fill(undefined));
    // Every event a settled receipt speaks for is in the file already.
    expect((await lines(path)).map((l) => l.kind)).toEqual([
      'grant.used', 'grant.used', 'grant.used', 'chain.checkpoint', 'grant.used', 'grant.used', 'grant.used', 'chain.checkpoint', 'grant.used',
    ]);
    expect(commits.reduce((a, b) => a + b, 0)).toBe(9);
    expect(commits.length).toBeLessThanOrEqual(3);
    expect(sink.health()).toMatchObject({ ready: true, pending: 0 });
    await sink.close();
    await sink.close();
    expect((await lines(path)).at(-1)!.kind).toBe('chain.checkpoint');
    const late = sink.emit(event);
    expect(late.refused?.message).toMatch(/closed/);
    expect(await late.durable).toBe(late.refused);
  });

  it('stamps time at emit, seals after, and detaches the event from the caller', async () => {
    const path = join(dir, 'audit.jsonl');
    const opts = options(path);
    const sink = await JsonlFileAuditSink.create(opts);
    const input = structuredClone(event);
    sink.emit(input);
    input.grant!.id = 'changed';
    expect(opts.chain.lastSeq).toBe(0);
    (opts.clock as ManualClock).advance(5000);
    const unsealable = sink.emit({ kind: 'service.stopped', details: { bad: Number.NaN } });
    await sink.flush();
    expect(opts.chain.lastSeq).toBe(1);
    const [written] = (await readFile(path, 'utf8')).trimEnd().split('\n').map((l) => JSON.parse(l) as { time: string; grant: { id: string } });
    expect(written).toMatchObject({ time: '2026-01-01T00:00:00.000Z', grant: { id: 'g1' } });
    expect((await unsealable.durable)?.code).toBe(ErrorCode.InvalidArgument);
    await sink.close();
  });

  it('keeps one chain per process in one file, and the file verifies', async () => {
    const path = join(dir, 'audit.jsonl');
    for (let run = 0; run < 2; run++) {
      const sink = await JsonlFileAuditSink.create(options(path));
      for (let i = 0; i < 4; i++) sink.emit(event);
      await sink.close();
    }
    const report = await verifyAuditEvents(readJsonlAuditFile(path), { keys: new Map([['h1', hmacKey]]) });
    expect(report.ok).toBe(true);
    expect(report.chains.map((c) => [c.events, c.unsignedTail])).toEqual([[5, 0], [5, 0]]);
  });

  it('cuts a torn last line left by a crash, so the next chain starts on its own line and the file verifies', async () => {
    const path = join(dir, 'audit.jsonl');
    const first = await JsonlFileAuditSink.create(options(path));
    for (let i = 0; i < 3; i++) await first.emit(event).durable;
    // Killed mid-write: half a line, no checkpoint.
    await appendFile(path, '{"schemaVersion":"1.0.0","id":"0190');
    const second = await JsonlFileAuditSink.create(options(path));
    await second.emit(event).durable;
    await second.close();
    const report = await verifyAuditEvents(readJsonlAuditFile(path), { keys: new Map([['h1', hmacKey]]) });
    expect(report.findings).toEqual([]);
    expect(report.chains.map((c) => c.events)).toEqual([3, 2]);
    await first.close();
  });

  it('adds a checkpoint on the timer while events are pending', async () => {
    const path = join(dir, 'audit.jsonl');
    const sink = await JsonlFileAuditSink.create(options(path, { checkpointEveryMs: 20 }));
    sink.emit(event);
    await new Promise((resolve) => setTimeout(resolve, 80));
    await sink.flush();
    expect((await lines(path)).map((l) => l.kind)).toEqual(['grant.used', 'chain.checkpoint']);
    await sink.close();
    expect(await lines(path)).toHaveLength(2);
  });

  it('reports a disk that refuses writes (/dev/full) in the receipt, never by throwing, and recovers', async () => {
    const sink = await JsonlFileAuditSink.create(options('/dev/full'));
    const receipt = sink.emit(event);
    expect(receipt.refused).toBeUndefined();
    expect((await receipt.durable)?.code).toBe(ErrorCode.Unavailable);
    await expect(sink.flush()).resolves.toBeUndefined();
    expect(sink.health()).toMatchObject({ ready: false });
    expect(sink.refusedEvents).toBe(1);
    await expect(sink.close()).resolves.toBeUndefined();

    let failing = true;
    const path = join(dir, 'flaky.jsonl');
    const flaky = await JsonlFileAuditSink.create(options(path, {
      sync: async (handle) => {
        if (failing) throw Object.assign(new Error('EIO'), { code: 'EIO' });
        await handle.datasync();
      },
    }));
    expect((await flaky.emit(event).durable)?.code).toBe(ErrorCode.Unavailable);
    failing = false;
    expect(await flaky.emit(event).durable).toBeUndefined();
    expect(flaky.health().ready).toBe(true);
    await flaky.close();
    // The failed write was cut off: only the second event (and the closing checkpoint) are there.
    expect((await lines(path)).map((l) => l.chain.seq)).toEqual([2, 3]);
  });

  it.runIf(process.platform === 'linux')('opens the file O_DSYNC, so that a write returns only once it is durable (one pool trip per group commit)', async () => {
    const path = join(realpathSync(dir), 'dsync.jsonl');
    const sink = await JsonlFileAuditSink.create(options(path));
    expect(await sink.emit(event).durable).toBeUndefined();
    const flags = openFlagsOf(path);
    expect(flags).toHaveLength(1);
    expect(flags[0]! & constants.O_DSYNC).toBe(constants.O_DSYNC);
    await sink.close();
  });

  it('refuses beyond queueMaxEvents, at emit', async () => {
    const sink = await JsonlFileAuditSink.create(options(join(dir, 'a.jsonl'), { queueMaxEvents: 3, checkpointEveryEvents: 1000 }));
    for (let i = 0; i < 3; i++) expect(sink.emit(event).refused).toBeUndefined();
    expect(sink.emit(event).refused?.message).toMatch(/audit queue full/);
    await sink.close();
  });
});
