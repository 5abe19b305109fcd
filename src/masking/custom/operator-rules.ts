import type { PhiCategory } from '../phi-category.js';
import type { Span } from '../span.js';
import type { ExtraRecognizer } from './extra-recognizer.js';
import { TermMatcher } from './term-matcher.js';

/** A deny-list: terms always masked (staff names, a local id scheme's words). */
export interface DenyListDeclaration {
  readonly terms: readonly string[];
  /** @default 'name' */
  readonly category?: PhiCategory;
  readonly profiles?: readonly string[];
}

/** An allow-list: terms never masked in free text (drug, department, product names). */
export interface AllowListDeclaration {
  readonly terms: readonly string[];
  readonly profiles?: readonly string[];
}

/** Above every built-in (URLs are 90): a denied term is masked whatever else claims it. */
export const DENY_PRIORITY = 95;
/** The protected level (span.ts `Priority.protected`): an allowed term blocks what overlaps it. */
export const ALLOW_PRIORITY = 100;

/** Spans for the terms of deny-list `index` (`deny:denyList[index]`). */
export class DenyListRecognizer implements ExtraRecognizer {
  readonly id: string;
  readonly category: PhiCategory;
  readonly priority = DENY_PRIORITY;
  readonly profiles: readonly string[] | undefined;
  private readonly matcher: TermMatcher;

  constructor(declaration: DenyListDeclaration, index: number) {
    this.id = `denyList[${index}]`;
    this.category = declaration.category ?? 'name';
    this.profiles = declaration.profiles;
    this.matcher = new TermMatcher(declaration.terms);
  }

  findAll(text: string, out: Span[]): void {
    const rule = `deny:${this.id}`;
    this.matcher.forEach(text, (start, end) => out.push({ start, end, category: this.category, rule, priority: this.priority }));
  }
}

/**
 * Protected spans for allowed terms: `resolveSpans` lets them block every detection that
 * overlaps them, then drops them, so the term stays and a name glued to it ("Keytruda Smith")
 * keeps its uncovered part as a name.
 */
export class AllowListRecognizer implements ExtraRecognizer {
  readonly id: string;
  readonly category = null;
  readonly priority = ALLOW_PRIORITY;
  readonly profiles: readonly string[] | undefined;
  private readonly matcher: TermMatcher;

  constructor(declaration: AllowListDeclaration, index: number) {
    this.id = `allowList[${index}]`;
    this.profiles = declaration.profiles;
    this.matcher = new TermMatcher(declaration.terms);
  }

  findAll(text: string, out: Span[]): void {
    const rule = `allow:${this.id}`;
    this.matcher.forEach(text, (start, end) => out.push({ start, end, category: null, rule, priority: this.priority }));
  }
}
