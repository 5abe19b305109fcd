import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalHost, canonicalPath, canonicalPathPattern } from './request-path.js';

describe('canonicalPath', () => {
  it.each([
    ['/Patient/123', '/Patient/123'],
    ['/', '/'],
    ['', '/'],
    ['Patient', '/Patient'],
    ['/Patient/', '/Patient'],
    ['//Patient///1//', '/Patient/1'],
    ['/a/./b/../c', '/a/c'],
    ['/../../etc', '/etc'],
    ['/%50atient/%31', '/Patient/1'],
    ['/a%2Fb/%5c', '/a%2Fb/%5C'],
    ['/a%00b', '/a%00b'],
    ['/a;jsessionid=1/b', '/a/b'],
    ['/a/..;/b', '/b'],
    ['/a;/../b', '/b'],
    ['/a/%2e%2e/b', '/b'],
    ['/a/%3Bx', '/a'],
    ['/;x/a', '/a'],
  ])('%s → %s', (raw, expected) => {
    expect(canonicalPath(raw)).toBe(expected);
  });

  it('is idempotent and leaves nothing to resolve', () => {
    const piece = fc.constantFrom('a', 'B', '.', '..', '', ';', ';x=1', '%2e', '%2E%2e', '%2F', '%3B', '%41', '..;', '$export', '%');
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 12 }), fc.array(fc.constantFrom('/', '//'), { maxLength: 12 }), (pieces, slashes) => {
        const raw = pieces.map((p, i) => `${slashes[i] ?? '/'}${p}`).join('');
        const once = canonicalPath(raw);
        expect(canonicalPath(once)).toBe(once);
        expect(once.startsWith('/')).toBe(true);
        expect(once).not.toMatch(/\/\/|\/\.{1,2}(\/|$)|;/);
        if (once.length > 1) expect(once.endsWith('/')).toBe(false);
      }),
    );
  });
});

describe('canonicalPathPattern', () => {
  it.each([
    ['/api/', '/api'],
    ['/', '/'],
    ['//api//**', '/api/**'],
    ['/Patient/**', '/Patient/**'],
  ])('%s → %s', (pattern, expected) => {
    expect(canonicalPathPattern(pattern)).toBe(expected);
  });
});

describe('canonicalHost', () => {
  it.each([
    ['DB.internal', 'db.internal'],
    ['db.internal.', 'db.internal'],
    ['db.internal.:8080', 'db.internal'],
    ['db.internal:443', 'db.internal'],
    ['[::1]:8080', '[::1]'],
    ['.', '.'],
  ])('%s → %s', (authority, expected) => {
    expect(canonicalHost(authority)).toBe(expected);
  });
});
