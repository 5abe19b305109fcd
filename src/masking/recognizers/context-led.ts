import type { PhiCategory } from '../phi-category.js';
import type { Span } from '../span.js';
import { startsWord } from '../word-start.js';
import type { RecognizerMatcher } from './recognizer.js';

/** A value led by one of its context words: `serial number: AB-1234`, `plate 7XKD221`. */
export interface ContextLedPattern {
  readonly id: string;
  /** Null: the value is kept, its span protected from other recognizers (a provider's NPI). */
  readonly category: PhiCategory | null;
  readonly priority: number;
  /** Alternation of the leading labels (lower-case source; a blank matches one or two blanks or tabs). */
  readonly labels: string;
  /** Source of the value's group (bounded). */
  readonly value: string;
  /** The span to mask inside the matched value, as [start, end) offsets into it, or undefined to drop it. */
  readonly validate: (value: string, label: string) => readonly [number, number] | undefined;
}

/** Compiles a context-led pattern: label, separators (`:`, `#`, `=`, `_`, `-`, ` is `), then the value. */
export function contextLedMatcher(p: ContextLedPattern): RecognizerMatcher {
  const re = new RegExp(
    // The label ends a word ("plate", not "platelets") and the value runs to the end of its shape.
    String.raw`(${p.labels.replaceAll(' ', '[ \\t]{1,2}')})(?![A-Za-z])[ \t]{0,3}(?:[:#=_-][ \t]{0,3})?(?:is[ \t]{1,3})?(${p.value})(?![A-Za-z0-9])`,
    'gi',
  );
  const rule = `recognizer:${p.id}`;
  return (text: string, out: Span[]): void => {
    re.lastIndex = 0;
    for (let m = re.exec(text); m !== null; m = re.exec(text)) {
      // The label must start a word ("serial", "visit_serial", "deviceSerial"; not "lserial").
      if (!startsWord(text, m.index)) {
        re.lastIndex = m.index + 1;
        continue;
      }
      const value = m[2]!;
      const range = p.validate(value, m[1]!);
      if (range === undefined) {
        re.lastIndex = m.index + 1;
        continue;
      }
      const base = m.index + m[0].length - value.length;
      out.push({ start: base + range[0], end: base + range[1], category: p.category, rule, priority: p.priority });
    }
  };
}

export function countDigits(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 48 && c <= 57) n++;
  }
  return n;
}
