import { describe, expect, it } from 'vitest';
import { newestFirst } from './newest-first.js';

describe('newestFirst', () => {
  it('orders by creation time, newest first, and breaks ties by id', () => {
    const input = [
      { id: 'b', createdAt: 10 },
      { id: 'c', createdAt: 30 },
      { id: 'a', createdAt: 10 },
      { id: 'd', createdAt: 20 },
    ];
    expect(newestFirst(input).map((a) => a.id)).toEqual(['c', 'd', 'a', 'b']);
    expect(newestFirst([...input].reverse()).map((a) => a.id)).toEqual(['c', 'd', 'a', 'b']);
    expect(input.map((a) => a.id)).toEqual(['b', 'c', 'a', 'd']);
  });
});
