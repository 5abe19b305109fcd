import { generateKeyPairSync } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../clock/clock.js';
import type { WardgateError } from '../errors/wardgate-error.js';
import { createSilentLogger } from '../logging/logger.js';
import type { AuditEventInput } from './audit-event.js';
import { createAuditChain } from './audit-chain.js';
import type { AuditSinkHealth } from './audit-sink.js';
import { createEd25519Signer } from './audit-signer.js';
import { ChainedAuditSinkBase } from './chained-audit-sink-base.js';
import type { SealedAuditEvent } from './sealed-audit-event.js';

const decision: AuditEventInput = { kind: 'access.decision', correlationId: 'req-1' };

/** Records what reaches `write`, in order. */
class RecordingSink extends ChainedAuditSinkBase {
  readonly written: number[] = [];

  constructor() {
    const clock = new ManualClock();
    const signer = createEd25519Signer('k1', generateKeyPairSync('ed25519').privateKey);
    super({ chain: createAuditChain({ chainId: 'host-a', signer, clock }), checkpointEveryEvents: 1000, checkpointEveryMs: 60_000, queueMaxEvents: 100, clock, logger: createSilentLogger() });
  }

  protected refusal(): WardgateError | undefined {
    return undefined;
  }

  protected write(event: SealedAuditEvent): Promise<void> {
    this.written.push(event.chain.seq);
    return Promise.resolve();
  }

  protected closeSink(): Promise<void> {
    return Promise.resolve();
  }

  protected sinkHealth(): AuditSinkHealth {
    return { ready: true, pending: 0 };
  }
}

/** How many events reached `write` when a callback queued on this turn (before the emits) ran. */
function writtenByNextTurn(sink: RecordingSink): Promise<number> {
  return new Promise((resolve) => setImmediate(() => resolve(sink.written.length)));
}

describe('ChainedAuditSinkBase sealing', () => {
  let sink: RecordingSink;
  afterEach(() => sink.close());

  it('hands an event nobody waits for to the disk on the next turn, batched', async () => {
    sink = new RecordingSink();
    const seen = writtenByNextTurn(sink);
    sink.emit(decision);
    sink.emit(decision);
    expect(await seen).toBe(0);
    await sink.flush();
    expect(sink.written).toEqual([1, 2]);
  });

  it('hands an awaited event to the disk at the end of its task, with what was unsealed before it, in order', async () => {
    sink = new RecordingSink();
    const seen = writtenByNextTurn(sink);
    sink.emit(decision);
    const receipt = sink.emit(decision, { awaited: true });
    expect(sink.written).toEqual([]);
    expect(await seen).toBe(2);
    expect(await receipt.durable).toBeUndefined();
    sink.emit(decision);
    await sink.flush();
    expect(sink.written).toEqual([1, 2, 3]);
  });
});
