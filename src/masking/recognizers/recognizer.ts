import type { PhiCategory } from '../phi-category.js';
import type { Span } from '../span.js';

/**
 * One recognizer, declared in one file: what it finds, what leads it, how a candidate is
 * checked and what a string must have before its pattern is worth running. Patterns are
 * linear-time by construction: bounded repetitions, fixed delimiters between repeated groups,
 * no alternation under an unbounded quantifier.
 */
export interface RecognizerDeclaration {
  /** Stable id (kebab-case): what profiles switch off (`disabledRecognizers`) and `--explain` shows. */
  readonly id: string;
  /**
   * The category of what it finds (phone numbers may turn into `fax` by context: see the file).
   * `null`: what it finds is no PHI and is kept (its spans are protected, as allowed terms are),
   * e.g. `provider-npi`; switching it off leaves that text to the other recognizers.
   */
  readonly category: PhiCategory | null;
  /** Wins over lower priorities when spans overlap (see `Priority` in span.ts). */
  readonly priority: number;
  /** The rule its spans carry into the masking summary (`value:ssn`, `recognizer:device-serial`). */
  readonly rule: string;
  /**
   * What a string must have for a match to be possible: a necessary condition, never a
   * decision (with every pre-filter off the spans found are the same; a property test checks
   * it). An array is any one of its alternatives.
   */
  readonly prefilter: Prefilter | readonly Prefilter[];
  /** Compiles the patterns once per registry (global patterns carry `lastIndex`, so they are instance state). */
  readonly create?: () => RecognizerMatcher;
  /**
   * Declarations that share a group are compiled together into one scan (the labelled
   * identifiers: one alternation of every label, so the first label to match at a position
   * wins, as a single pattern reads). The group runs where its first enabled member stands.
   * Exactly one of `create` and `group` is set.
   */
  readonly group?: RecognizerGroup;
}

/** Appends the raw spans it finds in `text` to `out`. */
export type RecognizerMatcher = (text: string, out: Span[]) => void;

/** Members compiled together; `create` gets the enabled members, in registry order. */
export interface RecognizerGroup {
  readonly id: string;
  create(members: readonly RecognizerDeclaration[]): RecognizerMatcher;
}

/**
 * The cheap facts a pre-filter can ask for, all found in the registry's one pass over the
 * string (`text-facts.ts`). Every field is a "has at least"; all given fields must hold.
 */
export interface Prefilter {
  /** ASCII digits, in all. */
  readonly digits?: number;
  /** The longest run of consecutive ASCII digits. */
  readonly digitRun?: number;
  /** The longest run of `[A-Z0-9]` (a VIN has 17). */
  readonly upperAlnumRun?: number;
  /** The longest run between token boundaries (blanks, quotes, brackets, `,` and `;`). */
  readonly tokenRun?: number;
  /** A capital letter (any script). */
  readonly upper?: boolean;
  /** At least `min` (default 1) occurrences, in all, of the characters of `set` (ASCII, neither letters nor digits). */
  readonly chars?: { readonly set: string; readonly min?: number };
  /** A digit run of this shape. */
  readonly shape?: DigitShape;
  /** One of these words starts a word (after a non-letter or at a camelCase joint). */
  readonly words?: WordCue;
  /** One of these strings occurs (ASCII letters in any case). Checked last: the only test that is not a table lookup. */
  readonly substrings?: readonly string[];
}

/**
 * A maximal run of ASCII digits whose length is in `run`; if `after` is set, followed by one of
 * its characters; then (optional) `then`, a character of that set, or `next`, a maximal digit
 * run whose length is in that range ("3 digits, `-` or a blank, 2 digits": an SSN's start).
 */
export interface DigitShape {
  readonly run: readonly [number, number];
  readonly after?: string;
  readonly then?: string;
  readonly next?: readonly [number, number];
}

/**
 * Context words a match starts with. Only their first letter run counts, cut to three
 * letters ("medical record" -> `med`, "s/n" -> `s`, which must then stand alone), and a word
 * starts where a letter follows a non-letter or at a camelCase joint. `case`: `any` (the
 * default), `capitalised` (the first letter is a capital: "Jan", not "jan"), or `exact`
 * (the whole letter run is one of the words, case and all: state codes).
 */
export interface WordCue {
  readonly list: readonly string[];
  readonly case?: 'any' | 'capitalised' | 'exact';
}
