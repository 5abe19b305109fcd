import { createMaskingEngine } from '../../src/masking/masking-engine.js';
import type { PhiCategory } from '../../src/masking/phi-category.js';

/** One planted PHI value and the category it is scored under. */
export interface EvalItem {
  value: string;
  category: PhiCategory;
}
/** One evaluation document: its body, the PHI planted in it and the non-PHI text that must survive. */
export interface EvalDoc {
  kind: 'json' | 'text';
  body: string;
  phi: EvalItem[];
  keep: string[];
}
export interface EvalResult {
  byCategory: Map<string, { planted: number; leaked: number }>;
  overall: number;
  kept: number;
  table: string;
  leakedValues: string[];
  lostKeeps: string[];
}

const escapeRe = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const present = (haystack: string, value: string): boolean => new RegExp(`(?<![A-Za-z0-9])${escapeRe(value)}(?![A-Za-z0-9])`).test(haystack);

/** Masks every document in strict mode and scores recall per category and the share of non-PHI kept. */
export function evaluate(docs: readonly EvalDoc[]): EvalResult {
  const engine = createMaskingEngine({ profiles: [], tokenKey: Buffer.alloc(32, 10) });
  const byCategory = new Map<string, { planted: number; leaked: number }>();
  let keepTotal = 0;
  const lostKeeps: string[] = [];
  const leakedValues: string[] = [];
  for (const d of docs) {
    const { output } = engine.maskBody(d.body, d.kind, 'strict');
    for (const item of d.phi) {
      const c = byCategory.get(item.category) ?? { planted: 0, leaked: 0 };
      byCategory.set(item.category, c);
      c.planted++;
      if (present(output, item.value)) {
        c.leaked++;
        leakedValues.push(`${item.category}: ${item.value}`);
      }
    }
    for (const k of d.keep) {
      keepTotal++;
      if (!output.includes(k)) lostKeeps.push(k);
    }
  }
  const planted = [...byCategory.values()].reduce((a, c) => a + c.planted, 0);
  const leaked = [...byCategory.values()].reduce((a, c) => a + c.leaked, 0);
  const recallOf = (c: { planted: number; leaked: number }): number => 1 - c.leaked / c.planted;
  const overall = 1 - leaked / planted;
  const kept = 1 - lostKeeps.length / keepTotal;
  const table = [
    'category            planted  leaked  recall',
    ...[...byCategory.entries()].sort().map(([k, c]) => `${k.padEnd(20)}${String(c.planted).padStart(7)}${String(c.leaked).padStart(8)}  ${recallOf(c).toFixed(4)}`),
    `overall recall ${overall.toFixed(4)} (${planted - leaked}/${planted}); non-PHI kept ${kept.toFixed(4)} (${keepTotal - lostKeeps.length}/${keepTotal})`,
  ].join('\n');
  return { byCategory, overall, kept, table, leakedValues, lostKeeps };
}

/** Recall of one category (1 when nothing of it was planted). */
export function recallOf(result: EvalResult, category: string): number {
  const c = result.byCategory.get(category);
  return c === undefined ? 1 : 1 - c.leaked / c.planted;
}
