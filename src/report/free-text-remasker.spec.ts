import { describe, expect, it } from 'vitest';
import { createMaskingEngine } from '../masking/masking-engine.js';
import { createFreeTextRemasker, percentDecode } from './free-text-remasker.js';

const remasker = createFreeTextRemasker(createMaskingEngine({ profiles: [], tokenKey: Buffer.alloc(32, 1) }));

describe('createFreeTextRemasker', () => {
  it.each([
    ['/Patient/219-09-9999', '/Patient/[REDACTED:SSN]'],
    ['/Patient?name=Hildegard%20Oosterhuis', '/Patient?name=[REDACTED:NAME]'],
    ['/Patient/Hildegard+Oosterhuis', '/Patient/[REDACTED:NAME]'],
    ['/p/h.oosterhuis%40example.com', '/p/[REDACTED:EMAIL]'],
    ['/x/219%2D09%2D9999', '/x/[REDACTED:SSN]'],
    ['/x/%2532%2531%2539-09-9999', '/x/[REDACTED:SSN]'],
    ['GET /Patient?phone=%28617%29%20555-0142', 'GET /Patient?phone=[REDACTED:PHONE]'],
    ['ok for Hildegard Oosterhuis, SSN 219-09-9999', 'ok for [REDACTED:NAME], SSN [REDACTED:SSN]'],
    // Already masked, or PHI-free: shown as recorded, encoding included.
    ['/Patient/[REDACTED:ID]', '/Patient/[REDACTED:ID]'],
    ['/metadata?_format=json%20x', '/metadata?_format=json%20x'],
    ['SELECT 1+1', 'SELECT 1+1'],
  ])('%s → %s', (input, shown) => {
    expect(remasker.remask(input)).toBe(shown);
    // Memoised: the same answer again.
    expect(remasker.remask(input)).toBe(shown);
  });

  it('passes undefined and the empty string through', () => {
    expect(remasker.remask(undefined)).toBeUndefined();
    expect(remasker.remask('')).toBe('');
  });
});

describe('percentDecode', () => {
  it.each([
    ['a%20b', 'a b'],
    ['a+b', 'a b'],
    ['%E2%82%AC', '€'],
    ['%E2%82', '%E2%82'],
    ['%41%E2', 'A%E2'],
    ['100%', '100%'],
    ['%zz', '%zz'],
  ])('%s → %s', (input, decoded) => expect(percentDecode(input)).toBe(decoded));
});
