import { describe, expect, it } from 'vitest';
import { ErrorCode, WardgateError } from '../errors/wardgate-error.js';
import { createSilentLogger } from '../logging/logger.js';
import type { AuditEventInput } from '../audit/audit-event.js';
import { runStopSteps, stopSteps, type StoppableParts } from './stop-steps.js';

/** Every part of a running Wardgate, logging what is done to it; `fail` names the calls that throw. */
function parts(fail: string[] = []): { parts: StoppableParts; calls: string[] } {
  const calls: string[] = [];
  const act = (name: string): Promise<void> => {
    calls.push(name);
    return fail.includes(name) ? Promise.reject(new WardgateError(ErrorCode.Unavailable, `${name} failed`)) : Promise.resolve();
  };
  return {
    calls,
    parts: {
      audit: {
        chainId: 'c1',
        emit: () => ({ refused: undefined, durable: Promise.resolve(undefined) }),
        health: () => ({ ready: true, pending: 0 }),
        flush: () => act('audit.flush'),
        close: () => act('audit.close'),
      },
      recorder: {
        record: (event: AuditEventInput) => {
          calls.push(`record ${event.kind}`);
          // A refused service.stopped reports, never throws (the recorder's contract).
          return Promise.resolve(fail.includes('record') ? new WardgateError(ErrorCode.Unavailable, 'refused') : undefined);
        },
      },
      policy: { close: () => void calls.push('policy.close') },
      approvalEvents: { stop: () => act('approvalEvents.stop') },
      approvals: { close: () => act('approvals.close') },
      grants: { close: () => act('grants.close') },
      redis: { quit: () => act('redis.quit'), disconnect: () => void calls.push('redis.disconnect') },
    },
  };
}

describe('stopSteps: the stop order, written once', () => {
  it('flushes audit, stops producers (event streams before the approvals they read), closes stores, records service.stopped last, then closes audit', async () => {
    const { parts: p, calls } = parts();
    expect(await runStopSteps(stopSteps(p), createSilentLogger())).toEqual([]);
    expect(calls).toEqual(['audit.flush', 'policy.close', 'approvalEvents.stop', 'approvals.close', 'grants.close', 'redis.quit', 'record service.stopped', 'audit.close']);
  });

  it('runs every later step when one fails or the sink refuses service.stopped: the sink is closed and Redis too', async () => {
    const { parts: p, calls } = parts(['audit.flush', 'grants.close', 'record', 'redis.quit']);
    const failed = await runStopSteps(stopSteps(p), createSilentLogger());
    expect(failed).toEqual(['flush audit', 'close grants']);
    expect(calls).toEqual(['audit.flush', 'policy.close', 'approvalEvents.stop', 'approvals.close', 'grants.close', 'redis.quit', 'redis.disconnect', 'record service.stopped', 'audit.close']);
  });

  it('stops only what a half-done start had started', async () => {
    const { parts: all, calls } = parts();
    const { audit, recorder, redis } = all;
    await runStopSteps(stopSteps({ audit, recorder, redis }), createSilentLogger());
    expect(calls).toEqual(['audit.flush', 'redis.quit', 'record service.stopped', 'audit.close']);
    expect(stopSteps({})).toEqual([]);
  });
});

describe('stopSteps with tracing', () => {
  it('shuts tracing down last, after the audit log closed (its spans are exported too)', async () => {
    const { parts: p, calls } = parts();
    p.tracer = { shutdown: () => Promise.resolve(void calls.push('tracer.shutdown')) };
    expect(await runStopSteps(stopSteps(p), createSilentLogger())).toEqual([]);
    expect(calls.slice(-2)).toEqual(['audit.close', 'tracer.shutdown']);
  });
});
