import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileAdminConfig } from './admin-config.js';
import { compileApprovalsConfig, compileGrantsConfig } from './approvals-config.js';
import { compileRedisConfig } from './redis-config.js';

describe('grants, approvals, admin and redis config', () => {
  it('fills documented defaults', () => {
    expect(compileGrantsConfig(undefined)).toEqual({ store: 'memory', maxTtlMs: 8 * 3_600_000 });
    expect(compileApprovalsConfig({})).toEqual({ store: 'memory', retentionMs: 7 * 86_400_000, sweepIntervalMs: 5000 });
    expect(compileAdminConfig(undefined)).toEqual({ enabled: true, adminGroups: [] });
    expect(compileRedisConfig({ url: 'redis://127.0.0.1:6379' })).toEqual({
      mode: 'single', url: 'redis://127.0.0.1:6379', keyPrefix: 'wardgate:', commandTimeoutMs: 500, connectTimeoutMs: 2000,
    });
  });

  it('reads secrets from files once', () => {
    const dir = mkdtempSync(join(tmpdir(), 'wardgate-cfg-'));
    writeFileSync(join(dir, 'hook'), 'https://hooks.example.org/T0/B0/xyz\n');
    writeFileSync(join(dir, 'pw'), 's3cret\n');
    expect(compileApprovalsConfig({ store: 'redis', webhook: { urlFile: join(dir, 'hook'), timeout: '2s' } }).webhook).toEqual({
      url: 'https://hooks.example.org/T0/B0/xyz', timeoutMs: 2000, maxAttempts: 5, initialBackoffMs: 250, maxBackoffMs: 5000,
    });
    expect(compileRedisConfig({ mode: 'cluster', nodes: ['10.0.0.1:6379', '[::1]:7000'], passwordFile: join(dir, 'pw') })).toMatchObject({
      nodes: [{ host: '10.0.0.1', port: 6379 }, { host: '::1', port: 7000 }],
      password: 's3cret',
    });
  });

  it.each([
    { name: 'maxTtl not a duration', run: () => compileGrantsConfig({ maxTtl: 'forever' }), message: /invalid duration/ },
    { name: 'both url and urlFile', run: () => compileApprovalsConfig({ webhook: { url: 'https://x.example', urlFile: '/f' } }), message: /exactly one of url and urlFile/ },
    { name: 'unknown approvals field', run: () => compileApprovalsConfig({ pendingTTL: '5m' }), message: /pendingTTL/ },
    { name: 'admin groups not strings', run: () => compileAdminConfig({ adminGroups: [1] }), message: /adminGroups/ },
  ])('refuses $name', ({ run, message }) => {
    expect(run).toThrow(message);
  });
});
