import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../clock/clock.js';
import { ErrorCode, WardgateError } from '../errors/wardgate-error.js';
import { createSilentLogger } from '../logging/logger.js';
import { createAuditChain } from './audit-chain.js';
import type { AuditEventInput } from './audit-event.js';
import { createHmacSigner } from './audit-signer.js';
import { verifyAuditEvents } from './audit-verifier.js';
import { JsonlFileAuditSink, type JsonlFileAuditSinkOptions } from './jsonl-file-audit-sink.js';
import { readJsonlAuditFile } from './jsonl-audit-reader.js';

const hmacKey = Buffer.alloc(32, 9);
const event: AuditEventInput = { kind: 'grant.used', grant: { id: 'g1', usesLeft: 1 } };

function options(path: string, overrides: Partial<JsonlFileAuditSinkOptions> = {}): JsonlFileAuditSinkOptions {
  const clock = new ManualClock();
  return {
    chain: createAuditChain({ chainId: `c-${Math.random()}`, signer: createHmacSigner('h1', hmacKey), clock }),
    clock,
    path,
    fsync: 'batch',
    queueMaxEvents: 1000,
    checkpointEveryEvents: 100,
    checkpointEveryMs: 60_000,
    failClosed: true,
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

  it.each(['batch', 'always'] as const)('appends sealed events; flush makes them durable (fsync %s)', async (fsync) => {
    const path = join(dir, 'nested', 'audit.jsonl');
    const sink = await JsonlFileAuditSink.create(options(path, { fsync, checkpointEveryEvents: 3 }));
    for (let i = 0; i < 7; i++) sink.emit(event);
    expect(sink.health()).toMatchObject({ ready: true, pending: 7 }); // not sealed yet: no checkpoints
    await sink.flush();
    expect(sink.health()).toMatchObject({ ready: true, pending: 0 });
    expect((await lines(path)).map((l) => l.kind)).toEqual([
      'grant.used', 'grant.used', 'grant.used', 'chain.checkpoint', 'grant.used', 'grant.used', 'grant.used', 'chain.checkpoint', 'grant.used',
    ]);
    await sink.close();
    await sink.close();
    expect((await lines(path)).at(-1)!.kind).toBe('chain.checkpoint');
    expect(() => sink.emit(event)).toThrow(/closed/);
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
    sink.emit({ kind: 'service.stopped', details: { bad: Number.NaN } });
    await sink.flush();
    expect(opts.chain.lastSeq).toBe(1);
    const [written] = (await readFile(path, 'utf8')).trimEnd().split('\n').map((l) => JSON.parse(l) as { time: string; grant: { id: string } });
    expect(written).toMatchObject({ time: '2026-01-01T00:00:00.000Z', grant: { id: 'g1' } });
    expect(sink.droppedEvents).toBe(1);
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

  it('fails closed once the disk refuses writes (/dev/full)', async () => {
    const sink = await JsonlFileAuditSink.create(options('/dev/full'));
    sink.emit(event);
    await expect(sink.flush()).rejects.toMatchObject({ code: ErrorCode.Unavailable });
    expect(sink.health()).toMatchObject({ ready: false, pending: 1 });
    const error = (() => {
      try {
        sink.emit(event);
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(WardgateError);
    expect((error as WardgateError).code).toBe(ErrorCode.Unavailable);
    await expect(sink.close()).rejects.toBeInstanceOf(WardgateError);
  });

  it('drops and counts instead when failClosed is off', async () => {
    const sink = await JsonlFileAuditSink.create(options('/dev/full', { failClosed: false }));
    sink.emit(event);
    await sink.flush().catch(() => undefined);
    expect(() => sink.emit(event)).not.toThrow();
    expect(sink.droppedEvents).toBe(1);
    expect(sink.health().detail).toMatch(/1 events dropped/);
    await sink.close().catch(() => undefined);
  });

  it('refuses beyond queueMaxEvents', async () => {
    const sink = await JsonlFileAuditSink.create(options(join(dir, 'a.jsonl'), { queueMaxEvents: 3, checkpointEveryEvents: 1000 }));
    for (let i = 0; i < 3; i++) sink.emit(event);
    expect(() => sink.emit(event)).toThrow(/audit queue full/);
    await sink.close();
  });
});
