import { describe, expect, it } from 'vitest';
import { VerifiedTokenCache, type VerifiedToken } from './verified-token-cache.js';

const keySet = { freshGeneration: () => 1 };
const entry = (n: number): VerifiedToken<number> => ({ verification: n, exp: 2_000_000_000, keySet, keysGeneration: 1 });

describe('VerifiedTokenCache', () => {
  it('keys by the SHA-256 of the token, never the token itself', () => {
    const token = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl';
    const key = VerifiedTokenCache.keyOf(token);
    expect(key).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(key).not.toContain(token.slice(0, 10));
    expect(VerifiedTokenCache.keyOf(token)).toBe(key);
    expect(VerifiedTokenCache.keyOf(`${token}x`)).not.toBe(key);
  });

  it('holds at most maxEntries, evicting the least recently used', () => {
    const cache = new VerifiedTokenCache<number>(2);
    cache.set('a', entry(1));
    cache.set('b', entry(2));
    expect(cache.get('a')?.verification).toBe(1); // a is now the most recent
    cache.set('c', entry(3));
    expect(cache.size).toBe(2);
    expect(cache.get('b')).toBeUndefined();
    expect(cache.get('a')?.verification).toBe(1);
    expect(cache.get('c')?.verification).toBe(3);
  });

  it('stores nothing when its size is 0', () => {
    const cache = new VerifiedTokenCache<number>(0);
    cache.set('a', entry(1));
    expect(cache.get('a')).toBeUndefined();
    expect(cache.size).toBe(0);
  });

  it('forgets a deleted entry', () => {
    const cache = new VerifiedTokenCache<number>(4);
    cache.set('a', entry(1));
    cache.delete('a');
    expect(cache.get('a')).toBeUndefined();
  });
});
