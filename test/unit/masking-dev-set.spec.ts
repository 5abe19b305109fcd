import Chance from 'chance';
import { describe, expect, it } from 'vitest';
import { evaluate } from './masking-eval-harness.js';
import { proseDoc } from './masking-eval-prose.js';

/**
 * The dev set: the same prose templates as held-out part 2, with a different seed (5151).
 * Detectors may be tuned on what this prints (DEV_DEBUG=1 lists the leaked values and the lost
 * keeps); the held-out corpus (masking-eval-corpus.spec.ts) is only measured, so its figures
 * stay a fair estimate.
 */
describe('masking dev set (prose templates, chance seed 5151)', () => {
  const dev = new Chance(5151);
  const result = evaluate(Array.from({ length: 200 }, () => proseDoc(dev)));
  // eslint-disable-next-line no-console -- the dev table is this test's report
  console.log(`dev set (seed 5151)\n${result.table}${process.env.DEV_DEBUG !== undefined ? `\nleaked:\n${result.leakedValues.join('\n')}\nlost:\n${[...new Set(result.lostKeeps)].join('\n')}` : ''}`);

  it('scores every planted category and keeps some non-PHI (the dev set is for tuning, not a gate)', () => {
    expect(result.byCategory.size).toBeGreaterThanOrEqual(3);
    expect(result.kept).toBeGreaterThan(0);
  });
});
