import { ErrorCode, WardgateError } from '../../errors/wardgate-error.js';
import type { PhiCategory } from '../phi-category.js';
import type { Span } from '../span.js';
import type { CheckDigitScheme } from './check-digits.js';
import { checkDigitValid } from './check-digits.js';
import type { ExtraRecognizer } from './extra-recognizer.js';
import type { LinearPattern } from './linear-pattern.js';
import { compileLinearPattern, parseLinearPattern } from './linear-pattern.js';
import { termsRegExp } from './term-matcher.js';

/** What an operator declares for one recognizer (the config schema's output). */
export interface CustomRecognizerDeclaration {
  readonly id: string;
  readonly category: PhiCategory;
  readonly patterns: readonly string[];
  /** Words one of which must occur within `contextWindow` characters before or after a match. */
  readonly context?: readonly string[];
  /** @default 40 */
  readonly contextWindow?: number;
  readonly validate?: {
    readonly checkDigit?: CheckDigitScheme;
    /** Length of the value without blanks and `-`. */
    readonly length?: { readonly min?: number; readonly max?: number };
  };
  /** @default DEFAULT_CUSTOM_PRIORITY (below every built-in detector) */
  readonly priority?: number;
  /** Only under these masking profiles; absent: under every profile. */
  readonly profiles?: readonly string[];
  /** @default false */
  readonly ignoreCase?: boolean;
}

/** Below the built-ins' lowest (names, 30): a built-in that finds the same text keeps its category. */
export const DEFAULT_CUSTOM_PRIORITY = 20;
export const DEFAULT_CONTEXT_WINDOW = 40;

interface CompiledPattern {
  readonly pattern: LinearPattern;
  readonly re: RegExp;
  readonly rule: string;
}

/** A declaration compiled once: patterns checked linear and built, context words in one regex. */
export class CustomRecognizer implements ExtraRecognizer {
  readonly id: string;
  readonly category: PhiCategory;
  readonly priority: number;
  readonly profiles: readonly string[] | undefined;
  private readonly patterns: readonly CompiledPattern[];
  private readonly context: RegExp | undefined;
  private readonly window: number;

  constructor(private readonly declaration: CustomRecognizerDeclaration) {
    this.id = declaration.id;
    this.category = declaration.category;
    this.priority = declaration.priority ?? DEFAULT_CUSTOM_PRIORITY;
    this.profiles = declaration.profiles;
    this.window = declaration.contextWindow ?? DEFAULT_CONTEXT_WINDOW;
    this.patterns = declaration.patterns.map((source, i) => {
      let pattern: LinearPattern;
      try {
        pattern = parseLinearPattern(source);
      } catch (err) {
        // The caller names the field (`...patterns[i]`); the reason and position stay.
        throw new WardgateError(ErrorCode.InvalidArgument, WardgateError.from(err).message, { details: { patternIndex: i } });
      }
      return { pattern, re: compileLinearPattern(pattern, declaration.ignoreCase ?? false), rule: `custom:${declaration.id}/patterns[${i}]` };
    });
    const words = declaration.context ?? [];
    this.context = words.length === 0 ? undefined : termsRegExp(words);
  }

  /** The pattern sources, for `--explain`. */
  patternSource(index: number): string | undefined {
    return this.declaration.patterns[index];
  }

  findAll(text: string, out: Span[]): void {
    for (const p of this.patterns) {
      if (text.length < p.pattern.minLength) continue;
      if (p.pattern.requiredLiteral.length > 1 && !this.declaration.ignoreCase && !text.includes(p.pattern.requiredLiteral)) continue;
      const re = p.re;
      re.lastIndex = 0;
      for (let m = re.exec(text); m !== null; m = re.exec(text)) {
        const range = m.indices?.groups?.['value'] ?? [m.index, m.index + m[0].length];
        const [start, end] = range;
        if (end > start && this.valid(text.slice(start, end)) && this.hasContext(text, start, end)) {
          out.push({ start, end, category: this.category, rule: p.rule, priority: this.priority });
        } else {
          // A rejected candidate may hide a valid one that starts inside it.
          re.lastIndex = m.index + 1;
        }
      }
    }
  }

  /** The whole of `value` (blanks around it aside) is one valid match: context is not asked (a structure such as a FHIR Identifier is the context). */
  matchesWhole(value: string): boolean {
    const text = value.trim();
    for (const p of this.patterns) {
      if (text.length < p.pattern.minLength || text.length > p.pattern.maxLength) continue;
      p.re.lastIndex = 0;
      const m = p.re.exec(text);
      if (m !== null && m.index === 0 && m[0].length === text.length && this.valid(m.indices?.groups?.['value'] ? text.slice(...m.indices.groups['value']) : text)) return true;
    }
    return false;
  }

  private valid(value: string): boolean {
    const v = this.declaration.validate;
    if (v === undefined) return true;
    if (v.length !== undefined) {
      const n = value.replace(/[\s-]/g, '').length;
      if ((v.length.min !== undefined && n < v.length.min) || (v.length.max !== undefined && n > v.length.max)) return false;
    }
    return v.checkDigit === undefined || checkDigitValid(v.checkDigit, value);
  }

  private hasContext(text: string, start: number, end: number): boolean {
    const re = this.context;
    if (re === undefined) return true;
    re.lastIndex = 0;
    if (re.test(text.slice(Math.max(0, start - this.window), start))) return true;
    re.lastIndex = 0;
    return re.test(text.slice(end, end + this.window));
  }
}
