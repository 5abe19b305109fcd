import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadWardgateConfig } from './wardgate-config.js';

describe('loadWardgateConfig', () => {
  it('gives the embedded defaults when nothing is configured', () => {
    const config = loadWardgateConfig({ env: {} });
    expect(config.server.grpc.port).toBe(9000);
    expect(config.server.http.port).toBe(9090);
    expect(config.grants.store).toBe('memory');
    expect(config.approvals.store).toBe('memory');
    expect(config.audit.sink).toBe('file');
    expect(config.audit.file.path).toBe('wardgate-audit.jsonl');
    expect(config.policy.file).toBeUndefined();
    expect(Object.isFrozen(config.server)).toBe(true);
  });

  it('uses Redis and Kafka when their addresses are given', () => {
    const config = loadWardgateConfig({ env: { WARDGATE_REDIS_URL: 'redis://127.0.0.1:6379', WARDGATE_KAFKA_BROKERS: '127.0.0.1:9092' } });
    expect(config.grants.store).toBe('redis');
    expect(config.approvals.store).toBe('redis');
    expect(config.audit.sink).toBe('kafka');
    expect(config.audit.kafka.brokers).toEqual(['127.0.0.1:9092']);
  });

  it('reads YAML and names every bad field', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'wardgate-config-'));
    const file = path.join(dir, 'config.yaml');
    writeFileSync(file, 'server:\n  grpc:\n    port: "x"\nextproc:\n  unknownContentType: maybe\nsurprise: 1\n');
    let message = '';
    try {
      loadWardgateConfig({ file, env: {} });
    } catch (err: unknown) {
      message = (err as Error).message;
    }
    expect(message).toContain('server.grpc.port');
    expect(message).toContain('extproc.unknownContentType');
    expect(message).toMatch(/surprise/);
  });

  it('refuses YAML that does not parse, and a Redis store without Redis', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'wardgate-config-'));
    const file = path.join(dir, 'config.yaml');
    writeFileSync(file, 'server: [unclosed\n');
    expect(() => loadWardgateConfig({ file, env: {} })).toThrow(/not valid YAML/);
    expect(() => loadWardgateConfig({ raw: { grants: { store: 'redis' } }, env: {} })).toThrow(/redis/);
  });
});

describe('the example configuration', () => {
  it('is valid', async () => {
    const { packageRoot } = await import('./package-root.js');
    const config = loadWardgateConfig({ file: path.join(packageRoot(), 'examples', 'config', 'wardgate.yaml'), env: {} });
    expect(config.identity.issuers).toHaveLength(1);
    expect(config.masking.profiles[0]?.name).toBe('billing');
  });
});
