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

describe('server.processes', () => {
  const redis = { WARDGATE_REDIS_URL: 'redis://127.0.0.1:6379' };
  const kafka = { sink: 'kafka', kafka: { brokers: ['127.0.0.1:9092'] } };

  it('is 1 by default, a positive integer, or auto for the available cores', async () => {
    const { availableParallelism } = await import('node:os');
    expect(loadWardgateConfig({ env: {} }).server.processes).toBe(1);
    expect(loadWardgateConfig({ raw: { server: { processes: 3 }, audit: kafka }, env: redis }).server.processes).toBe(3);
    expect(loadWardgateConfig({ raw: { server: { processes: 'auto' }, audit: kafka }, env: redis }).server.processes).toBe(availableParallelism());
  });

  it.each([0, -1, 1.5, 'two', '2'])('refuses %j, naming the field', (processes) => {
    expect(() => loadWardgateConfig({ raw: { server: { processes } }, env: redis })).toThrow(/server\.processes: must be a positive integer or "auto"/);
  });

  it('refuses more than one process while grants or approvals are in memory, saying why', () => {
    expect(() => loadWardgateConfig({ raw: { server: { processes: 2 } }, env: {} })).toThrow(
      /server\.processes: 2 processes need grants\.store, approvals\.store in Redis \(memory stores are per process/,
    );
    expect(() => loadWardgateConfig({ raw: { server: { processes: 2 }, approvals: { store: 'memory' } }, env: redis })).toThrow(/need approvals\.store in Redis/);
    // One process keeps today's embedded default.
    expect(loadWardgateConfig({ raw: { server: { processes: 1 } }, env: {} }).grants.store).toBe('memory');
  });

  it('refuses more than one process with console sessions in memory', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'wardgate-config-'));
    const secret = path.join(dir, 'secret');
    writeFileSync(secret, 's3cret\n');
    const console = { issuer: 'https://idp.example', clientId: 'c', clientSecretFile: secret, redirectUrl: 'https://wg.example/console/callback', sessionStore: 'memory' };
    expect(() => loadWardgateConfig({ raw: { server: { processes: 2 }, console }, env: redis })).toThrow(/need console\.sessionStore in Redis/);
    expect(loadWardgateConfig({ raw: { server: { processes: 2 }, audit: kafka, console: { ...console, sessionStore: 'redis' } }, env: redis }).server.processes).toBe(2);
  });

  it('refuses more than one process writing one audit file', () => {
    expect(() => loadWardgateConfig({ raw: { server: { processes: 2 } }, env: redis })).toThrow(/server\.processes: 2 processes need audit\.sink: kafka/);
    expect(loadWardgateConfig({ raw: { server: { processes: 1 } }, env: redis }).audit.sink).toBe('file');
  });
});
