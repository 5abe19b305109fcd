import { describe, expect, it } from 'vitest';
import { compileAuditConfig } from './audit-config.js';

describe('compileAuditConfig', () => {
  it('fills every default from an empty section', () => {
    const config = compileAuditConfig(undefined);
    expect(config).toEqual({
      sink: 'file',
      file: { path: 'wardgate-audit.jsonl' },
      kafka: { brokers: [], topic: 'wardgate.audit', clientId: 'wardgate', batchSize: 500, lingerMs: 20, compression: 'gzip', sendTimeoutMs: 10_000 },
      spool: { dir: 'wardgate-audit-spool', maxBytes: 1024 ** 3, segmentMaxBytes: 16 * 1024 ** 2 },
      durability: 'durable',
      queueMaxEvents: 50_000,
      checkpoint: { everyEvents: 100, everyMs: 10_000 },
      signing: { alg: 'ed25519', keyId: 'wardgate-audit' },
      failClosedWhenUndeliverable: true,
    });
    expect(Object.isFrozen(config.kafka)).toBe(true);
  });

  it('parses durations and sizes as users write them', () => {
    const config = compileAuditConfig({
      sink: 'kafka',
      kafka: { brokers: ['kafka-0:9092', 'kafka-1:9092'], lingerMs: '50ms', sasl: { mechanism: 'scram-sha-512', username: 'wg', passwordFile: '/run/secrets/kafka' } },
      spool: { maxBytes: '256MiB' },
      checkpoint: { everyMs: '30s' },
      signing: { keyFile: '/run/secrets/audit.pem', keyId: 'prod-2026' },
    });
    expect(config.kafka).toMatchObject({ brokers: ['kafka-0:9092', 'kafka-1:9092'], lingerMs: 50 });
    expect(config.spool.maxBytes).toBe(256 * 1024 ** 2);
    expect(config.checkpoint.everyMs).toBe(30_000);
  });

  it.each([
    ['kafka without brokers', { sink: 'kafka' }, /audit\.kafka\.brokers: sink "kafka" needs at least one broker/],
    ['an unknown field', { kafak: {} }, /kafak/],
    ['a broker without port', { kafka: { brokers: ['kafka'] } }, /audit\.kafka\.brokers\.0: use host:port/],
    ['a bad duration', { checkpoint: { everyMs: 'soon' } }, /audit\.checkpoint\.everyMs: invalid duration/],
    ['a key id with "="', { signing: { keyId: 'a=b' } }, /audit\.signing\.keyId/],
  ])('rejects %s', (_name, input, message) => {
    expect(() => compileAuditConfig(input)).toThrow(message);
  });
});
