import type { MaskingSummary } from './masking-summary.js';
import { emptyMaskingSummary } from './masking-summary.js';
import type { PhiCategory } from './phi-category.js';
import type { ReplaceHint, Replacer } from './replacer.js';

/** One masking run: the profile's replacer plus the summary it fills (counts only, never values). */
export class MaskContext {
  readonly summary: MaskingSummary = emptyMaskingSummary();

  /** While set, every counted replacement is also appended here (category, rule, category, rule, ...). */
  private log: string[] | undefined;

  constructor(private readonly replacer: Replacer) {}

  /** Starts recording what `apply` counts, so a memoised result can count again via `replay`. */
  record(into: string[] | undefined): void {
    this.log = into;
  }

  /** Counts the replacements of a recorded log once more (the same value met again). */
  replay(log: readonly string[]): void {
    const s = this.summary;
    for (let i = 0; i < log.length; i += 2) {
      const category = log[i]!;
      const rule = log[i + 1]!;
      s.categories[category] = (s.categories[category] ?? 0) + 1;
      s.rules[rule] = (s.rules[rule] ?? 0) + 1;
      s.total += 1;
    }
  }

  /** The replacement for `original` (or `original` itself when the profile keeps the category). */
  apply(category: PhiCategory, original: string, rule: string, hint?: ReplaceHint): string {
    const replacement = this.replacer.replace(category, original, hint);
    if (replacement === undefined) return original;
    const s = this.summary;
    s.categories[category] = (s.categories[category] ?? 0) + 1;
    s.rules[rule] = (s.rules[rule] ?? 0) + 1;
    s.total += 1;
    if (this.log !== undefined) this.log.push(category, rule);
    return replacement;
  }
}
