import { describe, expect, it } from 'vitest';
import { loadWardgateConfig } from './wardgate-config.js';
import { configForWorker, readWorkerSlot, WORKER_SLOT_ENV, workerSlotEnv } from './worker-slot.js';

describe('worker slot', () => {
  it('is absent outside a cluster and read back as the primary wrote it', () => {
    expect(readWorkerSlot({})).toBeUndefined();
    expect(readWorkerSlot({ [WORKER_SLOT_ENV]: workerSlotEnv({ index: 1, count: 2 }) })).toEqual({ index: 1, count: 2 });
  });

  it.each(['1', '2/2', '-1/2', 'a/b', '0/0', '1/2 '])('refuses %j', (raw) => {
    expect(() => readWorkerSlot({ [WORKER_SLOT_ENV]: raw })).toThrow(/WARDGATE_WORKER_SLOT must be <index>\/<count>/);
  });

  it('gives each worker its own write-ahead log directory and leaves the rest as configured', () => {
    const config = loadWardgateConfig({
      raw: { server: { processes: 2 }, audit: { sink: 'kafka', kafka: { brokers: ['127.0.0.1:9092'] }, spool: { dir: '/var/lib/wardgate/spool' } } },
      env: { WARDGATE_REDIS_URL: 'redis://127.0.0.1:6379' },
    });
    const second = configForWorker(config, { index: 1, count: 2 });
    expect(second.audit.spool.dir).toBe('/var/lib/wardgate/spool/worker-1');
    expect(configForWorker(config, { index: 0, count: 2 }).audit.spool.dir).toBe('/var/lib/wardgate/spool/worker-0');
    expect(second.audit.kafka).toEqual(config.audit.kafka);
    expect(second.server).toBe(config.server);
    expect(config.audit.spool.dir).toBe('/var/lib/wardgate/spool');
  });
});
