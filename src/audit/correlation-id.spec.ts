import { describe, expect, it } from 'vitest';
import { createCorrelationIdRecorder, isOpaqueId } from './correlation-id.js';

describe('correlation ids', () => {
  it.each([
    ['3f2b8c1e-9a4d-4e6f-8b2a-c1d2e3f4a5b6', true],
    ['0b1c2d3e4f5a6b7c8d9e', true],
    ['Zq8_3xK-p0Lw2Nv7Rt5Yb', true],
    ['req-1', false],
    ['078051120', false],
    ['0780511200000000', false],
    ['Jane Testperson', false],
    ['JaneTestperson-1970', false],
    ['jane.testperson@example.org', false],
    ['a'.repeat(65), false],
  ])('%s is opaque: %s', (id, opaque) => {
    expect(isOpaqueId(id)).toBe(opaque);
  });

  it('keeps opaque ids and records a keyed hash of the rest', () => {
    const record = createCorrelationIdRecorder(Buffer.alloc(32, 1));
    const other = createCorrelationIdRecorder(Buffer.alloc(32, 2));
    expect(record('3f2b8c1e-9a4d-4e6f-8b2a-c1d2e3f4a5b6')).toBe('3f2b8c1e-9a4d-4e6f-8b2a-c1d2e3f4a5b6');
    const hashed = record('Jane Testperson 078-05-1120');
    expect(hashed).toMatch(/^h:[0-9a-f]{32}$/);
    expect(record('Jane Testperson 078-05-1120')).toBe(hashed);
    expect(other('Jane Testperson 078-05-1120')).not.toBe(hashed);
    expect(createCorrelationIdRecorder(Buffer.alloc(32, 1), () => false)('0b1c2d3e4f5a6b7c8d9e')).toMatch(/^h:/);
  });

  it('keeps a canonical UUID (what Envoy generates) whatever its digits, so audit lines up with Envoy logs', () => {
    const record = createCorrelationIdRecorder(Buffer.alloc(32, 1), () => false);
    for (const id of ['5d3b743a-45d9-408d-8496-393113299ad3', '12345678-1234-4234-8234-123456789012']) expect(record(id)).toBe(id);
    expect(record('123-45-6789')).toMatch(/^h:/);
  });
});
