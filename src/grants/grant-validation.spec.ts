import { describe, expect, it } from 'vitest';
import { randomId } from './grant-validation.js';

describe('randomId', () => {
  it('is 22 URL-safe characters that never start like a command-line option', () => {
    const ids = Array.from({ length: 20_000 }, () => randomId());
    for (const id of ids) expect(id).toMatch(/^[A-Za-z0-9][A-Za-z0-9_-]{21}$/);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
