import { describe, expect, it } from 'vitest';
import { ErrorCode, WardgateError } from '../errors/wardgate-error.js';
import { createSilentLogger } from '../logging/logger.js';
import type { AuditEventInput } from './audit-event.js';
import { SinkAuditRecorder, type AuditStakes } from './audit-recorder.js';
import type { AuditReceipt, AuditSink } from './audit-sink.js';

/** A sink whose receipts the test settles by hand. */
function fakeSink(behaviour: 'refuse' | 'fail-later' | 'keep') {
  const settle: Array<(e: WardgateError | undefined) => void> = [];
  const sink: AuditSink = {
    emit(): AuditReceipt {
      if (behaviour === 'refuse') {
        const refused = new WardgateError(ErrorCode.ResourceExhausted, 'audit log full');
        return { refused, durable: Promise.resolve(refused) };
      }
      return { refused: undefined, durable: new Promise((resolve) => settle.push(resolve)) };
    },
    health: () => ({ ready: true, pending: 0 }),
    flush: () => Promise.resolve(),
    close: () => Promise.resolve(),
  };
  const finish = (): void => {
    for (const s of settle.splice(0)) s(behaviour === 'fail-later' ? new WardgateError(ErrorCode.Unavailable, 'audit log write failed') : undefined);
  };
  return { sink, finish };
}

const event: AuditEventInput = { kind: 'access.decision', correlationId: 'r1' };

describe('SinkAuditRecorder: the one place a refused event gets its meaning', () => {
  it.each<[AuditStakes, boolean, 'fails' | 'goes on']>([
    ['phi_request', true, 'fails'],
    ['phi_request', false, 'goes on'],
    ['request', true, 'goes on'],
    ['admin', true, 'fails'],
    ['admin', false, 'fails'],
    ['record', true, 'goes on'],
  ])('a refused %s event (failClosed %s): the caller %s; it is counted once', async (stakes, failClosed, expected) => {
    for (const behaviour of ['refuse', 'fail-later'] as const) {
      const { sink, finish } = fakeSink(behaviour);
      let counted = 0;
      const recorder = new SinkAuditRecorder({ sink, durability: 'durable', failClosed, logger: createSilentLogger(), onRefused: () => counted++ });
      const result = recorder.record(event, stakes);
      finish();
      const error = await result;
      await new Promise((resolve) => setImmediate(resolve));
      expect(error === undefined ? 'goes on' : 'fails').toBe(expected);
      expect(counted).toBe(1);
    }
  });

  it('durable mode: a request waits until its event is on disk; queued mode: it does not wait', async () => {
    const durable = fakeSink('keep');
    let settled = false;
    const waiting = new SinkAuditRecorder({ sink: durable.sink, durability: 'durable', failClosed: true, logger: createSilentLogger(), onRefused: () => undefined })
      .record(event, 'phi_request')
      .then(() => (settled = true));
    await new Promise((resolve) => setImmediate(resolve));
    expect(settled).toBe(false);
    durable.finish();
    await waiting;
    expect(settled).toBe(true);

    const queued = fakeSink('fail-later');
    let counted = 0;
    const recorder = new SinkAuditRecorder({ sink: queued.sink, durability: 'queued', failClosed: true, logger: createSilentLogger(), onRefused: () => counted++ });
    expect(await recorder.record(event, 'phi_request')).toBeUndefined();
    queued.finish();
    await new Promise((resolve) => setImmediate(resolve));
    expect(counted).toBe(1); // the late failure is still seen
    // A refusal known at emit still fails a PHI request in queued mode.
    const full = fakeSink('refuse');
    const strict = new SinkAuditRecorder({ sink: full.sink, durability: 'queued', failClosed: true, logger: createSilentLogger(), onRefused: () => undefined });
    expect((await strict.record(event, 'phi_request'))?.code).toBe(ErrorCode.ResourceExhausted);
  });

  it('never rejects, whatever the stakes', async () => {
    const { sink } = fakeSink('refuse');
    const recorder = new SinkAuditRecorder({ sink, durability: 'durable', failClosed: true, logger: createSilentLogger(), onRefused: () => undefined });
    for (const stakes of ['phi_request', 'request', 'admin', 'record'] as const) await expect(recorder.record(event, stakes)).resolves.not.toThrow();
  });
});
