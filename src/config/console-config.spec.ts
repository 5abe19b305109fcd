import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadWardgateConfig } from './wardgate-config.js';

const dir = mkdtempSync(path.join(tmpdir(), 'wardgate-console-config-'));
const secretFile = path.join(dir, 'secret');
writeFileSync(secretFile, 's3cret\n');
const base = { issuer: 'https://idp.example.org', clientId: 'wardgate-console', clientSecretFile: secretFile };
const load = (console: Record<string, unknown>, extra: Record<string, unknown> = {}) => loadWardgateConfig({ raw: { console, ...extra }, env: {} });

describe('console config', () => {
  it('is off unless console.issuer is set', () => {
    expect(loadWardgateConfig({ env: {} }).console).toBeUndefined();
    expect(load({ clientId: 'x' }).console).toBeUndefined();
  });

  it('is on with three lines when admin.publicUrl gives the redirect URL', () => {
    const config = load(base, { admin: { publicUrl: 'https://wardgate.example.org' } }).console!;
    expect(config.redirectUrl).toBe('https://wardgate.example.org/console/callback');
    expect(config.origin).toBe('https://wardgate.example.org');
    expect(config.clientSecret).toBe('s3cret');
    expect(config.sessionStore).toBe('memory');
    expect(config.idleTimeoutMs).toBe(30 * 60_000);
    expect(config.absoluteTimeoutMs).toBe(8 * 3_600_000);
  });

  it('uses Redis for sessions when a redis section is set', () => {
    expect(load({ ...base, redirectUrl: 'https://w.example.org/console/callback' }, { redis: { url: 'redis://127.0.0.1:6379' } }).console!.sessionStore).toBe('redis');
  });

  it.each([
    [{ issuer: base.issuer, clientSecretFile: secretFile, redirectUrl: 'https://w.example.org/cb' }, 'console.clientId'],
    [{ issuer: base.issuer, clientId: 'c', redirectUrl: 'https://w.example.org/cb' }, 'console.clientSecretFile'],
    [base, 'console.redirectUrl'],
    [{ ...base, redirectUrl: 'http://wardgate.example.org/console/callback' }, 'console.redirectUrl: must be https'],
    [{ ...base, redirectUrl: 'https://w.example.org/cb', scopes: ['profile'] }, 'console.scopes'],
    [{ ...base, redirectUrl: 'https://w.example.org/cb', idleTimeout: '2h', absoluteTimeout: '1h' }, 'console.absoluteTimeout'],
    [{ ...base, redirectUrl: 'https://w.example.org/cb', sessionStore: 'redis' }, 'console.sessionStore'],
    [{ ...base, redirectUrl: 'https://w.example.org/cb', clientSecretFile: path.join(dir, 'missing') }, 'console.clientSecretFile: cannot read'],
    [{ ...base, issuer: 'not a url' }, 'console.issuer'],
  ])('names the field in the error (%#)', (console, field) => {
    expect(() => load(console)).toThrow(field);
  });

  it('needs the admin API it calls', () => {
    expect(() => load({ ...base, redirectUrl: 'https://w.example.org/cb' }, { admin: { enabled: false } })).toThrow('console.issuer: the console calls the admin API');
  });

  it('allows plain http only on loopback (tests)', () => {
    expect(load({ ...base, redirectUrl: 'http://127.0.0.1:9090/console/callback' }).console!.origin).toBe('http://127.0.0.1:9090');
  });
});
