import { describe, expect, it } from 'vitest';
import { loadWardgateConfig } from './wardgate-config.js';

describe('tracing config', () => {
  it('is off by default, with a bounded queue', () => {
    const { tracing } = loadWardgateConfig({ env: {} });
    expect(tracing.enabled).toBe(false);
    expect(tracing.endpoint).toBe('http://127.0.0.1:4318/v1/traces');
    expect(tracing.maxQueueSize).toBe(2048);
    expect(tracing.scheduledDelay).toBe(2_000);
  });

  it('compiles what a user writes (durations in milliseconds)', () => {
    const { tracing } = loadWardgateConfig({
      env: {},
      raw: { tracing: { enabled: true, endpoint: 'https://otel.example:4318/v1/traces', headers: { authorization: 'Bearer x' }, scheduledDelay: '250ms', sampleRatio: 0.5 } },
    });
    expect(tracing).toMatchObject({ enabled: true, endpoint: 'https://otel.example:4318/v1/traces', headers: { authorization: 'Bearer x' }, scheduledDelay: 250, sampleRatio: 0.5 });
  });

  it.each([
    [{ endpoint: 'otel:4318' }, 'tracing.endpoint'],
    [{ endpoint: 'grpc://otel:4317' }, 'tracing.endpoint'],
    [{ sampleRatio: 2 }, 'tracing.sampleRatio'],
    [{ maxQueueSize: 10, maxExportBatchSize: 20 }, 'tracing.maxExportBatchSize'],
    [{ exporter: 'zipkin' }, 'tracing'],
  ])('names the bad field of %j', (tracing, field) => {
    expect(() => loadWardgateConfig({ env: {}, raw: { tracing } })).toThrow(field);
  });
});
