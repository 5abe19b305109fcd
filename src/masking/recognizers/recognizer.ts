import type { PhiCategory } from '../phi-category.js';
import type { Span } from '../span.js';
import type { TextTraits } from '../value-detectors.js';

/**
 * One recognizer, declared in one file: what it finds, what leads it, how a candidate is
 * checked and what a string must have before its pattern is worth running. Patterns are
 * linear-time by construction: bounded repetitions, fixed delimiters between repeated groups,
 * no alternation under an unbounded quantifier.
 */
export interface RecognizerDeclaration {
  /** Stable id, shown as the span's rule (`recognizer:<id>`) and used by profiles and `--explain`. */
  readonly id: string;
  readonly category: PhiCategory;
  /** Wins over lower priorities when spans overlap (see `Priority` in span.ts). */
  readonly priority: number;
  /**
   * Context words (lower-case) that lead a value. Their first three letters feed the generic
   * word-cue pre-filter: the pattern runs only on strings where one of them starts a word.
   */
  readonly context: readonly string[];
  /** Cheap test on the string's traits, after the word cue: false means no match is possible. */
  readonly prefilter: (traits: TextTraits) => boolean;
  /** Compiles the patterns once per engine (global patterns carry `lastIndex`, so they are instance state). */
  readonly create: () => RecognizerMatcher;
}

/** Appends the raw spans it finds in `text` to `out`. */
export type RecognizerMatcher = (text: string, out: Span[]) => void;
