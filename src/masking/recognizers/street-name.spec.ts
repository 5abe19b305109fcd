import { describe, expect, it } from 'vitest';
import { createMaskingEngine } from '../masking-engine.js';

const engine = createMaskingEngine({ profiles: [], tokenKey: Buffer.alloc(32, 7) });
const mask = (s: string): string => engine.maskText(s, 'strict').output;

describe('street-name recognizer (a street without a house number or label)', () => {
  it.each([
    ['Her sister lives on Marylebone Road with her.', 'Her sister lives on [REDACTED:ADDRESS] with her.'],
    ['Moved to Elm Grove Lane in March.', 'Moved to [REDACTED:ADDRESS] in March.'],
    ['resides at Kinsale Crescent', 'resides at [REDACTED:ADDRESS]'],
    ['pt_lives on Wexford Close', 'pt_lives on [REDACTED:ADDRESS]'],
  ])('%s', (input, output) => {
    expect(mask(input)).toBe(output);
  });
  it.each(['He lives on the second floor.', 'staying at Mercy Hospital overnight', 'lives on a main road', 'She lives on her own.'])('keeps %s', (input) => {
    expect(mask(input)).toBe(input);
  });
});
