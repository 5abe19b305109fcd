import type { MaskingSummary } from './masking-summary.js';
import { emptyMaskingSummary } from './masking-summary.js';
import type { PhiCategory } from './phi-category.js';
import type { ReplaceHint, Replacer } from './replacer.js';

/** Told of one replacement: its category, the rule that made it and the original text. */
export type MaskObserver = (category: PhiCategory, rule: string, original: string) => void;

/** One masking run: the profile's replacer plus the summary it fills (counts only, never values). */
export class MaskContext {
  /**
   * Counts so far, one mutable cell per category and rule: per masked value a Map hit and an
   * increment, not a keyed update of two dictionary-mode objects.
   */
  private readonly categoryTallies = new Map<string, Tally>();
  private readonly ruleTallies = new Map<string, Tally>();
  private total = 0;

  /** While set, every counted replacement is also appended here (category, rule, category, rule, ...). */
  private log: string[] | undefined;

  /** `onMasked`: told of every replacement made (`wardgate mask --explain`); never set in the server. */
  constructor(
    private readonly replacer: Replacer,
    private readonly onMasked?: MaskObserver,
  ) {}

  /** Starts recording what `apply` counts, so a memoised result can count again via `replay`. */
  record(into: string[] | undefined): void {
    this.log = into;
  }

  /** Counts the replacements of a recorded log once more (the same value met again). */
  replay(log: readonly string[]): void {
    for (let i = 0; i < log.length; i += 2) this.count(log[i]!, log[i + 1]!);
  }

  /** Counts by category and rule, totals included (everything counted so far): a fresh object; reading changes nothing. */
  summary(): MaskingSummary {
    const s = emptyMaskingSummary();
    for (const [key, t] of this.categoryTallies) s.categories[key] = t.n;
    for (const [key, t] of this.ruleTallies) s.rules[key] = t.n;
    s.total = this.total;
    return s;
  }

  /** The replacement for `original` (or `original` itself when the profile keeps the category). */
  apply(category: PhiCategory, original: string, rule: string, hint?: ReplaceHint): string {
    const replacement = this.replacer.replace(category, original, hint);
    if (replacement === undefined) return original;
    this.onMasked?.(category, rule, original);
    this.count(category, rule);
    if (this.log !== undefined) this.log.push(category, rule);
    return replacement;
  }

  private count(category: string, rule: string): void {
    tally(this.categoryTallies, category).n++;
    tally(this.ruleTallies, rule).n++;
    this.total++;
  }
}

interface Tally {
  n: number;
}

function tally(tallies: Map<string, Tally>, key: string): Tally {
  let t = tallies.get(key);
  if (t === undefined) {
    t = { n: 0 };
    tallies.set(key, t);
  }
  return t;
}
