import { describe, expect, it } from 'vitest';
import { createMaskingEngine } from '../../src/masking/masking-engine.js';

const engine = createMaskingEngine({ profiles: [], tokenKey: Buffer.alloc(32, 1) });

/** Strict-profile masking of free text, as every recognizer spec checks it. */
export const maskStrict = (text: string): string => engine.maskText(text, 'strict').output;

/** The rules a strict masking of `text` counted (`value:ssn`, `recognizer:device-serial`, ...). */
export const rulesOf = (text: string): Record<string, number> => engine.maskText(text, 'strict').summary.rules;

/**
 * A recognizer's table-driven spec: planted shapes (input, strict output) and near misses
 * (inputs kept as they are).
 */
export function recognizerCases(name: string, planted: ReadonlyArray<readonly [string, string]>, nearMisses: readonly string[]): void {
  describe(`${name} recognizer`, () => {
    it.each(planted.map(([a, b]) => [a, b]))('masks %j', (input, output) => {
      expect(maskStrict(input)).toBe(output);
    });
    if (nearMisses.length > 0) {
      it.each(nearMisses.map((s) => [s]))('keeps %j', (input) => {
        expect(maskStrict(input)).toBe(input);
      });
    }
  });
}
