import type { MaskingSummary } from './masking-summary.js';
import { emptyMaskingSummary } from './masking-summary.js';
import type { PhiCategory } from './phi-category.js';
import type { ReplaceHint, Replacer } from './replacer.js';

/** One masking run: the profile's replacer plus the summary it fills (counts only, never values). */
export class MaskContext {
  readonly summary: MaskingSummary = emptyMaskingSummary();

  constructor(private readonly replacer: Replacer) {}

  /** The replacement for `original` (or `original` itself when the profile keeps the category). */
  apply(category: PhiCategory, original: string, rule: string, hint?: ReplaceHint): string {
    const replacement = this.replacer.replace(category, original, hint);
    if (replacement === undefined) return original;
    const s = this.summary;
    s.categories[category] = (s.categories[category] ?? 0) + 1;
    s.rules[rule] = (s.rules[rule] ?? 0) + 1;
    s.total += 1;
    return replacement;
  }
}
