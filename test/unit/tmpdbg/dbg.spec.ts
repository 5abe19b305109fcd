import fc from 'fast-check';
import { it } from 'vitest';
import { createMaskingEngine } from '../../../src/masking/masking-engine.js';
const engine = createMaskingEngine({ profiles: [], tokenKey: Buffer.alloc(32, 4) });
it('dbg', () => {
  let total = 0; let worst = 0; let ws = ''; let n = 0;
  const t0 = performance.now();
  fc.assert(fc.property(fc.oneof(fc.string(), fc.string({ unit: 'grapheme' }), fc.string({ unit: 'binary-ascii' })), fc.constantFrom('strict', 'research', 'joinable'), (s, p) => {
    const t = performance.now(); engine.maskText(s, p); const d = performance.now() - t; total += d; n++; if (d > worst) { worst = d; ws = s; }
  }), { numRuns: 300 });
  console.log('n', n, 'engine total', total.toFixed(1), 'wall', (performance.now() - t0).toFixed(1), 'worst', worst.toFixed(1), JSON.stringify(ws));
});
